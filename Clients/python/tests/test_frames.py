"""The frame codec against the protocol's golden vectors (docs/protocol.md section 12), BATCH (section 2,
"Batches"), and the connection's read path over a scripted WebSocket."""

from __future__ import annotations

import asyncio
import json

import pytest

import polestage
from conftest import REPOSITORY
from polestage import Connection, encode_timeout, frames
from polestage import envelope_pb2 as wire
from polestage.frames import BODY_TYPES, Frame, FrameError, FrameType

VECTORS = json.loads((REPOSITORY / "Tests/PoleStageWireTests/GoldenVectors/frames.json").read_text())
FIELDS = (
    "version", "max_message_size", "max_concurrent_streams", "initial_window_size", "max_batch_size", "credit_requests", "method", "code",
    "message", "last_stream_id",
)


def expected(spec: dict) -> Frame:
    kind = FrameType[spec["type"]]
    if kind == FrameType.BATCH:
        body = [expected(entry) for entry in spec["frames"]]
    elif kind == FrameType.MESSAGE:
        body = bytes.fromhex(spec["body_hex"])
    elif kind == FrameType.WINDOW_UPDATE:
        body = spec["increment"]
    elif kind in (FrameType.HALF_CLOSE, FrameType.CREDIT_REQUEST):
        body = None
    else:
        body = BODY_TYPES[kind]()
        for field in FIELDS:
            if field in spec and field in body.DESCRIPTOR.fields_by_name:
                setattr(body, field, spec[field])
        for entry in spec.get("metadata", []):
            if "binary_value_hex" in entry:
                body.metadata.add(key=entry["key"], binary_value=bytes.fromhex(entry["binary_value_hex"]))
            else:
                body.metadata.add(key=entry["key"], ascii_value=entry["ascii_value"])
        if "request_message_hex" in spec:
            body.request_message = bytes.fromhex(spec["request_message_hex"])
        if "response_message_hex" in spec:
            body.response_message = bytes.fromhex(spec["response_message_hex"])
    return Frame(kind, spec["stream_id"], body, spec["flags"])


def test_the_vectors_cover_every_frame_type():
    assert VECTORS["protocol"] == "polestage.grpc.v1"
    assert {FrameType[vector["frame"]["type"]] for vector in VECTORS["frames"]} == set(FrameType)


@pytest.mark.parametrize("vector", VECTORS["frames"], ids=lambda vector: vector["name"])
def test_valid_vector_decodes_and_reencodes_byte_for_byte(vector):
    data = bytes.fromhex(vector["hex"])
    frame = frames.decode(data)
    assert frame == expected(vector["frame"])
    assert frames.encode(frame) == data
    assert frames.encode(expected(vector["frame"])) == data


@pytest.mark.parametrize("vector", VECTORS["frames"], ids=lambda vector: vector["name"])
def test_valid_vector_is_the_frames_of_its_message(vector):
    frame = expected(vector["frame"])
    entries = frame.body if frame.type == FrameType.BATCH else [frame]
    assert list(frames.decode_message(bytes.fromhex(vector["hex"]))) == entries


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=lambda vector: vector["name"])
def test_invalid_vector_is_rejected_with_its_reason(vector):
    with pytest.raises(FrameError) as raised:
        frames.decode(bytes.fromhex(vector["hex"]))
    assert raised.value.close_code == vector["close_code"]
    assert raised.value.reason == vector["reason"]
    with pytest.raises(FrameError) as raised:
        list(frames.decode_message(bytes.fromhex(vector["hex"])))
    assert (raised.value.close_code, raised.value.reason) == (vector["close_code"], vector["reason"])


def golden(name: str) -> bytes:
    """The message of the golden vector `name`, valid or invalid."""
    (found,) = [v for v in VECTORS["frames"] + VECTORS["invalid"] if v["name"] == name]
    return bytes.fromhex(found["hex"])


def test_the_entries_before_an_invalid_one_come_first():
    messages = frames.decode_message(golden("batch_second_entry_invalid"))
    assert next(messages) == Frame(FrameType.HALF_CLOSE, 1)
    with pytest.raises(FrameError, match="^malformed HALF_CLOSE frame body$"):
        next(messages)


def test_a_batch_over_max_batch_size_is_refused():
    data = golden("batch")  # 59 bytes
    assert len(data) == 59
    assert len(frames.decode(data, max_batch_size=59).body) == 4
    assert len(list(frames.decode_message(data, max_batch_size=59))) == 4
    for decode in (frames.decode, lambda data, **options: list(frames.decode_message(data, **options))):
        with pytest.raises(FrameError) as raised:
            decode(data, max_batch_size=58)
        assert (raised.value.close_code, raised.value.reason) == (1002, "BATCH of 59 bytes exceeds max_batch_size 58")
    # The limit is checked before the body: an empty BATCH over it gets the size's reason.
    with pytest.raises(FrameError, match="^BATCH of 6 bytes exceeds max_batch_size 5$"):
        frames.decode(golden("batch_empty"), max_batch_size=5)


def test_a_batch_is_not_accepted_by_a_side_that_announced_0():
    for name in ("batch", "batch_of_one", "batch_empty", "batch_nested"):
        with pytest.raises(FrameError) as raised:
            list(frames.decode_message(golden(name), max_batch_size=0))
        assert (raised.value.close_code, raised.value.reason) == (
            1002, "BATCH frames are not accepted (max_batch_size is 0)",
        )
    # Rules 1 to 4 still come first, and a lone frame is accepted as before.
    with pytest.raises(FrameError, match="^BATCH frame on stream 1$"):
        frames.decode(golden("batch_on_stream"), max_batch_size=0)
    assert list(frames.decode_message(golden("half_close"), max_batch_size=0)) == [Frame(FrameType.HALF_CLOSE, 1)]


def test_a_batch_is_encoded_from_frames():
    entries = [
        Frame(FrameType.MESSAGE, 1, b"\x0a\x03abc"),
        Frame(FrameType.MESSAGE, 3, b""),
        Frame(FrameType.TRAILERS, 1, wire.Trailers(response_message=b"\x08\x01")),
        Frame(FrameType.WINDOW_UPDATE, 5, 1024),
    ]
    assert frames.encode_batch(entries) == golden("batch")
    assert frames.encode_batch([Frame(FrameType.HALF_CLOSE, 1)]) == golden("batch_of_one")
    with pytest.raises(ValueError):
        frames.encode_batch([])
    with pytest.raises(ValueError):
        frames.encode_batch([Frame(FrameType.BATCH, 0, [Frame(FrameType.HALF_CLOSE, 1)])])


def test_the_health_check_example_of_section_5():
    settings = Frame(FrameType.SETTINGS, 0, wire.Settings(version=1, max_message_size=4194304, initial_window_size=262144))
    assert frames.encode(settings).hex() == "000000000000" + "0801108080800220808010"
    metadata = frames.metadata_entries([("authorization", "Bearer t0k3n"), ("grpc-timeout", "1S")])
    open_frame = Frame(FrameType.OPEN, 1, wire.OpenStream(method="/grpc.health.v1.Health/Check", metadata=metadata))
    open_frame.body.request_message = b""
    assert frames.encode(open_frame).hex() == (
        "010000000001"
        "0a1c2f677270632e6865616c74682e76312e4865616c74682f436865636b"
        "121d0a0d617574686f72697a6174696f6e120c4265617265722074306b336e"
        "12120a0c677270632d74696d656f757412023153"
        "1a00"
    )
    trailers = frames.decode(bytes.fromhex("0500000000010805121c556e6b6e6f776e20736572766963652027706f6c657374616765272e"))
    assert (trailers.body.code, trailers.body.message) == (5, "Unknown service 'polestage'.")


def test_grpc_timeout_uses_at_most_seven_digits():
    assert encode_timeout(0.1) == "100000u"
    assert encode_timeout(5) == "5000000u"
    assert encode_timeout(30) == "30000m"
    assert encode_timeout(1e-9) == "1n"
    for seconds in (0.0001, 1, 59, 3600, 86400 * 365):
        value = encode_timeout(seconds)
        assert value[:-1].isdigit() and len(value) <= 8 and value[-1] in "HMSmun"


# The connection's read path, against a scripted WebSocket (no server needed): every frame of a message is handled,
# in order, and the client's SETTINGS announces its max_batch_size.


class ScriptedWebSocket:
    """Stands in for a websockets connection: `feed` queues a server message, `sent` holds what the client wrote."""

    def __init__(self) -> None:
        self.incoming: "asyncio.Queue" = asyncio.Queue()
        self.sent: list = []
        self.close_code = None
        self.close_reason = None

    def feed(self, *frames_or_bytes) -> None:
        for item in frames_or_bytes:
            self.incoming.put_nowait(item if isinstance(item, bytes) else frames.encode(item))

    async def __aiter__(self):
        while True:
            data = await self.incoming.get()
            if data is None:
                return
            yield data

    async def send(self, data: bytes) -> None:
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.incoming.put_nowait(None)


SERVER_SETTINGS = Frame(
    FrameType.SETTINGS,
    0,
    wire.Settings(
        version=1, max_message_size=4194304, max_concurrent_streams=128, initial_window_size=262144,
        max_batch_size=65536,
    ),
)


async def opened(max_batch_size: int):
    """A started `Connection` over a `ScriptedWebSocket` that has received the server's SETTINGS."""
    websocket = ScriptedWebSocket()
    connection = Connection(
        websocket, max_message_size=4194304, initial_window_size=262144, max_batch_size=max_batch_size
    )
    connection._start()
    websocket.feed(SERVER_SETTINGS)
    await asyncio.wait_for(connection._wait_for_settings(), 5)
    return websocket, connection


def test_the_client_announces_max_batch_size_and_handles_each_frame_of_a_batch():
    async def scenario():
        websocket, connection = await opened(65536)
        assert connection.peer_max_batch_size == 65536
        one = await connection.open_call("/a.B/C", request=b"")
        two = await connection.open_call("/a.B/C", request=b"")
        websocket.feed(frames.encode_batch([
            Frame(FrameType.MESSAGE, 1, b"first"),
            Frame(FrameType.MESSAGE, 2, b"second"),
            Frame(FrameType.TRAILERS, 1, wire.Trailers()),
            Frame(FrameType.TRAILERS, 2, wire.Trailers(code=5, message="not here")),
        ]))
        received = [await asyncio.wait_for(call.receive(), 5) for call in (one, one, two)]
        with pytest.raises(polestage.RpcError) as raised:
            await asyncio.wait_for(two.receive(), 5)
        await connection.close()
        return websocket, received, raised.value

    websocket, received, error = asyncio.run(scenario())
    settings = frames.decode(websocket.sent[0])
    assert settings.type == FrameType.SETTINGS
    assert settings.body.max_batch_size == 65536
    assert websocket.sent[0].hex() == "000000000000" + "0801108080800220808010" + "28808004"
    assert received == [b"first", None, b"second"]
    assert (error.code, error.message) == (polestage.StatusCode.NOT_FOUND, "not here")
    assert websocket.close_code == 1000


def test_the_entries_before_an_invalid_one_are_handled_before_the_connection_closes():
    async def scenario():
        websocket, connection = await opened(65536)
        call = await connection.open_call("/a.B/C", request=b"")
        entry = frames.encode(Frame(FrameType.MESSAGE, 1, b"kept"))
        bad = bytes.fromhex("04000000000100")  # HALF_CLOSE with a body
        websocket.feed(b"".join((
            bytes.fromhex("090000000000"), len(entry).to_bytes(4, "big"), entry, len(bad).to_bytes(4, "big"), bad,
        )))
        first = await asyncio.wait_for(call.receive(), 5)
        with pytest.raises(polestage.RpcError) as raised:
            await asyncio.wait_for(call.receive(), 5)
        await asyncio.wait_for(connection.closed.wait(), 5)
        return websocket, connection, first, raised.value

    websocket, connection, first, error = asyncio.run(scenario())
    assert first == b"kept"
    assert error.code == polestage.StatusCode.UNAVAILABLE
    assert (websocket.close_code, websocket.close_reason) == (1002, "malformed HALF_CLOSE frame body")


@pytest.mark.parametrize(
    ("max_batch_size", "announced", "reason"),
    [
        (0, "", "BATCH frames are not accepted (max_batch_size is 0)"),  # field 5 is not written
        (58, "283a", "BATCH of 59 bytes exceeds max_batch_size 58"),
    ],
)
def test_a_batch_the_client_did_not_accept_closes_the_connection(max_batch_size, announced, reason):
    async def scenario():
        websocket, connection = await opened(max_batch_size)
        websocket.feed(golden("batch"))
        await asyncio.wait_for(connection.closed.wait(), 5)
        return websocket, connection

    websocket, connection = asyncio.run(scenario())
    assert websocket.sent[0].hex() == "000000000000" + "0801108080800220808010" + announced
    assert (websocket.close_code, websocket.close_reason) == (1002, reason)
    assert connection.close_reason == f"The WebSocket connection closed. (1002 {reason})"
