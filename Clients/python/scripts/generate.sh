#!/usr/bin/env bash
# Regenerates the Python client's generated code from ../../Proto with grpcio-tools' bundled protoc
# (`python -m grpc_tools.protoc`), so that the generated code matches a protobuf runtime of the same release line.
#
#   pip install 'grpcio-tools==1.75.1'      # what the committed code was generated with: protobuf 6.31.1 gencode,
#                                           # hence protobuf>=6.31.1 in pyproject.toml (runtime 7 loads it too)
#   bash Clients/python/scripts/generate.sh [PYTHON] [ROOT]
#
# ROOT (Clients/python by default; scripts/check-python-generated.sh passes a temporary folder) receives:
#
# - polestage/_generated/: everything generated, nothing else. Proto/polestage/<package>/v1/<name>.proto becomes
#   polestage/_generated/<package>/v1/<name>_pb2.py and .pyi, protoc's output with its imports of the other modules
#   (`from polestage.common.v1 import types_pb2`) and the module name it gives the classes rewritten to that folder
#   (`polestage._generated.common.v1`). grpc/health/v1/health.proto goes to _generated/grpc_health/v1/health_pb2.py so
#   as not to shadow grpcio's `grpc` package. That module is not protoc's: protoc's would add grpc.health.v1's messages
#   to protobuf's default descriptor pool, where grpcio-health-checking's grpc_health.v1.health_pb2 adds them too (from
#   another file name), and the second to load would fail with "duplicate symbol". This script writes it instead
#   (protoc's serialized file, loaded into a private pool; its classes made with message_factory.GetMessageClass). Its
#   .pyi is protoc's. _generated/stubs.py, the typed stub of each service, is written by generate_stubs.py from the
#   descriptors of the same protoc run.
# - polestage/<package>/v1/<name>_pb2.py (and polestage/grpc_health/v1/health_pb2.py): one line each, re-exporting
#   the module of _generated/. They are where protoc's code imports the messages from (grpcio stubs generated with
#   --grpc_python_out, other .proto files that import these), and where existing code does.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proto="$(cd "$here/../../Proto" && pwd)"
python="${1:-python3}"
root="${2:-$here}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

packages=(common offers reservations calendar contacts admin placements practice wire)
files=(
    polestage/common/v1/types.proto
    polestage/offers/v1/offers.proto
    polestage/reservations/v1/reservations.proto
    polestage/calendar/v1/calendar.proto
    polestage/contacts/v1/contacts.proto
    polestage/admin/v1/admin.proto
    polestage/placements/v1/placements.proto
    polestage/practice/v1/practice.proto
    polestage/wire/v1/envelope.proto
    grpc/health/v1/health.proto
)
mkdir -p "$out/protoc"
"$python" -m grpc_tools.protoc -I "$proto" --python_out="$out/protoc" --pyi_out="$out/protoc" \
    --descriptor_set_out="$out/descriptors.binpb" --include_imports --include_source_info "${files[@]}"

# Replace the generated trees, never the hand-written modules beside them.
target="$root/polestage"
mkdir -p "$target"
rm -rf "$target/_generated" "$target/grpc_health"
for package in "${packages[@]}"; do rm -rf "$target/$package"; done
"$python" - "$out/protoc" "$target" "${packages[@]}" <<'PYTHON'
import ast
import re
import sys
from pathlib import Path

from google.protobuf import descriptor_pb2

protoc, target, packages = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
generated = target / "_generated"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def package(path: Path) -> None:
    """Empty __init__.py files from `path` up to `target`."""
    while path != target:
        if not (path / "__init__.py").exists():
            write(path / "__init__.py", "")
        path = path.parent


def relocated(text: str, name: str) -> str:
    """protoc's module with its imports of this client's modules, and its classes' module name, under _generated."""
    text = re.sub(r"^from polestage\.", "from polestage._generated.", text, flags=re.M)
    if name.endswith(".py"):
        text, count = re.subn(
            r"(_builder\.BuildTopDescriptorsAndMessages\(DESCRIPTOR, ')polestage\.", r"\1polestage._generated.", text
        )
        if count != 1:
            raise SystemExit(f"generate.sh: {name}: protoc's module no longer names itself as expected")
    if re.search(r"^(from|import) polestage(?!\._generated\.)", text, flags=re.M):
        raise SystemExit(f"generate.sh: {name}: an import of polestage was not rewritten")
    return text


def reexport(module: str) -> str:
    public = module.replace("polestage._generated.", "polestage.")
    if module.endswith("grpc_health.v1.health_pb2"):
        proto = "grpc/health/v1/health.proto"
        why = "The path existing code imports them from."
    else:
        proto = public.replace("polestage.", "polestage/", 1).replace(".", "/")[: -len("_pb2")] + ".proto"
        why = "This is the path protoc's code imports them from (grpcio stubs, other .proto files)."
    return f'''# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of {proto}: a re-export of
`{module}`, also `polestage.{module.rsplit(".", 1)[1]}`.

{why}
"""

from {module} import *  # noqa: F401,F403
'''


write(generated / "__init__.py", '''# Written by Clients/python/scripts/generate.sh: do not edit.
"""The client's generated code, and nothing else: the `_pb2` modules of Proto/ (protoc's, with their imports of each
other rewritten to this package) and `stubs`, the typed stub of each service. scripts/generate.sh writes this folder
whole; scripts/check-python-generated.sh fails when it is not what the .proto files give. Import the message modules
as `from polestage import offers_pb2` (or from their proto paths, `polestage.offers.v1.offers_pb2`).
"""
''')
for name in packages:
    for source in sorted((protoc / "polestage" / name / "v1").glob("*_pb2.py*")):
        destination = generated / name / "v1" / source.name
        write(destination, relocated(source.read_text(encoding="utf-8"), source.name))
        package(destination.parent)
        if source.suffix == ".py":
            module = f"polestage._generated.{name}.v1.{source.stem}"
            write(target / name / "v1" / source.name, reexport(module))
            package(target / name / "v1")

health = protoc / "grpc" / "health" / "v1"
destination = generated / "grpc_health" / "v1"
stub = (health / "health_pb2.pyi").read_text(encoding="utf-8")
write(destination / "health_pb2.pyi", relocated(stub, "health_pb2.pyi"))
# The serialized FileDescriptorProto that protoc's module passes to AddSerializedFile, byte for byte.
serialized = next(
    node.args[0].value
    for node in ast.walk(ast.parse((health / "health_pb2.py").read_text(encoding="utf-8")))
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "AddSerializedFile"
)
file = descriptor_pb2.FileDescriptorProto.FromString(serialized)
classes = "".join(
    f'{message.name} = _message_factory.GetMessageClass(DESCRIPTOR.message_types_by_name["{message.name}"])\n'
    for message in file.message_type
)
write(destination / "health_pb2.py", f'''# -*- coding: utf-8 -*-
# Written by Clients/python/scripts/generate.sh from protoc's output, not by protoc: edit the script, not this file.
# source: {file.name}
"""{file.package}'s messages, in a descriptor pool of their own.

protoc's module would add {file.name} to protobuf's default descriptor pool, where
grpcio-health-checking's grpc_health.v1.health_pb2 adds the same messages (from grpc_health/v1/health.proto):
whichever loaded second would fail with "duplicate symbol 'grpc.health.v1.HealthCheckRequest'". This module loads
protoc's serialized file into a private pool and makes its classes from it, so both load in one process, in either
order. Its classes are not grpcio-health-checking's (the client's methods convert those); the wire form is the same.
"""
from google.protobuf import descriptor_pool as _descriptor_pool
from google.protobuf import message_factory as _message_factory

_POOL = _descriptor_pool.DescriptorPool()
DESCRIPTOR = _POOL.AddSerializedFile({serialized!r})

{classes}''')
package(destination)
write(target / "grpc_health" / "v1" / "health_pb2.py", reexport("polestage._generated.grpc_health.v1.health_pb2"))
package(target / "grpc_health" / "v1")
PYTHON
"$python" "$here/scripts/generate_stubs.py" "$out/descriptors.binpb" "$target/_generated/stubs.py"
echo "generated into $target"
