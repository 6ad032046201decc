#!/usr/bin/env bash
# Builds the libFuzzer targets of the Fuzz/ package and fuzzes the wire frame decoder (Fuzz/README.md).
#
# Usage: scripts/fuzz.sh [SECONDS] [FUZZER...]
#   SECONDS  fuzzing time for each fuzzer (default 60); 0 only replays Fuzz/Regressions.
#   FUZZER   FrameDecoderFuzzer and/or ControlBodyFuzzer (default: both, one after the other).
#
# 1. Builds Fuzz/ in release for libFuzzer and AddressSanitizer into Fuzz/.build (never the root's .build).
# 2. Runs every fuzzer once on each file of Fuzz/Regressions (inputs that crashed once).
# 3. Fuzzes each for SECONDS on a temporary copy of Fuzz/Corpus/<Name>/, so the committed corpus stays as is.
# Exits 1 when a fuzzer crashes (broken property, trap, timeout, out of memory) and prints the saved input.
# Works from any directory; CI=true changes nothing (only TMPDIR is read, for the corpus copy).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly root
readonly package="$root/Fuzz"
readonly scratch="$package/.build"
readonly all_fuzzers=(FrameDecoderFuzzer ControlBodyFuzzer)

usage() {
    sed -n '4,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
shift || true
fuzzers=("$@")
if ((${#fuzzers[@]} == 0)); then fuzzers=("${all_fuzzers[@]}"); fi
for fuzzer in "${fuzzers[@]}"; do
    [[ " ${all_fuzzers[*]} " == *" $fuzzer "* ]] || { echo "unknown fuzzer: $fuzzer" >&2; usage; }
done

# The Swift runtime's backtracer installs signal handlers before libFuzzer starts, and libFuzzer then keeps
# them instead of its own: a trap would end the process without libFuzzer saving the input.
export SWIFT_BACKTRACE=enable=no

started=$SECONDS
# SwiftPM's --sanitize=fuzzer links libFuzzer's main (no `<Target>_main` renaming); -Xswiftc adds AddressSanitizer
# to every Swift target. Not `--sanitize=fuzzer --sanitize=address`: SwiftPM passes two -sanitize= flags in a
# random order, swiftc keeps only the last, and some builds then have no coverage instrumentation at all.
build=(swift build -c release --package-path "$package" --scratch-path "$scratch"
    --sanitize=fuzzer -Xswiftc "-sanitize=fuzzer,address")
echo "==> ${build[*]}"
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)"
echo "==> built in $((SECONDS - started)) s: $bin"

artifacts="$scratch/fuzz-artifacts/$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d "${TMPDIR:-/tmp}/polestage-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Prints a saved input: path, size, and its bytes in hex (to paste into a test or Fuzz/Regressions).
show_input() {
    local file="$1" size
    size="$(wc -c <"$file" | tr -d ' ')"
    echo "    $file ($size bytes)"
    if ((size <= 4096)); then
        echo "    hex: $(od -An -v -tx1 "$file" | tr -d ' \n')"
    fi
}

failed=0
regressions=()
if [[ -d "$package/Regressions" ]]; then
    while IFS= read -r -d '' file; do regressions+=("$file"); done \
        < <(find "$package/Regressions" -type f ! -name '*.md' -print0 | sort -z)
fi
if ((${#regressions[@]} == 0)); then
    echo "==> no input in Fuzz/Regressions"
fi
for fuzzer in "${fuzzers[@]}"; do
    ((${#regressions[@]} > 0)) || break
    echo "==> $fuzzer: ${#regressions[@]} regression inputs"
    status=0
    "$bin/$fuzzer" "${regressions[@]}" >"$work/$fuzzer-regressions.log" 2>&1 || status=$?
    if ((status != 0)); then
        failed=1
        tail -n 40 "$work/$fuzzer-regressions.log"
        echo "!!! $fuzzer crashed on a regression input (the last 'Running:' line above names it), status $status"
    fi
done

if ((seconds == 0)); then
    echo "==> no fuzzing (SECONDS is 0); total $((SECONDS - started)) s"
    exit "$failed"
fi

# Left out of the terminal (kept in the log): each new input, new function, and the recommended dictionary.
noise='^#[0-9]+[[:space:]]+(NEW|REDUCE)[[:space:]]|^[[:space:]]+NEW_FUNC|# Uses: [0-9]+$'
for fuzzer in "${fuzzers[@]}"; do
    corpus="$work/${fuzzer%Fuzzer}"
    mkdir -p "$corpus" "$artifacts/$fuzzer"
    cp "$package/Corpus/${fuzzer%Fuzzer}/"* "$corpus/"
    log="$artifacts/$fuzzer.log"
    echo "==> $fuzzer: fuzzing for $seconds s, full log in $log"
    set +e
    "$bin/$fuzzer" "$corpus" -max_total_time="$seconds" -max_len=70000 -timeout=10 \
        -artifact_prefix="$artifacts/$fuzzer/" -print_final_stats=1 2>&1 \
        | tee "$log" | grep --line-buffered -v -E "$noise"
    status=${PIPESTATUS[0]}
    set -e
    saved=()
    while IFS= read -r -d '' file; do saved+=("$file"); done \
        < <(find "$artifacts/$fuzzer" -type f ! -name 'slow-unit-*' -print0 | sort -z)
    if grep -q 'Is the code instrumented for coverage' "$log"; then
        failed=1
        echo "!!! $fuzzer: libFuzzer saw no coverage: the build lacks -sanitize=fuzzer instrumentation"
    fi
    if ((status != 0 || ${#saved[@]} > 0)); then
        failed=1
        echo "!!! $fuzzer failed with status $status; libFuzzer saved:"
        for file in "${saved[@]}"; do show_input "$file"; done
        echo "    Keep it as a regression: cp <file> $package/Regressions/$fuzzer-<what-it-shows>"
    else
        echo "==> $fuzzer: $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    fi
done

echo "==> total $((SECONDS - started)) s"
exit "$failed"
