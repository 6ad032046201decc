"""The frame codec of `polestage.grpc.v1` (docs/protocol.md, sections 2 and 3).

A frame is one binary WebSocket message: a 6-byte header (type, flags, stream id, big-endian) and a body.
`decode` applies the rules of section 2 in their order and raises `FrameError` with the exact close reason.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass
from typing import Any, Optional

from google.protobuf.message import DecodeError

from .wire.v1 import envelope_pb2 as wire

HEADER_SIZE = 6
END_STREAM = 0x01
_HEADER = struct.Struct(">BBI")


class FrameType(enum.IntEnum):
    SETTINGS = 0x00
    OPEN = 0x01
    HEADERS = 0x02
    MESSAGE = 0x03
    HALF_CLOSE = 0x04
    TRAILERS = 0x05
    RESET = 0x06
    WINDOW_UPDATE = 0x07
    GOAWAY = 0x08


# The protobuf body of each control frame.
BODY_TYPES = {
    FrameType.SETTINGS: wire.Settings,
    FrameType.OPEN: wire.OpenStream,
    FrameType.HEADERS: wire.ResponseHeaders,
    FrameType.TRAILERS: wire.Trailers,
    FrameType.RESET: wire.Reset,
    FrameType.GOAWAY: wire.GoAway,
}


class FrameError(Exception):
    """A message that is not a valid frame: a connection error, closed with `close_code` and `reason`."""

    def __init__(self, reason: str, close_code: int = 1002) -> None:
        super().__init__(reason)
        self.reason = reason
        self.close_code = close_code


@dataclass
class Frame:
    """One frame. `body` is the parsed protobuf message for SETTINGS, OPEN, HEADERS, TRAILERS, RESET and GOAWAY,
    the raw bytes for MESSAGE, the increment (int) for WINDOW_UPDATE, and None for HALF_CLOSE."""

    type: FrameType
    stream_id: int
    body: Any = None
    flags: int = 0

    @property
    def end_stream(self) -> bool:
        return bool(self.flags & END_STREAM)


def encode(frame: Frame) -> bytes:
    """The WebSocket message of `frame`."""
    header = _HEADER.pack(int(frame.type), frame.flags, frame.stream_id)
    kind = frame.type
    if kind == FrameType.MESSAGE:
        return header + bytes(frame.body or b"")
    if kind == FrameType.HALF_CLOSE:
        return header
    if kind == FrameType.WINDOW_UPDATE:
        increment = int(frame.body)
        if not 1 <= increment <= 0xFFFFFFFF:
            raise ValueError(f"WINDOW_UPDATE increment {increment} is not in 1...2^32-1")
        return header + struct.pack(">I", increment)
    return header + frame.body.SerializeToString(deterministic=True)


def decode(data: bytes) -> Frame:
    """Parses one WebSocket message; raises `FrameError` with the reason of docs/protocol.md section 11."""
    if len(data) < HEADER_SIZE:
        raise FrameError(f"truncated frame: {len(data)} bytes, the header alone is {HEADER_SIZE}")
    code, flags, stream_id = _HEADER.unpack_from(data)
    try:
        kind = FrameType(code)
    except ValueError:
        raise FrameError(f"unknown frame type 0x{code:02X}") from None
    if flags != 0 and not (kind == FrameType.MESSAGE and flags == END_STREAM):
        raise FrameError(f"unknown flags 0x{flags:02X} on {kind.name} frame")
    connection_level = kind in (FrameType.SETTINGS, FrameType.GOAWAY)
    if connection_level != (stream_id == 0):
        raise FrameError(f"{kind.name} frame on stream {stream_id}")
    body = bytes(data[HEADER_SIZE:])
    parsed: Optional[Any]
    if kind == FrameType.MESSAGE:
        parsed = body
    elif kind == FrameType.HALF_CLOSE:
        if body:
            raise FrameError("malformed HALF_CLOSE frame body")
        parsed = None
    elif kind == FrameType.WINDOW_UPDATE:
        if len(body) != 4:
            raise FrameError("malformed WINDOW_UPDATE frame body")
        parsed = struct.unpack(">I", body)[0]
        if parsed == 0:
            raise FrameError("malformed WINDOW_UPDATE frame body")
    else:
        parsed = BODY_TYPES[kind]()
        try:
            parsed.ParseFromString(body)
        except (DecodeError, ValueError, UnicodeDecodeError):
            raise FrameError(f"malformed {kind.name} frame body") from None
    return Frame(kind, stream_id, parsed, flags)


def metadata_entries(metadata) -> list:
    """`MetadataEntry` messages for `(key, value)` pairs: `-bin` keys carry bytes, the others ASCII text."""
    entries = []
    for key, value in metadata:
        key = key.lower()
        if key.endswith("-bin"):
            raw = value if isinstance(value, (bytes, bytearray)) else str(value).encode()
            entries.append(wire.MetadataEntry(key=key, binary_value=bytes(raw)))
        else:
            if isinstance(value, (bytes, bytearray)):
                value = bytes(value).decode("ascii")
            entries.append(wire.MetadataEntry(key=key, ascii_value=value))
    return entries


def metadata_pairs(entries) -> list:
    """`(key, value)` pairs of `MetadataEntry` messages, in order: bytes for `binary_value`, str otherwise (an entry
    with neither member set is the ASCII value "")."""
    pairs = []
    for entry in entries:
        if entry.WhichOneof("value") == "binary_value":
            pairs.append((entry.key, bytes(entry.binary_value)))
        else:
            pairs.append((entry.key, entry.ascii_value))
    return pairs
