"""PôleStage's Python client: gRPC over one WebSocket (`polestage.grpc.v1`, docs/protocol.md), asyncio.

    from polestage import offers_pb2

    async with polestage.connect("ws://127.0.0.1:8080/grpc", token=TOKEN) as client:
        found = await client.offers.search_offers(offers_pb2.SearchOffersRequest(text="cuisine", page_size=10))
        async for event in client.subscribe():
            ...
        async for event in client.watch_inbox():
            ...

The message modules are named here: `polestage.offers_pb2`, `polestage.placements_pb2`, ..., `polestage.health_pb2`
(grpc.health.v1). They are generated, with the typed stubs, under `polestage._generated`; their proto paths
(`polestage.offers.v1.offers_pb2`, `polestage.grpc_health.v1.health_pb2`, ...) re-export them for protoc's code.
"""

from ._generated.admin.v1 import admin_pb2
from ._generated.calendar.v1 import calendar_pb2
from ._generated.common.v1 import types_pb2
from ._generated.contacts.v1 import contacts_pb2
from ._generated.grpc_health.v1 import health_pb2
from ._generated.offers.v1 import offers_pb2
from ._generated.placements.v1 import placements_pb2
from ._generated.practice.v1 import practice_pb2
from ._generated.reservations.v1 import reservations_pb2
from ._generated.stubs import (
    AdminServiceStub,
    ApplicationServiceStub,
    CalendarServiceStub,
    ContactServiceStub,
    HealthStub,
    InboxServiceStub,
    OfferServiceStub,
    PracticeServiceStub,
    PupilServiceStub,
    ReservationServiceStub,
    SignInServiceStub,
)
from ._generated.wire.v1 import envelope_pb2
from .client import Client, InboxWatch, ResumingStream, Subscription, connect
from .connection import SUBPROTOCOL, Call, Connection, encode_timeout
from .status import RpcError, StatusCode
from .stub import Method, MetadataLike, ServerStream, ServerStreamMethod, Stub, UnaryMethod

__all__ = [
    "AdminServiceStub",
    "ApplicationServiceStub",
    "Call",
    "CalendarServiceStub",
    "Client",
    "Connection",
    "ContactServiceStub",
    "HealthStub",
    "InboxServiceStub",
    "InboxWatch",
    "Method",
    "MetadataLike",
    "OfferServiceStub",
    "PracticeServiceStub",
    "PupilServiceStub",
    "ReservationServiceStub",
    "ResumingStream",
    "RpcError",
    "ServerStream",
    "ServerStreamMethod",
    "SignInServiceStub",
    "StatusCode",
    "Stub",
    "Subscription",
    "SUBPROTOCOL",
    "UnaryMethod",
    "admin_pb2",
    "calendar_pb2",
    "connect",
    "contacts_pb2",
    "encode_timeout",
    "envelope_pb2",
    "health_pb2",
    "offers_pb2",
    "placements_pb2",
    "practice_pb2",
    "reservations_pb2",
    "types_pb2",
]
__version__ = "0.1.0"
