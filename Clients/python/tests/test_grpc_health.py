"""This client and PyPI's grpcio-health-checking in one process. Both define grpc.health.v1's messages (the package's
`grpc_health/v1/health.proto`, ours `grpc/health/v1/health.proto`); the client keeps its own out of protobuf's default
descriptor pool (`polestage/_generated/grpc_health/v1/health_pb2.py`), so either may be imported first. No server
needed; skipped when grpcio-health-checking is not installed."""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys

import pytest

import polestage
from polestage import frames
from polestage.frames import Frame, FrameType
from polestage import envelope_pb2 as wire
from test_frames import opened

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("grpc_health") is None,
    reason="grpcio-health-checking is not installed",
)

ORDERS = {
    "grpc_health first": (
        "from grpc_health.v1 import health_pb2 as published\n"
        "import polestage\n"
        "from polestage import health_pb2 as ours\n"
    ),
    "polestage first": (
        "import polestage\n"
        "from polestage import health_pb2 as ours\n"
        "from grpc_health.v1 import health_pb2 as published\n"
    ),
}

CHECKS = """
from google.protobuf import descriptor_pool
from grpc_health.v1 import health_pb2_grpc

assert ours.HealthCheckRequest is not published.HealthCheckRequest
request = published.HealthCheckRequest(service="polestage.offers.v1.OfferService")
assert ours.HealthCheckRequest.FromString(request.SerializeToString()).service == request.service
serving = ours.HealthCheckResponse(status=ours.HealthCheckResponse.SERVING).SerializeToString()
assert serving == published.HealthCheckResponse(status=published.HealthCheckResponse.SERVING).SerializeToString()
assert descriptor_pool.Default().FindMessageTypeByName("grpc.health.v1.HealthCheckRequest").file.name == (
    "grpc_health/v1/health.proto"
)
client = polestage.Client("ws://127.0.0.1:9/grpc")
assert client.health.check.path == "/grpc.health.v1.Health/Check"
assert client.health.watch.server_streaming
assert client.health.check.response_type is ours.HealthCheckResponse
print("ok")
"""


@pytest.mark.parametrize("order", ORDERS)
def test_the_client_and_grpc_health_import_in_either_order(order):
    # A fresh interpreter per order: the first import is the one that used to claim the symbols.
    result = subprocess.run(
        [sys.executable, "-c", ORDERS[order] + CHECKS], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr


def test_health_check_takes_a_grpc_health_request_and_answers_with_the_clients_message():
    from grpc_health.v1 import health_pb2 as published

    from polestage import health_pb2 as ours

    request = published.HealthCheckRequest(service="polestage.offers.v1.OfferService")

    async def scenario():
        websocket, connection = await opened(65536)
        client = polestage.Client("ws://scripted/grpc")
        client._connection = connection
        answer = asyncio.ensure_future(client.health.check(request, timeout=5))
        while connection.open_streams == 0 and not answer.done():
            await asyncio.sleep(0.01)
        serving = ours.HealthCheckResponse(status=ours.HealthCheckResponse.SERVING)
        websocket.feed(
            Frame(FrameType.MESSAGE, 1, serving.SerializeToString()),
            Frame(FrameType.TRAILERS, 1, wire.Trailers()),
        )
        response = await asyncio.wait_for(answer, 5)
        await connection.close()
        return websocket, response

    websocket, response = asyncio.run(scenario())
    sent = [frames.decode(data) for data in websocket.sent]
    open_frame = next(frame for frame in sent if frame.type == FrameType.OPEN)
    assert open_frame.body.method == "/grpc.health.v1.Health/Check"
    assert open_frame.body.request_message == request.SerializeToString()
    assert type(response) is ours.HealthCheckResponse
    assert response.status == ours.HealthCheckResponse.SERVING
    with pytest.raises(TypeError, match=r"takes a grpc\.health\.v1\.HealthCheckRequest"):
        polestage.Client("ws://scripted/grpc").health.check(wire.Settings())
