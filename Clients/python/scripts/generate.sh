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
# polestage/grpc_health/v1/health_pb2.py so as not to shadow grpcio's `grpc` package.
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
    polestage/wire/v1/envelope.proto
    grpc/health/v1/health.proto
)
"$python" -m grpc_tools.protoc -I "$proto" --python_out="$out" --pyi_out="$out" "${files[@]}"

# Replace the generated trees, never the hand-written modules beside them.
for package in common offers reservations calendar contacts admin wire; do
    rm -rf "$here/polestage/$package"
    mkdir -p "$here/polestage/$package/v1"
    cp "$out/polestage/$package/v1/"*_pb2.py* "$here/polestage/$package/v1/"
    : > "$here/polestage/$package/__init__.py"
    : > "$here/polestage/$package/v1/__init__.py"
done
rm -rf "$here/polestage/grpc_health"
mkdir -p "$here/polestage/grpc_health/v1"
cp "$out/grpc/health/v1/"health_pb2.py* "$here/polestage/grpc_health/v1/"
: > "$here/polestage/grpc_health/__init__.py"
: > "$here/polestage/grpc_health/v1/__init__.py"
echo "generated into $here/polestage"
