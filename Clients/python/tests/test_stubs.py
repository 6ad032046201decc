"""The typed stubs (`polestage._generated.stubs`) against the descriptors of the generated `_pb2` modules, and the
calls they make over a scripted WebSocket. No server needed."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import re
import typing

import pytest

import polestage
import polestage._generated
from polestage import ServerStreamMethod, Stub, UnaryMethod, offers_pb2
from polestage._generated.stubs import STUBS
from polestage.client import _backoff
from polestage.frames import Frame, FrameType
from test_frames import opened

WIRE = polestage.envelope_pb2


def snake(name: str) -> str:
    """The rule that has always named the client's methods (`CreateOffer` is `create_offer`)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def message_modules():
    """Every `_pb2` module under polestage._generated."""
    found = []
    for info in pkgutil.walk_packages(polestage._generated.__path__, "polestage._generated."):
        if info.name.endswith("_pb2"):
            found.append(importlib.import_module(info.name))
    return found


def services():
    """Every service of every generated module, by full name."""
    return {
        service.full_name: service
        for module in message_modules()
        for service in module.DESCRIPTOR.services_by_name.values()
    }


def client() -> polestage.Client:
    return polestage.Client("ws://127.0.0.1:9/grpc")  # never connects


def test_the_generated_modules_hold_every_service():
    assert len(message_modules()) == 10
    assert set(services()) == set(STUBS)
    expected = {"polestage.offers.v1.OfferService", "polestage.placements.v1.InboxService", "grpc.health.v1.Health"}
    assert expected <= set(STUBS)


def test_every_rpc_of_every_service_has_a_typed_method_on_its_stub():
    """A new RPC in a .proto whose stubs were not regenerated fails here: each method of each service's descriptor is
    a declared, typed attribute of its stub class, under the name the client has always given it."""
    on_client = {stub.descriptor.full_name: stub for stub in vars(client()).values() if isinstance(stub, Stub)}
    assert set(on_client) == set(services()), "a service without its attribute on polestage.Client"
    for full_name, service in services().items():
        stub = on_client[full_name]
        assert type(stub) is STUBS[full_name]
        declared = typing.get_type_hints(type(stub))
        names = {snake(method.name): method for method in service.methods}
        assert set(declared) == set(names), f"{full_name}: stale stubs, run Clients/python/scripts/generate.sh"
        assert set(stub.methods) == set(service.methods_by_name)
        for name, descriptor in names.items():
            kind = ServerStreamMethod if descriptor.server_streaming else UnaryMethod
            assert typing.get_origin(declared[name]) is kind, f"{full_name}.{name}"
            request_type, response_type = typing.get_args(declared[name])
            assert request_type.DESCRIPTOR.full_name == descriptor.input_type.full_name
            assert response_type.DESCRIPTOR.full_name == descriptor.output_type.full_name
            method = getattr(stub, name)
            assert type(method) is kind and stub.methods[descriptor.name] is method
            assert (method.request_type, method.response_type) == (request_type, response_type)
            assert method.path == f"/{full_name}/{descriptor.name}"
            assert method.server_streaming == descriptor.server_streaming


def test_the_message_modules_are_named_by_the_package_and_at_their_proto_paths():
    import polestage.offers.v1.offers_pb2
    from polestage.grpc_health.v1 import health_pb2
    from polestage.placements.v1 import placements_pb2

    for module in message_modules():
        name = module.__name__.rsplit(".", 1)[1]
        assert getattr(polestage, name) is module, f"polestage.{name}"
        public = importlib.import_module(module.__name__.replace("polestage._generated.", "polestage."))
        assert public.DESCRIPTOR is module.DESCRIPTOR
        for message in module.DESCRIPTOR.message_types_by_name:
            assert getattr(public, message) is getattr(module, message)
    assert polestage.offers.v1.offers_pb2.OfferRef is offers_pb2.OfferRef
    assert health_pb2.HealthCheckRequest is polestage.health_pb2.HealthCheckRequest
    assert placements_pb2.INBOX_KIND_APPLICATION_RECEIVED == polestage.placements_pb2.INBOX_KIND_APPLICATION_RECEIVED


def test_a_request_of_another_message_is_refused_when_the_method_is_called():
    offers = client().offers
    with pytest.raises(TypeError, match=r"SearchOffers takes a polestage\.offers\.v1\.SearchOffersRequest"):
        offers.search_offers(offers_pb2.OfferRef(offer_id=1))  # mypy reports it too (tests/test_typing.py)
    with pytest.raises(TypeError, match="either a request message or its fields"):
        offers.get_offer(offers_pb2.OfferRef(offer_id=1), offer_id=2)
    with pytest.raises(TypeError, match=r"Subscribe takes a polestage\.offers\.v1\.SubscribeRequest"):
        offers.subscribe(offers_pb2.OfferFilter())  # mypy reports it too (tests/test_typing.py)


def test_a_unary_method_and_a_server_stream_over_a_scripted_socket():
    offer = offers_pb2.Offer(id=7, company_name="Les Halles")
    event = offers_pb2.OfferEvent(position=offers_pb2.StreamPosition(epoch=3, offset=9), live=offers_pb2.Live())

    async def scenario():
        websocket, connection = await opened(65536)
        caller = client()
        caller._connection = connection
        answer = asyncio.ensure_future(caller.offers.get_offer(offer_id=7, timeout=5))
        while connection.open_streams == 0:
            await asyncio.sleep(0.01)
        websocket.feed(
            Frame(FrameType.MESSAGE, 1, offer.SerializeToString()), Frame(FrameType.TRAILERS, 1, WIRE.Trailers())
        )
        got = await asyncio.wait_for(answer, 5)
        async with caller.offers.subscribe(snapshot=False) as stream:
            reading = asyncio.ensure_future(stream.__anext__())
            while connection.open_streams == 0:
                await asyncio.sleep(0.01)
            (stream_id,) = connection._streams
            websocket.feed(Frame(FrameType.MESSAGE, stream_id, event.SerializeToString()))
            first = await asyncio.wait_for(reading, 5)
        await connection.close()
        return websocket, got, first

    websocket, got, first = asyncio.run(scenario())
    opens = [frame for frame in map(polestage.frames.decode, websocket.sent) if frame.type == FrameType.OPEN]
    assert [frame.body.method for frame in opens] == [
        "/polestage.offers.v1.OfferService/GetOffer",
        "/polestage.offers.v1.OfferService/Subscribe",
    ]
    assert opens[0].body.request_message == offers_pb2.OfferRef(offer_id=7).SerializeToString()
    assert type(got) is offers_pb2.Offer and got == offer
    assert type(first) is offers_pb2.OfferEvent and first == event


def test_the_reconnection_backoff_stays_finite_however_many_attempts():
    assert [_backoff(attempt) for attempt in range(8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert _backoff(5000) == 30.0
