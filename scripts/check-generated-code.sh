#!/usr/bin/env bash
# Fails when the committed generated code differs from what the .proto files under Proto/ produce.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/generate-protos.sh" "$tmp"
status=0
for dir in Sources/PoleStageWire/Generated Sources/PoleStageProto/Generated Sources/PoleStageInterop/Generated \
    Sources/PoleStageServices/Reflection/Generated; do
    if ! diff -r "$root/$dir" "$tmp/$dir"; then
        echo "stale generated code in $dir: run scripts/generate-protos.sh and commit" >&2
        status=1
    fi
done
[[ $status -eq 0 ]] && echo "generated code is up to date"
exit $status
