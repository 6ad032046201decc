#!/usr/bin/env bash
# Fails when the Python client's committed generated code differs from what the .proto files under Proto/ give:
# Clients/python/polestage/_generated/ (protoc's _pb2 modules and .pyi, the typed stubs) and the re-exports at the
# proto paths (polestage/<package>/v1/*_pb2.py). It regenerates everything into a temporary folder with
# Clients/python/scripts/generate.sh, then compares, naming each stale, missing or leftover file.
#
#   bash scripts/check-python-generated.sh [PYTHON]     # a Python with grpcio-tools; python3 by default
#
# The comparison is byte for byte when PYTHON's grpcio-tools writes the same protobuf gencode version as the committed
# code (the `# Protobuf Python Version:` line; generate.sh names the grpcio-tools release). Another release (CI installs
# the latest) rewrites protoc's boilerplate (that version line, the version ValidateProtobufRuntimeVersion checks) and
# may annotate the .pyi differently (`bool` or `Optional[bool]`), though the .proto files have not changed; the
# committed version also sets the oldest protobuf runtime the client supports (pyproject.toml), so the code is not
# regenerated with whatever release is newest. Then the _pb2 modules are compared by what the .proto files decide:
# each module's serialized descriptor, its imports and the module name it gives its classes, and each .pyi's classes,
# fields and constructor arguments. Everything else (stubs.py, the health module, the re-exports, the __init__.py files)
# is compared byte for byte either way: generate.sh and generate_stubs.py write it, not protoc.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${1:-python3}"

if ! "$python" -c 'import grpc_tools.protoc' 2>/dev/null; then
    echo "$python cannot import grpc_tools: pip install grpcio-tools (or pass a Python that has it)" >&2
    exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash "$root/Clients/python/scripts/generate.sh" "$python" "$tmp" >/dev/null

"$python" - "$root" "$tmp" <<'PYTHON'
import ast
import difflib
import re
import sys
from pathlib import Path

repository, fresh_root = Path(sys.argv[1]), Path(sys.argv[2])
committed, fresh = repository / "Clients/python/polestage", fresh_root / "polestage"
VERSION = re.compile(r"^# Protobuf Python Version: (.*)$", re.M)


def files(base: Path, top: str) -> set:
    return {
        path.relative_to(base).as_posix()
        for path in (base / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def version(path: Path):
    found = VERSION.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return found and found.group(1)


def module_facts(text: str) -> dict:
    """What the .proto files decide in protoc's _pb2 module."""
    tree = ast.parse(text)
    facts = {"descriptor": None, "module name": None, "imports": []}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "AddSerializedFile":
                facts["descriptor"] = node.args[0].value
            elif node.func.attr == "BuildTopDescriptorsAndMessages":
                facts["module name"] = node.args[1].value
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            facts["imports"].append(ast.dump(node))
    facts["imports"].sort()
    return facts


def stub_shape(text: str) -> dict:
    """What the .proto files decide in protoc's .pyi: its imports of this client's modules, and each class with its
    fields, constants and methods' argument names (not their annotations)."""

    def shape(node) -> list:
        out = []
        for item in node.body:
            if isinstance(item, ast.ClassDef):
                out.append(("class", item.name, shape(item)))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                out.append(("name", item.target.id))
            elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = item.args.posonlyargs + item.args.args + item.args.kwonlyargs
                out.append(("def", item.name, [argument.arg for argument in arguments]))
            elif isinstance(item, ast.ImportFrom) and (item.module or "").startswith("polestage"):
                out.append(("import", ast.dump(item)))
        return out

    return {"classes, fields or imports": shape(ast.parse(text))}


tops = sorted(path.name for path in fresh.iterdir() if path.is_dir())
wanted = set().union(*(files(fresh, top) for top in tops))
present = set().union(*(files(committed, top) for top in tops if (committed / top).is_dir()))
# A package of _pb2 modules that generate.sh no longer writes (a .proto removed from its list).
for path in sorted(committed.iterdir()):
    if path.is_dir() and path.name not in tops and any(path.rglob("*_pb2.py")):
        present |= files(committed, path.name)

def versions(base: Path) -> set:
    return {version(base / name) for name in wanted if name.endswith("_pb2.py")} - {None}


committed_versions, generated_versions = versions(committed), versions(fresh)
exact = committed_versions == generated_versions
problems = []
for name in sorted(wanted | present):
    shown = f"Clients/python/polestage/{name}"
    if name not in present:
        problems.append(f"missing: {shown} is generated from Proto/ but not committed")
        continue
    if name not in wanted:
        problems.append(f"leftover: {shown} is committed but no longer generated")
        continue
    ours, theirs = (committed / name).read_text(encoding="utf-8"), (fresh / name).read_text(encoding="utf-8")
    if ours == theirs:
        continue
    protocs = name.endswith("_pb2.pyi") or (name.endswith("_pb2.py") and VERSION.search(theirs))
    if not exact and protocs:
        facts = module_facts if name.endswith(".py") else stub_shape
        try:
            mine, generated = facts(ours), facts(theirs)
        except (SyntaxError, IndexError, AttributeError) as error:
            problems.append(f"stale: {shown} cannot be read as protoc's code ({error})")
            continue
        differing = [key for key in generated if mine.get(key) != generated[key]]
        if differing:
            problems.append(f"stale: {shown} differs from what Proto/ generates in its {' and '.join(differing)}")
        continue
    diff = list(difflib.unified_diff(
        ours.splitlines(), theirs.splitlines(), f"committed/{name}", f"generated/{name}", lineterm="", n=1
    ))
    # Lines cut at 150 characters: a serialized descriptor is one line of several kilobytes.
    excerpt = "\n".join("    " + (line if len(line) <= 150 else line[:150] + " ...") for line in diff[:30])
    excerpt += "\n    ..." if len(diff) > 30 else ""
    problems.append(f"stale: {shown} differs from what Proto/ generates:\n{excerpt}")

if not exact:
    print(
        f"note: this grpcio-tools writes protobuf {', '.join(sorted(generated_versions))} gencode, the committed code "
        f"is {', '.join(sorted(committed_versions)) or 'of no version'}: the _pb2 modules were compared by their "
        "descriptors, imports and classes, not byte for byte (a grpcio-tools that writes the committed version "
        "compares them exactly)"
    )
if problems:
    print("\n".join(problems), file=sys.stderr)
    print(
        "the Python client's generated code is stale: run `bash Clients/python/scripts/generate.sh PYTHON` with the "
        "grpcio-tools it names, and commit Clients/python/polestage",
        file=sys.stderr,
    )
    sys.exit(1)
print(f"the Python client's generated code is up to date ({len(wanted)} files)")
PYTHON
