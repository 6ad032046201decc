"""The frame codec of `polestage.grpc.v1` (docs/protocol.md, sections 2 and 3).

A frame is one binary WebSocket message: a 6-byte header (type, flags, stream id, big-endian) and a body.
`decode` applies the rules of section 2 in their order and raises `FrameError` with the exact close reason.
A BATCH message carries several frames, each preceded by its length (section 2, "Batches"): `decode_message` yields
the frames of one message in order, `encode_batch` builds one.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, List, Optional, Tuple, Union

from google.protobuf.message import DecodeError

from ._generated.wire.v1 import envelope_pb2 as wire
from .status import MetadataValue

Buffer = Union[bytes, bytearray, memoryview]

HEADER_SIZE = 6
END_STREAM = 0x01
# The max_batch_size the Swift peers announce, and this client's default (section 2, "Batches").
DEFAULT_MAX_BATCH_SIZE = 65536
_HEADER = struct.Struct(">BBI")
_LENGTH = struct.Struct(">I")


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
    BATCH = 0x09
    # Server to client, on request only (section 7, "Credit requests"); this client does not announce them, so it
    # never receives one, but decodes it.
    CREDIT_REQUEST = 0x0A


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
    the raw bytes for MESSAGE, the increment (int) for WINDOW_UPDATE, None for HALF_CLOSE and CREDIT_REQUEST, and the list of its
    entries (each a `Frame`, never a BATCH) for BATCH."""

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
    if kind in (FrameType.HALF_CLOSE, FrameType.CREDIT_REQUEST):
        return header
    if kind == FrameType.WINDOW_UPDATE:
        increment = int(frame.body)
        if not 1 <= increment <= 0xFFFFFFFF:
            raise ValueError(f"WINDOW_UPDATE increment {increment} is not in 1...2^32-1")
        return header + struct.pack(">I", increment)
    if kind == FrameType.BATCH:
        entries = list(frame.body or ())
        if not entries:
            raise ValueError("a BATCH needs at least one entry")
        parts = [header]
        for entry in entries:
            if entry.type == FrameType.BATCH:
                raise ValueError("BATCH frames cannot be nested")
            data = encode(entry)
            parts += (_LENGTH.pack(len(data)), data)
        return b"".join(parts)
    serialized: bytes = frame.body.SerializeToString(deterministic=True)
    return header + serialized


def encode_batch(entries: Iterable[Frame]) -> bytes:
    """The WebSocket message of a BATCH carrying `entries` in order (each entry's length, then its bytes)."""
    return encode(Frame(FrameType.BATCH, 0, list(entries)))


def decode(data: bytes, *, max_batch_size: int = DEFAULT_MAX_BATCH_SIZE) -> Frame:
    """Parses one WebSocket message; raises `FrameError` with the reason of docs/protocol.md section 11.

    A BATCH becomes one `Frame` whose body is the list of its entries; `max_batch_size` is the one this side announced
    (0: BATCH is refused)."""
    kind, flags, stream_id = _header(data)
    if kind == FrameType.BATCH:
        return Frame(kind, stream_id, list(_batch_entries(data, max_batch_size)), flags)
    return _frame(kind, flags, stream_id, data)


def decode_message(data: bytes, *, max_batch_size: int = DEFAULT_MAX_BATCH_SIZE) -> Iterator[Frame]:
    """The frames of one WebSocket message, in order: the frame itself, or each entry of a BATCH.

    A generator: an invalid entry raises `FrameError` (with that entry's own reason) only once the entries before it
    were yielded, so that a receiver handles them first, as section 2 ("Batches") requires. `max_batch_size` is the
    one this side announced in its SETTINGS (0: a BATCH closes with `BATCH frames are not accepted ...`)."""
    kind, flags, stream_id = _header(data)
    if kind == FrameType.BATCH:
        yield from _batch_entries(data, max_batch_size)
    else:
        yield _frame(kind, flags, stream_id, data)


def _batch_entries(data: bytes, max_batch_size: int) -> Iterator[Frame]:
    """The entries of a BATCH message whose header passed rules 1 to 4, checked in the order of section 2."""
    if max_batch_size == 0:
        raise FrameError("BATCH frames are not accepted (max_batch_size is 0)")
    if len(data) > max_batch_size:
        raise FrameError(f"BATCH of {len(data)} bytes exceeds max_batch_size {max_batch_size}")
    if len(data) == HEADER_SIZE:
        raise FrameError("BATCH frame with no entries")
    view = memoryview(data)
    offset = HEADER_SIZE
    while offset < len(view):
        if len(view) - offset < _LENGTH.size:
            raise FrameError("truncated BATCH entry")
        (length,) = _LENGTH.unpack_from(view, offset)
        offset += _LENGTH.size
        if length > len(view) - offset:
            raise FrameError("truncated BATCH entry")
        entry = view[offset : offset + length]
        offset += length
        if length > 0 and entry[0] == FrameType.BATCH:
            raise FrameError("BATCH frames cannot be nested")
        kind, flags, stream_id = _header(entry)
        yield _frame(kind, flags, stream_id, entry)


def _header(data: Buffer) -> Tuple[FrameType, int, int]:
    """Rules 1 to 4 of section 2: the frame's type, flags and stream id."""
    if len(data) < HEADER_SIZE:
        raise FrameError(f"truncated frame: {len(data)} bytes, the header alone is {HEADER_SIZE}")
    code, flags, stream_id = _HEADER.unpack_from(data)
    try:
        kind = FrameType(code)
    except ValueError:
        raise FrameError(f"unknown frame type 0x{code:02X}") from None
    if flags != 0 and not (kind == FrameType.MESSAGE and flags == END_STREAM):
        raise FrameError(f"unknown flags 0x{flags:02X} on {kind.name} frame")
    connection_level = kind in (FrameType.SETTINGS, FrameType.GOAWAY, FrameType.BATCH)
    if connection_level != (stream_id == 0):
        raise FrameError(f"{kind.name} frame on stream {stream_id}")
    return kind, flags, stream_id


def _frame(kind: FrameType, flags: int, stream_id: int, data: Buffer) -> Frame:
    """Rule 5 of section 2 for a frame other than BATCH: its body."""
    body = bytes(data[HEADER_SIZE:])
    parsed: Optional[Any]
    if kind == FrameType.MESSAGE:
        parsed = body
    elif kind in (FrameType.HALF_CLOSE, FrameType.CREDIT_REQUEST):
        if body:
            raise FrameError(f"malformed {kind.name} frame body")
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


def metadata_entries(metadata: Iterable[Tuple[str, Any]]) -> List[wire.MetadataEntry]:
    """`MetadataEntry` messages for `(key, value)` pairs: `-bin` keys carry bytes, the others ASCII text."""
    entries: List[wire.MetadataEntry] = []
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


def metadata_pairs(entries: Iterable[wire.MetadataEntry]) -> List[Tuple[str, MetadataValue]]:
    """`(key, value)` pairs of `MetadataEntry` messages, in order: bytes for `binary_value`, str otherwise (an entry
    with neither member set is the ASCII value "")."""
    pairs: List[Tuple[str, MetadataValue]] = []
    for entry in entries:
        if entry.WhichOneof("value") == "binary_value":
            pairs.append((entry.key, bytes(entry.binary_value)))
        else:
            pairs.append((entry.key, entry.ascii_value))
    return pairs
