#!/usr/bin/env python3
"""Writes Tests/PoleStageWireTests/GoldenVectors/frames.json: the bytes of one frame of every type.

The encoding here is written from docs/protocol.md alone, with a hand-rolled protobuf encoder
(stdlib only), so that the Swift codec's test checks it against an independent implementation.
Run it after changing the protocol; commit the output.
"""
import json
import pathlib
import struct
import sys

TYPES = {
    "SETTINGS": 0x00, "OPEN": 0x01, "HEADERS": 0x02, "MESSAGE": 0x03, "HALF_CLOSE": 0x04,
    "TRAILERS": 0x05, "RESET": 0x06, "WINDOW_UPDATE": 0x07, "GOAWAY": 0x08, "BATCH": 0x09,
    "CREDIT_REQUEST": 0x0A,
}


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value) if value else b""


def field_bytes(number: int, value: bytes, always: bool = False) -> bytes:
    if not value and not always:
        return b""
    return varint(number << 3 | 2) + varint(len(value)) + value


def metadata_entry(entry: dict) -> bytes:
    body = field_bytes(1, entry["key"].encode())
    if "ascii_value" in entry:
        body += field_bytes(2, entry["ascii_value"].encode(), always=True)
    else:
        body += field_bytes(3, bytes.fromhex(entry["binary_value_hex"]), always=True)
    return body


def metadata(number: int, entries: list) -> bytes:
    return b"".join(field_bytes(number, metadata_entry(e), always=True) for e in entries)


def body(frame: dict) -> bytes:
    kind = frame["type"]
    if kind == "SETTINGS":
        return (field_varint(1, frame["version"]) + field_varint(2, frame["max_message_size"])
                + field_varint(3, frame["max_concurrent_streams"]) + field_varint(4, frame["initial_window_size"])
                + field_varint(5, frame.get("max_batch_size", 0))
                + field_varint(6, int(frame.get("credit_requests", False))))
    if kind == "OPEN":
        body = field_bytes(1, frame["method"].encode()) + metadata(2, frame["metadata"])
        if "request_message_hex" in frame:
            body += field_bytes(3, bytes.fromhex(frame["request_message_hex"]), always=True)
        return body
    if kind == "HEADERS":
        return metadata(1, frame["metadata"])
    if kind == "MESSAGE":
        return bytes.fromhex(frame["body_hex"])
    if kind in ("HALF_CLOSE", "CREDIT_REQUEST"):
        return b""
    if kind == "TRAILERS":
        body = field_varint(1, frame["code"]) + field_bytes(2, frame["message"].encode()) + metadata(3, frame["metadata"])
        if "response_message_hex" in frame:
            body += field_bytes(4, bytes.fromhex(frame["response_message_hex"]), always=True)
        return body
    if kind == "RESET":
        return field_varint(1, frame["code"]) + field_bytes(2, frame["message"].encode())
    if kind == "WINDOW_UPDATE":
        return struct.pack(">I", frame["increment"])
    if kind == "BATCH":
        # Each entry: the entry frame's length (u32, big-endian), then the frame.
        return b"".join(struct.pack(">I", len(entry)) + entry for entry in map(encode, frame["frames"]))
    if kind == "GOAWAY":
        return field_varint(1, frame["last_stream_id"]) + field_varint(2, frame["code"]) + field_bytes(3, frame["message"].encode())
    raise ValueError(kind)


def encode(frame: dict) -> bytes:
    return struct.pack(">BBI", TYPES[frame["type"]], frame["flags"], frame["stream_id"]) + body(frame)


FRAMES = [
    ("settings", {"type": "SETTINGS", "flags": 0, "stream_id": 0, "version": 1, "max_message_size": 4194304,
                  "max_concurrent_streams": 128, "initial_window_size": 262144}),
    ("open", {"type": "OPEN", "flags": 0, "stream_id": 1, "method": "/grpc.testing.TestService/UnaryCall",
              "metadata": [{"key": "authorization", "ascii_value": "Bearer abc"},
                           {"key": "grpc-timeout", "ascii_value": "5S"},
                           {"key": "trace-bin", "binary_value_hex": "0102"}]}),
    ("open_inline_request", {"type": "OPEN", "flags": 0, "stream_id": 3, "method": "/grpc.health.v1.Health/Check",
                             "metadata": [], "request_message_hex": ""}),
    ("headers", {"type": "HEADERS", "flags": 0, "stream_id": 1, "metadata": [{"key": "x-echo", "ascii_value": "v"}]}),
    ("message", {"type": "MESSAGE", "flags": 0, "stream_id": 1, "body_hex": "0a03616263"}),
    ("message_end_stream", {"type": "MESSAGE", "flags": 1, "stream_id": 3, "body_hex": ""}),
    ("half_close", {"type": "HALF_CLOSE", "flags": 0, "stream_id": 1}),
    ("trailers_ok", {"type": "TRAILERS", "flags": 0, "stream_id": 1, "code": 0, "message": "",
                     "metadata": [{"key": "x-trailer-bin", "binary_value_hex": "ab"}]}),
    ("trailers_error", {"type": "TRAILERS", "flags": 0, "stream_id": 5, "code": 8,
                        "message": "message of 5 bytes exceeds the limit of 4 bytes", "metadata": []}),
    ("trailers_inline_response", {"type": "TRAILERS", "flags": 0, "stream_id": 3, "code": 0, "message": "",
                                  "metadata": [], "response_message_hex": "0801"}),
    ("reset", {"type": "RESET", "flags": 0, "stream_id": 7, "code": 1, "message": "cancelled by client"}),
    ("window_update", {"type": "WINDOW_UPDATE", "flags": 0, "stream_id": 1, "increment": 131072}),
    ("goaway", {"type": "GOAWAY", "flags": 0, "stream_id": 0, "last_stream_id": 9, "code": 14,
                "message": "The server is shutting down."}),
    ("settings_max_batch_size", {"type": "SETTINGS", "flags": 0, "stream_id": 0, "version": 1,
                                 "max_message_size": 4194304, "max_concurrent_streams": 0,
                                 "initial_window_size": 262144, "max_batch_size": 65536}),
    ("batch", {"type": "BATCH", "flags": 0, "stream_id": 0, "frames": [
        {"type": "MESSAGE", "flags": 0, "stream_id": 1, "body_hex": "0a03616263"},
        {"type": "MESSAGE", "flags": 0, "stream_id": 3, "body_hex": ""},
        {"type": "TRAILERS", "flags": 0, "stream_id": 1, "code": 0, "message": "", "metadata": [],
         "response_message_hex": "0801"},
        {"type": "WINDOW_UPDATE", "flags": 0, "stream_id": 5, "increment": 1024},
    ]}),
    ("batch_of_one", {"type": "BATCH", "flags": 0, "stream_id": 0, "frames": [
        {"type": "HALF_CLOSE", "flags": 0, "stream_id": 1},
    ]}),
    ("settings_credit_requests", {"type": "SETTINGS", "flags": 0, "stream_id": 0, "version": 1,
                                  "max_message_size": 4194304, "max_concurrent_streams": 0,
                                  "initial_window_size": 262144, "max_batch_size": 65536, "credit_requests": True}),
    ("credit_request", {"type": "CREDIT_REQUEST", "flags": 0, "stream_id": 1}),
]

# Messages that are not valid frames, with the receiver's close reason (close code 1002).
INVALID = [
    ("truncated", "030000", "truncated frame: 3 bytes, the header alone is 6"),
    ("unknown_type", "0b0000000001", "unknown frame type 0x0B"),
    ("unknown_flags", "040200000001", "unknown flags 0x02 on HALF_CLOSE frame"),
    ("settings_on_stream", "000000000001", "SETTINGS frame on stream 1"),
    ("message_on_stream_zero", "030000000000ff", "MESSAGE frame on stream 0"),
    ("short_window_update", "070000000001000001", "malformed WINDOW_UPDATE frame body"),
    ("zero_window_update", "07000000000100000000", "malformed WINDOW_UPDATE frame body"),
    ("half_close_with_body", "04000000000100", "malformed HALF_CLOSE frame body"),
    ("credit_request_with_body", "0a000000000100", "malformed CREDIT_REQUEST frame body"),
    ("credit_request_on_stream_zero", "0a0000000000", "CREDIT_REQUEST frame on stream 0"),
    ("credit_request_with_flags", "0a0100000001", "unknown flags 0x01 on CREDIT_REQUEST frame"),
    ("malformed_trailers", "050000000001ff", "malformed TRAILERS frame body"),
    ("batch_on_stream", "090000000001000000060400000000" "01", "BATCH frame on stream 1"),
    ("batch_with_flags", "090100000000" "00000006" "040000000001", "unknown flags 0x01 on BATCH frame"),
    ("batch_empty", "090000000000", "BATCH frame with no entries"),
    ("batch_short_length", "090000000000000006", "truncated BATCH entry"),
    ("batch_entry_past_end", "090000000000" "00000008" "04000000000001", "truncated BATCH entry"),
    ("batch_nested", "090000000000" "00000010" "090000000000" "00000006" "040000000001",
     "BATCH frames cannot be nested"),
    ("batch_entry_truncated", "090000000000" "00000003" "040000", "truncated frame: 3 bytes, the header alone is 6"),
    ("batch_entry_unknown_type", "090000000000" "00000006" "0b0000000001", "unknown frame type 0x0B"),
    ("batch_second_entry_invalid", "090000000000" "00000006" "040000000001" "00000007" "04000000000100",
     "malformed HALF_CLOSE frame body"),
]


def main() -> None:
    out = {
        "protocol": "polestage.grpc.v1",
        "frames": [{"name": name, "hex": encode(frame).hex(), "frame": frame} for name, frame in FRAMES],
        "invalid": [{"name": name, "hex": hex_, "close_code": 1002, "reason": reason} for name, hex_, reason in INVALID],
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "Tests/PoleStageWireTests/GoldenVectors/frames.json"
    text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if path.read_text() != text:
            sys.exit(f"{path} is stale: run scripts/generate-golden-vectors.py and commit")
        print(f"{path} is up to date")
        return
    path.write_text(text)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
