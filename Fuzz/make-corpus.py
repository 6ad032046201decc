#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the golden vectors (stdlib only).

Corpus/FrameDecoder/<name>: the whole WebSocket message of every golden vector, valid and invalid
  (Tests/PoleStageWireTests/GoldenVectors/frames.json, docs/protocol.md §12).
Corpus/ControlBody/<name>: for each valid control frame (SETTINGS, OPEN, HEADERS, TRAILERS, RESET,
  WINDOW_UPDATE, GOAWAY), one selector byte (the type's index in CONTROL_TYPES, as in
  Sources/FuzzChecks/ControlBodyChecks.swift) followed by the frame's body.

Corpus/ControlBody/open_bad_metadata_<case>: OPEN bodies whose one metadata entry breaks docs/protocol.md §3
  (property 8 of Sources/FuzzChecks/FrameChecks.swift), encoded here by hand.

Run it after the golden vectors change; commit the output. Both folders are rewritten whole.
"""
import json
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
VECTORS = FUZZ.parent / "Tests" / "PoleStageWireTests" / "GoldenVectors" / "frames.json"
HEADER_SIZE = 6
# Order matters: ControlBodyChecks.controlTypes picks by `selector % 7` in this order.
CONTROL_TYPES = ["SETTINGS", "OPEN", "HEADERS", "TRAILERS", "RESET", "WINDOW_UPDATE", "GOAWAY"]


def field(number: int, data: bytes) -> bytes:
    """A length-delimited protobuf field (lengths under 128 bytes)."""
    assert len(data) < 128
    return bytes([number << 3 | 2, len(data)]) + data


# MetadataEntry bodies: key = 1, ascii_value = 2, binary_value = 3.
BAD_METADATA = {
    "binary_on_ascii_key": field(1, b"authorization") + field(3, b"Bearer x"),
    "ascii_on_binary_key": field(1, b"trace-bin") + field(2, b"AAEC"),
    "upper_case_key": field(1, b"Polestage-Basin") + field(2, b"macon"),
    "empty_key": field(2, b"x"),
    "control_character": field(1, b"x-note") + field(2, b"a\nb"),
}


def rewrite(folder: pathlib.Path, files: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, data in sorted(files.items()):
        (folder / name).write_bytes(data)
    print(f"{folder.relative_to(FUZZ)}: {len(files)} files, {sum(map(len, files.values()))} bytes")


def main() -> None:
    vectors = json.loads(VECTORS.read_text())
    frames = {}
    bodies = {}
    for vector in vectors["frames"]:
        message = bytes.fromhex(vector["hex"])
        frames[vector["name"]] = message
        kind = vector["frame"]["type"]
        if kind in CONTROL_TYPES:
            bodies[vector["name"]] = bytes([CONTROL_TYPES.index(kind)]) + message[HEADER_SIZE:]
    for name, entry in BAD_METADATA.items():
        body = field(1, b"/polestage.offers.v1.OfferService/SearchOffers") + field(2, entry)
        bodies["open_bad_metadata_" + name] = bytes([CONTROL_TYPES.index("OPEN")]) + body
    for vector in vectors["invalid"]:
        frames["invalid-" + vector["name"]] = bytes.fromhex(vector["hex"])
    rewrite(FUZZ / "Corpus" / "FrameDecoder", frames)
    rewrite(FUZZ / "Corpus" / "ControlBody", bodies)


if __name__ == "__main__":
    main()
