#!/usr/bin/env bash
# Fails when the committed generated code is not what the .proto files under Proto/ produce.
#
# scripts/check-generated-code.sh --digest   without protoc or the plugins (what CI runs): compares the .proto files,
#                                            scripts/generate-protos.sh and the generated files with the digest
#                                            generate-protos.sh wrote, Proto/GENERATED.sha256 (scripts/proto-digest.sh)
# scripts/check-generated-code.sh            the full check, on a machine that can build the protoc plugins: the
#                                            digest check, then regenerates into a temporary folder and compares
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/proto-digest.sh"

case "${1:-}" in
    --digest)
        proto_digest_check
        exit
        ;;
    "") ;;
    *)
        echo "usage: $0 [--digest]" >&2
        exit 2
        ;;
esac

status=0
proto_digest_check || status=1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/generate-protos.sh" "$tmp"
for dir in "${proto_generated_dirs[@]}"; do
    if ! diff -r "$root/$dir" "$tmp/$dir"; then
        echo "stale generated code in $dir: run scripts/generate-protos.sh and commit" >&2
        status=1
    fi
done
if ! diff <(grep -v '^# generator: ' "$root/$proto_digest_file") <(grep -v '^# generator: ' "$tmp/$proto_digest_file") \
    > /dev/null; then
    echo "$proto_digest_file is not the one generate-protos.sh writes: run scripts/generate-protos.sh and commit" >&2
    status=1
elif ! diff -q "$root/$proto_digest_file" "$tmp/$proto_digest_file" > /dev/null; then
    echo "note: the code is the same, but generated with other versions of protoc or its plugins than recorded:" >&2
    diff "$root/$proto_digest_file" "$tmp/$proto_digest_file" | grep '^[<>] # generator: ' >&2 || true
fi
[[ $status -eq 0 ]] && echo "generated code is up to date"
exit $status
