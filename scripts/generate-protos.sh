#!/usr/bin/env bash
# Regenerates the committed Swift code from the .proto files under Proto/.
#
# Builds the two protoc plugins (swift-protobuf's protoc-gen-swift and grpc-swift-protobuf's
# protoc-gen-grpc-swift-2) from scripts/codegen/Package.swift into .build-codegen/, then runs
# Debian's protoc (apt-get install protobuf-compiler). Last, writes Proto/GENERATED.sha256
# (scripts/proto-digest.sh): the SHA-256 of the inputs (the .proto files, this script) and of the
# generated files, with the generators' versions; commit it with the generated code.
# CI never runs this: the output is committed. CI runs scripts/check-generated-code.sh --digest, which
# fails without the plugins when the inputs changed since the last regeneration or the generated code
# was edited; scripts/check-generated-code.sh (with the plugins) also regenerates and compares.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/proto-digest.sh"
scratch="$root/.build-codegen"
out_dir="${1:-$root}"   # check-generated-code.sh passes a temporary folder

command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }

(cd "$root/scripts/codegen" && swift build -c release --scratch-path "$scratch" --product protoc-gen-swift >&2 \
    && swift build -c release --scratch-path "$scratch" --product protoc-gen-grpc-swift-2 >&2)
bin="$scratch/release"

# generate <output folder> <visibility> <grpc: yes|no> <proto files...>
generate() {
    local dest="$out_dir/$1" visibility="$2" grpc="$3"
    shift 3
    mkdir -p "$dest"
    rm -f "$dest"/*.pb.swift "$dest"/*.grpc.swift
    protoc --proto_path="$root/Proto" \
        --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
        --swift_out="$dest" \
        --swift_opt=Visibility="$visibility" \
        --swift_opt=FileNaming=DropPath \
        --swift_opt=UseAccessLevelOnImports=true \
        "$@"
    if [[ "$grpc" == yes ]]; then
        protoc --proto_path="$root/Proto" \
            --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
            --grpc-swift-2_out="$dest" \
            --grpc-swift-2_opt=Visibility="$visibility" \
            --grpc-swift-2_opt=FileNaming=DropPath \
            --grpc-swift-2_opt=UseAccessLevelOnImports=true \
            "$@"
    fi
}

cd "$root/Proto"
generate Sources/PoleStageWire/Generated Public no polestage/wire/v1/envelope.proto
generate Sources/PoleStageProto/Generated Public yes grpc/health/v1/health.proto grpc/reflection/v1/reflection.proto \
    polestage/common/v1/types.proto polestage/offers/v1/offers.proto \
    polestage/reservations/v1/reservations.proto polestage/calendar/v1/calendar.proto \
    polestage/contacts/v1/contacts.proto polestage/admin/v1/admin.proto polestage/placements/v1/placements.proto \
    polestage/practice/v1/practice.proto
generate Sources/PoleStageInterop/Generated Public yes grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto
mkdir -p "$out_dir/Sources/PoleStageServices/Reflection/Generated"

# The descriptors the reflection service serves (grpc.reflection.v1): every .proto the server serves, with the files
# they import, as one FileDescriptorSet in a Swift string (base64), so that no resource file has to travel with the
# executable.
descriptors="$(mktemp)"
protoc --proto_path="$root/Proto" --include_imports --descriptor_set_out="$descriptors" \
    grpc/health/v1/health.proto grpc/reflection/v1/reflection.proto polestage/offers/v1/offers.proto \
    polestage/reservations/v1/reservations.proto polestage/calendar/v1/calendar.proto \
    polestage/contacts/v1/contacts.proto polestage/admin/v1/admin.proto polestage/placements/v1/placements.proto \
    polestage/practice/v1/practice.proto grpc/testing/test.proto
{
    echo "// DO NOT EDIT: written by scripts/generate-protos.sh from the files under Proto/ (protoc --descriptor_set_out)."
    echo ""
    echo '/// The serialized `google.protobuf.FileDescriptorSet` of every service the server serves, imports included, in base64.'
    echo "let serviceDescriptorSetBase64 = \"$(base64 -w0 "$descriptors")\""
} > "$out_dir/Sources/PoleStageServices/Reflection/Generated/ServiceDescriptorSet.swift"
rm -f "$descriptors"
proto_digest_write "$out_dir" "$bin"
echo "generated into $out_dir (digest: $proto_digest_file)" >&2
