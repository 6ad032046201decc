"""Holds many half-open HTTP connections against a PoleStage server, and checks that they neither stop a well-behaved
client nor outlive the server's request-head timeout.

Usage: half_open_check.py HOST PORT COUNT HEAD_TIMEOUT_SECONDS. Each connection sends half a request head (no empty
line) and then nothing. While they are open, a whole request for /healthz must be answered; then every one of them
must be answered (408) and closed by the server within HEAD_TIMEOUT + 30 s of the last one opening. Prints one line per
check; exits 1 on the first failure. Standard library only.
"""
import resource
import selectors
import socket
import sys
import time


def fail(message: str) -> None:
    print(f"FAIL {message}", flush=True)
    sys.exit(1)


def main() -> None:
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    host, port, count, head_timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1000), hard))

    half = b"GET /grpc HTTP/1.1\r\nHost: polestage\r\nUpgrade: websocket\r\n"
    selector = selectors.DefaultSelector()
    started = time.monotonic()
    for _ in range(count):
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.setblocking(False)
        connection.connect_ex((host, port))
        selector.register(connection, selectors.EVENT_WRITE, "connecting")
    opened = 0
    pending = count
    deadline = started + 120
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            connection = key.fileobj
            if key.data == "connecting":
                if connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    fail("a connection was refused while the server held the others")
                connection.send(half)
                selector.modify(connection, selectors.EVENT_READ, bytearray())
                opened += 1
                pending -= 1
            else:
                data = connection.recv(65536)
                if not data:
                    key.data.extend(b"<closed>")
                    selector.unregister(connection)
                    connection.close()
                else:
                    key.data.extend(data)
    if pending:
        fail(f"only {opened} of {count} connections opened in 120 s")
    last_opened = time.monotonic()
    print(f"ok {count} half-open connections held, opened in {last_opened - started:.1f} s", flush=True)

    # A well-behaved client, while they are open.
    with socket.create_connection((host, port), timeout=30) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: polestage\r\nConnection: close\r\n\r\n")
        answer = b""
        while True:
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    if not answer.startswith(b"HTTP/1.1 200") or not answer.endswith(b"ok"):
        fail(f"/healthz answered {answer[:80]!r} while the half-open connections were held")
    print("ok /healthz answered while they were held", flush=True)

    # Every half-open connection is answered 408 and closed by the server.
    closed_deadline = last_opened + head_timeout + 30
    answered = 0
    while selector.get_map() and time.monotonic() < closed_deadline:
        for key, _ in selector.select(timeout=1):
            connection = key.fileobj
            try:
                data = connection.recv(65536)
            except ConnectionResetError:
                data = b""
            if data:
                key.data.extend(data)
                continue
            if bytes(key.data).startswith(b"HTTP/1.1 408"):
                answered += 1
            selector.unregister(connection)
            connection.close()
    remaining = len(selector.get_map())
    # Those closed before the health check were read then: count their answers too.
    if remaining:
        fail(f"{remaining} of {count} connections still open {head_timeout + 30:.0f} s after the last one opened")
    print(f"ok every connection closed by the server after its request-head timeout ({answered} answered 408 at the end)",
          flush=True)


if __name__ == "__main__":
    main()
