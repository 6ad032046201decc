#!/usr/bin/env python3
"""Checks that Package.swift declares exactly what each target imports, and that targets no product vends say
`package`, not `public`.

For every target of the package it reports
  (a) a module that a Swift file of the target imports but that the target does not declare, neither as a target
      nor as a product dependency (it compiles today only because another dependency brings it in transitively);
  (b) a declared dependency that no Swift file of the target imports, unless EXCEPTIONS below names it with a reason.

How it knows the declarations: `swift package dump-package` (JSON, evaluates the manifest, builds nothing) for the
package, and the same for each of its direct dependencies under .build/checkouts to learn which modules each product
vends (a product usually vends one module of its own name, but not always: `GRDB-dynamic` vends `GRDB`). A product
that vends several modules counts as imported when any of them is. The dependencies must be resolved first
(`swift package resolve`; any `swift build` does it).

How it knows the imports: every `.swift` file under the target's folder (Sources/<target>, Tests/<target>, or the
declared path; excluded folders and resources skipped), comments and string literals removed, every form of the
import declaration (`import X`, `@testable import X`, `public import X`, `@preconcurrency internal import X`,
`import struct X.Y`, ...). An import inside `#if canImport(...)` (any branch of that `#if`) is optional: it need not
be declared, but it does count as a use of a declared dependency. Modules of the toolchain and of the system
(SYSTEM_MODULES) are never declared and are ignored.

Usage: scripts/check-imports.py [--package-path DIR] [--scratch-path DIR] [--verbose]
Exit status: 0 when every target agrees with its declarations, 1 when not (each problem on its own line, with the
fix), 2 when the package could not be read.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import subprocess
import sys

# Modules of the Swift toolchain and of the operating systems: never declared in Package.swift.
SYSTEM_MODULES = {
    # Swift's own libraries
    "Swift", "_Concurrency", "_StringProcessing", "_Differentiation", "RegexBuilder", "Observation", "Distributed",
    "Synchronization", "Cxx", "CxxStdlib", "SwiftShims", "SwiftOnoneSupport",
    # Foundation and Dispatch (swift-corelibs on Linux, the SDK on Darwin)
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking", "FoundationXML",
    "CoreFoundation", "Dispatch",
    # test libraries of the toolchain
    "Testing", "XCTest",
    # C libraries of each platform
    "Glibc", "SwiftGlibc", "Musl", "Bionic", "Android", "Darwin", "WASILibc", "WinSDK", "ucrt", "CRT",
    # Apple frameworks (only ever imported under #if canImport or os(...) guards here)
    "os", "ObjectiveC", "CryptoKit", "Network", "Security", "Combine",
    # manifests and plugins
    "PackageDescription", "PackagePlugin",
}

# Declared dependencies that no Swift file of the target imports, on purpose. (target, dependency) -> reason.
# The dependency is spelled as in Package.swift: the target's name, or the product's name.
# Each entry must still be needed: an entry whose dependency is not declared, or is imported after all, is reported.
EXCEPTIONS = {
    ("PoleStageServerTests", "PoleStageCLI"): (
        "executable built before the tests: ExecutableTests and the suites that start a server run `polestage` as a "
        "process"
    ),
    ("PoleStageServerTests", "PoleStageAdmin"): (
        "executable built before the tests: AdminConsoleTests, DataFolderLockTests and ExecutableHelpTests run "
        "`polestage-admin` as a process"
    ),
    ("PoleStageServerTests", "PoleStageWatch"): (
        "executable built before the tests: WatchTests and ExecutableHelpTests run `polestage-watch` as a process"
    ),
}

IMPORT_RE = re.compile(
    r"""^[ \t]*
        (?:(?:@[A-Za-z_][A-Za-z0-9_]*(?:\([^)\n]*\))?|public|package|internal|fileprivate|private|open)[ \t]+)*
        import[ \t]+
        (?:(?:typealias|struct|class|enum|protocol|let|var|func|actor)[ \t]+)?
        ([A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE | re.MULTILINE,
)
DIRECTIVE_RE = re.compile(r"^[ \t]*#(if|elseif|else|endif)\b(.*)$")


def c99name(name):
    """The module name SwiftPM gives a target."""
    module = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return "_" + module if module[:1].isdigit() else module


def strip_comments_and_strings(text):
    """The source with comments and string literals blanked (newlines kept, so line numbers hold)."""
    out = []
    i, n = 0, len(text)

    def blank(chunk):
        out.append(re.sub(r"[^\n]", " ", chunk))

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(text[i:end])
            i = end
        elif text.startswith("/*", i):  # Swift block comments nest
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(text[i:j])
            i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = len(re.match(r"#*", text[i:]).group(0))
            j = i + hashes
            multiline = text.startswith('"""', j)
            quote = '"""' if multiline else '"'
            closing = quote + "#" * hashes
            j += len(quote)
            while j < n:
                if hashes == 0 and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(closing, j):
                    j += len(closing)
                    break
                if not multiline and text[j] == "\n":  # unterminated: stop at the line's end
                    break
                j += 1
            blank(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def scan_imports(path):
    """[(module, line, optional)] for one Swift file; optional: inside an `#if canImport(...)` block."""
    text = strip_comments_and_strings(path.read_text(encoding="utf-8", errors="replace"))
    imports = []
    stack = []  # one bool per open #if: does its condition chain use canImport?
    for number, line in enumerate(text.splitlines(), start=1):
        directive = DIRECTIVE_RE.match(line)
        if directive:
            kind, condition = directive.groups()
            if kind == "if":
                stack.append("canImport" in condition)
            elif kind == "elseif" and stack:
                stack[-1] = stack[-1] or "canImport" in condition
            elif kind == "endif" and stack:
                stack.pop()
            continue
        for statement in line.split(";"):
            match = IMPORT_RE.match(statement)
            if match:
                imports.append((match.group(1), number, any(stack)))
    return imports


def swift_files(root, target):
    """The Swift sources of a target, as SwiftPM finds them."""
    if target.get("path"):
        base = root / target["path"]
    else:
        folders = {"test": ["Tests", "Sources", "Source", "src", "srcs"]}.get(
            target["type"], ["Sources", "Source", "src", "srcs"]
        )
        base = next((root / f / target["name"] for f in folders if (root / f / target["name"]).is_dir()), None)
        if base is None:
            return None
    skipped = [base / e for e in target.get("exclude", [])] + [base / r["path"] for r in target.get("resources", [])]
    if target.get("sources"):
        candidates = [p for s in target["sources"] for p in ([base / s] if (base / s).is_file() else (base / s).rglob("*"))]
    else:
        candidates = base.rglob("*")
    return sorted(
        p
        for p in candidates
        if p.suffix == ".swift" and p.is_file() and not any(p == s or s in p.parents for s in skipped)
    )


def dump_package(path, scratch=None):
    command = ["swift", "package", "--package-path", str(path)]
    if scratch:
        command += ["--scratch-path", str(scratch)]
    result = subprocess.run(command + ["dump-package"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"`{' '.join(command)} dump-package` failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout)


def dependency_folders(root, scratch, manifest):
    """identity -> the folder of each direct dependency of the package."""
    state_file = scratch / "workspace-state.json"
    if not state_file.is_file():
        raise RuntimeError(f"{state_file} is missing: the dependencies are not resolved; run `swift package resolve`")
    state = {d["packageRef"]["identity"]: d for d in json.loads(state_file.read_text())["object"]["dependencies"]}
    folders = {}
    for dependency in manifest["dependencies"]:
        (kind, [details]), = dependency.items()
        identity = details["identity"]
        if kind == "fileSystem":
            folders[identity] = (root / details["path"]).resolve()
            continue
        entry = state.get(identity)
        if entry is None:
            raise RuntimeError(f"{identity} is not resolved (not in {state_file}): run `swift package resolve`")
        state_name = entry["state"]["name"]
        if state_name == "edited":
            folder = root / "Packages" / entry["subpath"]
        elif state_name in ("fileSystem", "local"):
            folder = pathlib.Path(entry["packageRef"]["location"])
        elif state_name == "registryDownload":
            folder = scratch / "registry" / "downloads" / entry["subpath"]
        else:
            folder = scratch / "checkouts" / entry["subpath"]
        if not folder.is_dir():
            raise RuntimeError(f"{folder} is missing: run `swift package resolve`")
        folders[identity] = folder
    return folders


def spell(dependency):
    """How Package.swift spells a declared dependency."""
    if dependency[0] == "product":
        return f'.product(name: "{dependency[1]}", package: "{dependency[2]}")'
    return f'"{dependency[1]}"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-path", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent)
    parser.add_argument("--scratch-path", type=pathlib.Path, help="the package's build folder (default: <package>/.build)")
    parser.add_argument("--verbose", action="store_true", help="print each target's imports and declarations")
    args = parser.parse_args()
    root = args.package_path.resolve()
    scratch = (args.scratch_path or root / ".build").resolve()

    try:
        manifest = dump_package(root)
        folders = dependency_folders(root, scratch, manifest)
        # The manifest of each direct dependency, for the modules its products vend.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            dumps = dict(zip(folders, pool.map(dump_package, folders.values())))
    except (RuntimeError, OSError, json.JSONDecodeError) as error:
        print(f"check-imports: cannot read the package: {error}", file=sys.stderr)
        return 2
    products = {}  # (identity, product) -> set of modules
    vendors = {}  # module -> [(identity, product)]: which product to declare for an undeclared import
    for identity, dump in dumps.items():
        for product in dump["products"]:
            modules = {c99name(t) for t in product["targets"]}
            products[(identity, product["name"])] = modules
            if "library" in product["type"]:
                for module in modules:
                    vendors.setdefault(module, []).append((identity, product["name"]))
    local_targets = {t["name"] for t in manifest["targets"]}
    # The `package:` argument of .product names a dependency by its identity or its name, in any case.
    identities = {identity: identity for identity in dumps}
    identities.update({dump["name"].lower(): identity for identity, dump in dumps.items()})
    # How to spell a dependency in a fix: the last component of its URL or path, as Package.swift does.
    spellings = {}
    for dependency in manifest["dependencies"]:
        (kind, [details]), = dependency.items()
        location = details.get("path") or details["location"].get("remote", [{}])[0].get("urlString", "")
        spellings[details["identity"]] = re.sub(r"\.git$", "", location.rstrip("/").rsplit("/", 1)[-1])

    problems = []
    used_exceptions = set()
    checked = 0
    # Library targets that no product of the package vends: nothing outside the package sees them, so they say
    # `package`, not `public` (an executable target has no clients at all).
    vended = {t for product in manifest["products"] for t in product["targets"]}
    for target in manifest["targets"]:
        if target["type"] != "regular" or target["name"] in vended:
            continue
        for file in swift_files(root, target) or []:
            text = strip_comments_and_strings(file.read_text(encoding="utf-8"))
            for number, line in enumerate(text.split("\n"), start=1):
                # A `public import` is no declaration: a public type's conformance to an imported protocol needs one.
                if re.match(r"\s*(@\w+(\([^)]*\))?\s+)*public\b(?!\s+import\b)", line):
                    problems.append(
                        f"{target['name']}: {file.relative_to(root)}:{number} says `public`, but no product vends the "
                        "target: say `package` (or add the target to a product)"
                    )
    for target in manifest["targets"]:
        if target["type"] in ("system", "binary", "plugin"):
            continue
        name = target["name"]
        files = swift_files(root, target)
        if files is None:
            problems.append(f"{name}: no source folder found (Sources/{name} or Tests/{name}); is its path declared?")
            continue
        checked += 1

        # What the target declares: each dependency with the modules it makes importable.
        declared = []  # [(("target"|"product", name, package), modules)]
        for dependency in target["dependencies"]:
            (kind, details), = dependency.items()
            if kind == "target" or (kind == "byName" and details[0] in local_targets):
                declared.append((("target", details[0], None), {c99name(details[0])}))
            elif kind == "product" or kind == "byName":
                product, package = details[0], (details[1] if kind == "product" else None)
                if package is None:  # a by-name product: the dependency whose product has that name
                    matches = [i for (i, p) in products if p == product]
                    package = matches[0] if matches else None
                identity = identities.get((package or "").lower())
                modules = products.get((identity, product))
                if modules is None:
                    problems.append(f"{name}: declares product {product} of package {package}, which does not exist")
                    modules = set()
                declared.append((("product", product, package), modules))
        declared_modules = {m for _, modules in declared for m in modules}

        imported = {}  # module -> [(file, line, optional)]
        for file in files:
            for module, line, optional in scan_imports(file):
                imported.setdefault(module, []).append((file.relative_to(root), line, optional))
        if args.verbose:
            print(f"{name}: imports {', '.join(sorted(imported)) or 'nothing'}")
            print(f"{' ' * len(name)}  declares {', '.join(spell(d) for d, _ in declared) or 'nothing'}")

        # (a) imported, not declared
        for module, places in sorted(imported.items()):
            if module in SYSTEM_MODULES or module == c99name(name) or module in declared_modules:
                continue
            required = [p for p in places if not p[2]]
            if not required:
                continue  # only under #if canImport(...)
            where = ", ".join(f"{f}:{line}" for f, line, _ in required[:3]) + (
                f" and {len(required) - 3} more" if len(required) > 3 else ""
            )
            if module in local_targets:
                fix = f'add "{module}" to its dependencies'
            elif module in vendors:
                # The product named after the module when there is one (GRDB, not GRDB-dynamic), else every vendor.
                vendors[module] = [v for v in vendors[module] if v[1] == module] or vendors[module]
                fix = " or ".join(
                    f'add .product(name: "{p}", package: "{spellings.get(i, i)}") to its dependencies'
                    for i, p in vendors[module]
                )
            else:
                fix = (
                    "no target of the package and no product of its dependencies vends this module: add the package "
                    "that does, or, if it comes with the toolchain or the system, add it to SYSTEM_MODULES in "
                    "scripts/check-imports.py"
                )
            problems.append(f"{name}: imports {module} ({where}) without declaring it: {fix}")

        # (b) declared, not imported
        for dependency, modules in declared:
            if not modules:
                continue  # a product that does not exist: reported above
            if modules & set(imported):
                if (name, dependency[1]) in EXCEPTIONS:
                    problems.append(
                        f"{name}: EXCEPTIONS in scripts/check-imports.py excuses {dependency[1]} for not being "
                        "imported, but it is imported: remove the entry"
                    )
                    used_exceptions.add((name, dependency[1]))
                continue
            if (name, dependency[1]) in EXCEPTIONS:
                used_exceptions.add((name, dependency[1]))
                if args.verbose:
                    print(f"{' ' * len(name)}  not imported, on purpose: {dependency[1]}: {EXCEPTIONS[(name, dependency[1])]}")
                continue
            vended = "" if modules == {dependency[1]} else f" (module{'s' if len(modules) > 1 else ''} {', '.join(sorted(modules))})"
            problems.append(
                f"{name}: declares {spell(dependency)}{vended} but no file of the target imports it: remove it from "
                "Package.swift, or, if the target needs it without importing it, add it to EXCEPTIONS in "
                "scripts/check-imports.py with the reason"
            )

    for key in sorted(k for k in set(EXCEPTIONS) - used_exceptions if k[0] in local_targets):
        problems.append(
            f"{key[0]}: EXCEPTIONS in scripts/check-imports.py names {key[1]}, which the target does not declare: "
            "remove the entry"
        )

    if problems:
        print(f"check-imports: Package.swift does not match the imports ({len(problems)} problem{'s' if len(problems) > 1 else ''}):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"check-imports: the {checked} targets of Package.swift declare exactly what they import "
        f"({len(used_exceptions)} declared on purpose without an import: see EXCEPTIONS)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
