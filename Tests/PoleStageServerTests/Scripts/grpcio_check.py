"""Calls a PoleStage server's native gRPC (HTTP/2) port with Python's grpcio, unchanged.

Usage: grpcio_check.py HOST:PORT. Uses grpcio's generic API with raw protobuf bytes, so that no
generated code stands between the check and the wire. Prints one line per check; exits 1 on the first
failure.
"""
import sys

import grpc


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def main() -> None:
    target = sys.argv[1]
    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=30)

        # grpc.health.v1.Health/Check with an empty request: SERVING is field 1 = 1.
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        # The first call waits for the channel's first connection to settle: a generous deadline on a loaded machine.
        response = check(b"", timeout=30)
        if response != b"\x08\x01":
            fail(f"health check answered {response!r}")
        print("ok health check SERVING")

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


if __name__ == "__main__":
    main()
