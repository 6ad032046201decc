#!/usr/bin/env python3
"""Compares the output of benchmark runs against the targets in Benchmarks/Thresholds/targets.json.

    Benchmarks/.build/release/TransportBenchmarks 3 | tee transport.txt
    scripts/check-benchmarks.py transport.txt [more outputs...]

Each target names its benchmark and how to find its figure in that benchmark's output. A target whose figure is not
in any of the outputs given is listed as not run; one whose figure misses it fails the check (exit 1). When a figure
appears in several outputs (alternated runs), each is checked.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = ROOT / "Benchmarks" / "Thresholds" / "targets.json"


def figures(target, text):
    """Every figure of `target` in `text`: one per run (a run starts at each match of its section)."""
    lines = text.splitlines()
    section = re.compile(target["section"]) if "section" in target else None
    pattern = re.compile(target["pattern"])
    found = []
    searching = section is None
    for line in lines:
        if section is not None and section.search(line):
            searching = True
            continue
        if searching:
            match = pattern.search(line)
            if match:
                found.append(float(match.group(1)))
                # Without a section, every match counts; with one, the first after each section does.
                searching = section is None
    return found


def check(target, value):
    if "at_least" in target:
        return value >= target["at_least"], f"≥ {target['at_least']:g}"
    return value <= target["at_most"], f"≤ {target['at_most']:g}"


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    targets = json.loads(THRESHOLDS.read_text(encoding="utf-8"))["targets"]
    text = "\n".join(Path(path).read_text(encoding="utf-8", errors="replace") for path in paths)
    failed = 0
    for target in targets:
        values = figures(target, text)
        if not values:
            print(f"not run  {target['target']}  ({target['benchmark']})")
            continue
        for value in values:
            ok, bound = check(target, value)
            failed += 0 if ok else 1
            print(f"{'ok    ' if ok else 'MISSED'}   {target['target']}: {value:g} (target {bound})")
    if failed:
        print(f"{failed} figure(s) missed their target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
