"""The frame codec against the protocol's golden vectors (docs/protocol.md section 12)."""

from __future__ import annotations

import json

import pytest

from conftest import REPOSITORY
from polestage import encode_timeout, frames
from polestage.frames import BODY_TYPES, Frame, FrameError, FrameType
from polestage.wire.v1 import envelope_pb2 as wire

VECTORS = json.loads((REPOSITORY / "Tests/PoleStageWireTests/GoldenVectors/frames.json").read_text())
FIELDS = (
    "version", "max_message_size", "max_concurrent_streams", "initial_window_size", "method", "code", "message",
    "last_stream_id",
)


def expected(spec: dict) -> Frame:
    kind = FrameType[spec["type"]]
    if kind == FrameType.MESSAGE:
        body = bytes.fromhex(spec["body_hex"])
    elif kind == FrameType.WINDOW_UPDATE:
        body = spec["increment"]
    elif kind == FrameType.HALF_CLOSE:
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


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=lambda vector: vector["name"])
def test_invalid_vector_is_rejected_with_its_reason(vector):
    with pytest.raises(FrameError) as raised:
        frames.decode(bytes.fromhex(vector["hex"]))
    assert raised.value.close_code == vector["close_code"]
    assert raised.value.reason == vector["reason"]


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
