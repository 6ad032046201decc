"""PôleStage's Python client: gRPC over one WebSocket (`polestage.grpc.v1`, docs/protocol.md), asyncio.

    async with polestage.connect("ws://127.0.0.1:8080/grpc", token=TOKEN) as client:
        found = await client.offers.search_offers(text="cuisine", page_size=10)
        async for event in client.subscribe():
            ...
        async for event in client.watch_inbox():
            ...

The generated protobuf modules live beside this one, under their proto package paths: `polestage.offers.v1.offers_pb2`,
`polestage.reservations.v1.reservations_pb2`, `polestage.placements.v1.placements_pb2`, ..., and
`polestage.grpc_health.v1.health_pb2`.
"""

from .client import Client, InboxWatch, Method, ResumingStream, ServerStream, Stub, Subscription, connect
from .connection import SUBPROTOCOL, Call, Connection, encode_timeout
from .status import RpcError, StatusCode

__all__ = [
    "Call",
    "Client",
    "Connection",
    "InboxWatch",
    "Method",
    "ResumingStream",
    "RpcError",
    "ServerStream",
    "StatusCode",
    "Stub",
    "Subscription",
    "SUBPROTOCOL",
    "connect",
    "encode_timeout",
]
__version__ = "0.1.0"
