#!/usr/bin/env bash
# Regenerates the committed protobuf modules of the Python client from ../../Proto with grpcio-tools' bundled protoc
# (`python -m grpc_tools.protoc`), so that the generated code matches a protobuf runtime of the same release line.
#
#   pip install 'grpcio-tools==1.75.1'      # what the committed code was generated with: protobuf 6.31.1 gencode,
#                                           # hence protobuf>=6.31.1 in pyproject.toml (runtime 7 loads it too)
#   bash Clients/python/scripts/generate.sh [PYTHON]
#
# Proto/polestage/** becomes polestage/**/*_pb2.py (their imports, `from polestage.common.v1 import types_pb2`, then
# resolve inside this package). grpc/health/v1/health.proto, which imports nothing, goes to
# polestage/grpc_health/v1/health_pb2.py so as not to shadow grpcio's `grpc` package. That module is not protoc's:
# protoc's would add grpc.health.v1's messages to protobuf's default descriptor pool, where grpcio-health-checking's
# grpc_health.v1.health_pb2 adds them too (from another file name), and the second to load would fail with "duplicate
# symbol". This script writes it instead (protoc's serialized file, loaded into a private pool; its classes made with
# message_factory.GetMessageClass). Its .pyi is protoc's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proto="$(cd "$here/../../Proto" && pwd)"
python="${1:-python3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

files=(
    polestage/common/v1/types.proto
    polestage/offers/v1/offers.proto
    polestage/reservations/v1/reservations.proto
    polestage/calendar/v1/calendar.proto
    polestage/contacts/v1/contacts.proto
    polestage/admin/v1/admin.proto
    polestage/placements/v1/placements.proto
    polestage/wire/v1/envelope.proto
    grpc/health/v1/health.proto
)
"$python" -m grpc_tools.protoc -I "$proto" --python_out="$out" --pyi_out="$out" "${files[@]}"

# Replace the generated trees, never the hand-written modules beside them.
for package in common offers reservations calendar contacts admin placements wire; do
    rm -rf "$here/polestage/$package"
    mkdir -p "$here/polestage/$package/v1"
    cp "$out/polestage/$package/v1/"*_pb2.py* "$here/polestage/$package/v1/"
    : > "$here/polestage/$package/__init__.py"
    : > "$here/polestage/$package/v1/__init__.py"
done
rm -rf "$here/polestage/grpc_health"
mkdir -p "$here/polestage/grpc_health/v1"
cp "$out/grpc/health/v1/health_pb2.pyi" "$here/polestage/grpc_health/v1/"
"$python" - "$out/grpc/health/v1/health_pb2.py" "$here/polestage/grpc_health/v1/health_pb2.py" <<'PYTHON'
import ast
import sys

from google.protobuf import descriptor_pb2

generated, target = sys.argv[1], sys.argv[2]
# The serialized FileDescriptorProto that protoc's module passes to AddSerializedFile, byte for byte.
serialized = next(
    node.args[0].value
    for node in ast.walk(ast.parse(open(generated, encoding="utf-8").read()))
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "AddSerializedFile"
)
file = descriptor_pb2.FileDescriptorProto.FromString(serialized)
classes = "".join(
    f'{message.name} = _message_factory.GetMessageClass(DESCRIPTOR.message_types_by_name["{message.name}"])\n'
    for message in file.message_type
)
with open(target, "w", encoding="utf-8") as out:
    out.write(f'''# -*- coding: utf-8 -*-
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
PYTHON
: > "$here/polestage/grpc_health/__init__.py"
: > "$here/polestage/grpc_health/v1/__init__.py"
echo "generated into $here/polestage"
