"""Calls a PoleStage server's native gRPC (HTTP/2) port with Python's grpcio, unchanged.

Usage: grpcio_check.py HOST:PORT TOKEN BASIN OFFER_ID. TOKEN spans several basins (the coordination's), so calls to
OfferService name BASIN with `polestage-basin`; OFFER_ID is a published offer of that basin. Uses grpcio's generic
API with raw protobuf bytes, read back by the small decoder below, so that no generated code stands between the check
and the wire, except for server reflection, which is read as generic tools read it: through grpcio-reflection's
descriptor database (the grpc.reflection.v1alpha service, no .proto file). Prints one line per check; exits 1 on the
first failure.
"""
import struct
import sys

import grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def varint(data: bytes, index: int) -> tuple:
    value = shift = 0
    while True:
        byte = data[index]
        index += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, index


def fields(data: bytes) -> list:
    """A message's fields in order, as (number, value): an int for a varint, the bytes otherwise."""
    found, index = [], 0
    while index < len(data):
        key, index = varint(data, index)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, index = varint(data, index)
        elif wire_type in (1, 5):
            size = 8 if wire_type == 1 else 4
            value, index = data[index : index + size], index + size
        elif wire_type == 2:
            size, index = varint(data, index)
            value, index = data[index : index + size], index + size
        else:
            fail(f"wire type {wire_type} in {data!r}")
        found.append((number, value))
    return found


def values(data: bytes, number: int) -> list:
    return [value for field, value in fields(data) if field == number]


def position(event: bytes) -> tuple:
    """An OfferEvent's position (field 1, StreamPosition {epoch = 1, offset = 2}) as (epoch, offset)."""
    found = values(event, 1)
    if not found:
        return (0, 0)
    return (values(found[-1], 1) or [0])[-1], (values(found[-1], 2) or [0])[-1]


def expect_status(call, code: grpc.StatusCode, details: str, what: str) -> None:
    try:
        call()
        fail(f"{what} did not fail")
    except grpc.RpcError as error:
        if error.code() != code or error.details() != details:
            fail(f"{what}: {error.code()} {error.details()!r}")
    print(f"ok {what} {code.name}")


def main() -> None:
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    target, token, basin, offer_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=30)

        # grpc.health.v1.Health/Check with an empty request: SERVING is field 1 = 1.
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        # The first call waits for the channel's first connection to settle: a generous deadline on a loaded machine.
        response = check(b"", timeout=30)
        if response != b"\x08\x01":
            fail(f"health check answered {response!r}")
        print("ok health check SERVING")

        # Server reflection, without a token: the services, and a service's file found by its name.
        reflection = ProtoReflectionDescriptorDatabase(channel)
        services = set(reflection.get_services())
        for name in ("polestage.offers.v1.OfferService", "polestage.admin.v1.AdminService", "grpc.health.v1.Health"):
            if name not in services:
                fail(f"reflection lists {sorted(services)}, not {name}")
        found = reflection.FindFileContainingSymbol("polestage.offers.v1.OfferService")
        if found.name != "polestage/offers/v1/offers.proto" or "Subscribe" not in [m.name for m in found.service[0].method]:
            fail(f"reflection describes OfferService as {found.name}")
        print("ok reflection lists the services and describes OfferService")

        # An unknown service name: NOT_FOUND with the server's message.
        try:
            check(b"\x0a\x04nope", timeout=10)
            fail("unknown service did not fail")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND or error.details() != "Unknown service 'nope'.":
                fail(f"unknown service: {error.code()} {error.details()!r}")
        print("ok health check NOT_FOUND")

        # grpc.testing.TestService/UnaryCall: response_size (field 2) = 10, echoed initial metadata.
        unary = channel.unary_unary("/grpc.testing.TestService/UnaryCall")
        response, call = unary.with_call(
            b"\x10\x0a", timeout=10, metadata=(("x-grpc-test-echo-initial", "from-python"),)
        )
        if response != b"\x0a\x0c\x12\x0a" + b"\x00" * 10:
            fail(f"unary call answered {response!r}")
        if ("x-grpc-test-echo-initial", "from-python") not in call.initial_metadata():
            fail(f"initial metadata {call.initial_metadata()!r}")
        print("ok unary call with metadata")

        # StreamingOutputCall: three responses of 1, 2 and 3 bytes (response_parameters, field 2).
        stream = channel.unary_stream("/grpc.testing.TestService/StreamingOutputCall")
        request = b"".join(b"\x12\x02\x08" + bytes([size]) for size in (1, 2, 3))
        sizes = [len(message) - 4 for message in stream(request, timeout=10)]
        if sizes != [1, 2, 3]:
            fail(f"server streaming sizes {sizes}")
        print("ok server streaming")

        # A status asked for by the request (response_status, field 7): code 2 with its message.
        try:
            unary(b"\x3a\x0b\x08\x02\x12\x07because", timeout=10)
            fail("requested status did not fail")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNKNOWN or error.details() != "because":
                fail(f"requested status: {error.code()} {error.details()!r}")
        print("ok status code and message")

        # PoleStage's own service, with a token: docs/tenancy.md.
        credentials = (("authorization", f"Bearer {token}"), ("polestage-basin", basin))

        # OfferService/SearchOffers with an empty request: SearchOffersResponse.offers (field 1) holds the offer,
        # whose id is field 1.
        search = channel.unary_unary("/polestage.offers.v1.OfferService/SearchOffers")
        response = search(b"", timeout=10, metadata=credentials)
        found = [(values(offer, 1) or [0])[0] for offer in values(response, 1)]
        if offer_id not in found:
            fail(f"SearchOffers found {found}, not offer {offer_id}")
        print(f"ok SearchOffers finds offer {offer_id}")

        expect_status(
            lambda: search(b"", timeout=10),
            grpc.StatusCode.UNAUTHENTICATED,
            "missing 'authorization: Bearer <token>' metadata",
            "SearchOffers without a token",
        )
        expect_status(
            lambda: search(b"", timeout=10, metadata=credentials[:1]),
            grpc.StatusCode.INVALID_ARGUMENT,
            "this call works in one basin: name it with the 'polestage-basin' metadata key",
            "SearchOffers without polestage-basin",
        )
        # radius_km is field 7, a double (wire type 1).
        expect_status(
            lambda: search(b"\x39" + struct.pack("<d", -1.0), timeout=10, metadata=credentials),
            grpc.StatusCode.INVALID_ARGUMENT,
            "radius_km : doit être entre 0 et 300",
            "SearchOffers radius_km -1",
        )

        # OfferService/Subscribe with snapshot (field 3) set: snapshot pages (OfferEvent field 4: Snapshot {offers = 1,
        # last = 2}), the last one at the log's position, then `live` (field 5) at the same position. Read until then,
        # then cancel: the stream would go on with live changes.
        subscribe = channel.unary_stream("/polestage.offers.v1.OfferService/Subscribe")
        events = subscribe(b"\x18\x01", timeout=30, metadata=credentials)
        snapshot, last, live, kinds = [], None, None, []
        for event in events:
            kind = next((number for number, _ in fields(event) if number != 1), None)
            kinds.append(kind)
            if kind == 4:
                page = values(event, 4)[-1]
                snapshot += [(values(offer, 1) or [0])[0] for offer in values(page, 1)]
                if values(page, 2) == [1]:
                    last = position(event)
            elif kind == 5:
                live = position(event)
                break
            else:
                fail(f"Subscribe sent event field {kind} before live: {event!r}")
        else:
            fail(f"Subscribe ended before live, after events {kinds}")
        events.cancel()
        if offer_id not in snapshot:
            fail(f"the snapshot holds {snapshot}, not offer {offer_id}")
        if last is None or last[0] <= 0 or last[1] < 1:
            fail(f"the snapshot's last page is at {last}, events {kinds}")
        if live != last:
            fail(f"live at {live}, the snapshot at {last}")
        print(f"ok Subscribe snapshot (offer {offer_id}) then live at {live[0]}/{live[1]}")

        # A bad filter fails the stream: filter (field 1) with radius_km (field 6, a double) = -1.
        bad_filter = b"\x0a\x09\x31" + struct.pack("<d", -1.0)
        expect_status(
            lambda: list(subscribe(bad_filter, timeout=10, metadata=credentials)),
            grpc.StatusCode.INVALID_ARGUMENT,
            "filter.radius_km : doit être entre 0 et 300",
            "Subscribe filter.radius_km -1",
        )


if __name__ == "__main__":
    main()
