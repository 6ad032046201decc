#!/usr/bin/env bash
# The digest of the generated protobuf code, Proto/GENERATED.sha256: the SHA-256 of every input of
# scripts/generate-protos.sh (the .proto files under Proto/ and the script itself, which holds the generator's options)
# and of every file it generated, plus the versions of protoc and of the two plugins it ran (for information).
#
# scripts/generate-protos.sh writes it at the end of each regeneration; scripts/check-generated-code.sh --digest
# checks it without protoc or the plugins (what CI runs): the .proto files must not have changed since the code was
# generated, and the generated files must be the ones generated.
#
# Usage: scripts/proto-digest.sh check                   compare the tree with Proto/GENERATED.sha256
#        scripts/proto-digest.sh write OUT_DIR BIN_DIR    write OUT_DIR/Proto/GENERATED.sha256 for the code generated
#                                                         into OUT_DIR by the plugins in BIN_DIR (generate-protos.sh)
# Also sourced by generate-protos.sh and check-generated-code.sh for proto_digest_write and proto_digest_check.
set -euo pipefail

proto_digest_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proto_digest_file="Proto/GENERATED.sha256"
# The folders generate-protos.sh writes, relative to its output folder.
proto_generated_dirs=(Sources/PoleStageWire/Generated Sources/PoleStageProto/Generated
    Sources/PoleStageInterop/Generated Sources/PoleStageServices/Reflection/Generated)

# proto_digest_inputs: "sha256  path" of each input, paths relative to the package, sorted.
proto_digest_inputs() {
    (
        cd "$proto_digest_root"
        {
            find Proto -type f -name '*.proto' -print0 | LC_ALL=C sort -z
            printf '%s\0' scripts/generate-protos.sh
        } | xargs -0 sha256sum --
    )
}

# proto_digest_outputs OUT_DIR: "sha256  path" of each generated file under OUT_DIR, sorted; "missing  dir/" for a
# generated folder that does not exist.
proto_digest_outputs() {
    local out="$1" dir
    for dir in "${proto_generated_dirs[@]}"; do
        if [[ -d "$out/$dir" ]]; then
            (cd "$out" && find "$dir" -type f -print0 | LC_ALL=C sort -z | xargs -0 --no-run-if-empty sha256sum --)
        else
            echo "missing  $dir/"
        fi
    done
}

# proto_digest_write OUT_DIR BIN_DIR
proto_digest_write() {
    local out="$1" bin="$2"
    mkdir -p "$out/Proto"
    {
        echo "# DO NOT EDIT: written by scripts/generate-protos.sh after each regeneration, checked by"
        echo "# scripts/check-generated-code.sh --digest. SHA-256 of the inputs and of the generated files."
        echo "# generator: $(protoc --version)"
        echo "# generator: $("$bin/protoc-gen-swift" --version)"
        echo "# generator: $("$bin/protoc-gen-grpc-swift-2" --version)"
        echo "# inputs"
        proto_digest_inputs
        echo "# outputs"
        proto_digest_outputs "$out"
    } > "$out/$proto_digest_file.tmp"
    mv "$out/$proto_digest_file.tmp" "$out/$proto_digest_file"
}

# proto_digest_section NAME < digest: the lines of the "# NAME" section.
proto_digest_section() {
    awk -v name="# $1" '/^# / { on = ($0 == name); next } on'
}

# proto_digest_changes RECORDED ACTUAL: one line per file whose line differs: "  path (changed|new|removed|missing)".
proto_digest_changes() {
    awk 'NF < 2 { next }
        FILENAME == ARGV[1] { recorded[$2] = $1; next }
        { seen[$2] = 1 }
        $1 == "missing" { print "  " $2 " (missing)"; next }
        { if (!($2 in recorded)) print "  " $2 " (new)"; else if (recorded[$2] != $1) print "  " $2 " (changed)" }
        END { for (p in recorded) if (!(p in seen)) print "  " p " (removed)" }' <(echo "$1") <(echo "$2") | LC_ALL=C sort
}

# proto_digest_check: 0 when the tree matches Proto/GENERATED.sha256, else 1 with what to do.
proto_digest_check() {
    local file="$proto_digest_root/$proto_digest_file" status=0
    if [[ ! -f "$file" ]]; then
        echo "$proto_digest_file is missing: run scripts/generate-protos.sh and commit it with the generated code" >&2
        return 1
    fi
    local recorded_inputs recorded_outputs actual_inputs actual_outputs
    recorded_inputs="$(proto_digest_section inputs < "$file")"
    recorded_outputs="$(proto_digest_section outputs < "$file")"
    actual_inputs="$(proto_digest_inputs)"
    actual_outputs="$(proto_digest_outputs "$proto_digest_root")"
    if [[ "$recorded_inputs" != "$actual_inputs" ]]; then
        {
            echo "the .proto files (or scripts/generate-protos.sh) changed since the code was generated:"
            proto_digest_changes "$recorded_inputs" "$actual_inputs"
            echo "run scripts/generate-protos.sh and commit the generated code with $proto_digest_file"
        } >&2
        status=1
    fi
    if [[ "$recorded_outputs" != "$actual_outputs" ]]; then
        {
            echo "the generated code is not what scripts/generate-protos.sh generated (edited by hand?):"
            proto_digest_changes "$recorded_outputs" "$actual_outputs"
            echo "never edit generated files: change the .proto files or the generator, run scripts/generate-protos.sh"
            echo "and commit the generated code with $proto_digest_file"
        } >&2
        status=1
    fi
    if [[ $status -eq 0 ]]; then
        local generators
        generators="$(sed -n 's/^# generator: //p' "$file" | paste -sd, - | sed 's/,/, /g')"
        echo "generated code matches $proto_digest_file ($(echo "$actual_inputs" | wc -l) inputs," \
            "$(echo "$actual_outputs" | wc -l) generated files; generated by $generators)"
    fi
    return $status
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    case "${1:-}" in
        check) proto_digest_check ;;
        write)
            [[ $# -eq 3 ]] || { echo "usage: $0 write OUT_DIR BIN_DIR" >&2; exit 2; }
            proto_digest_write "$2" "$3"
            ;;
        *)
            echo "usage: $0 check | write OUT_DIR BIN_DIR" >&2
            exit 2
            ;;
    esac
fi
