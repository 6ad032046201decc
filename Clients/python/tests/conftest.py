"""Starts the real `polestage` binary, as the README does: `polestage serve --demo --port 0 --grpc-port 0 --data DIR`.

The binary is `$POLESTAGE_BIN`, else the repository's `.build/debug/polestage`. Its output is read line by line: the
"listening" log line gives the WebSocket URL (`websocket=ws://…` in text logs, `"websocket":"ws://…"` in JSON logs),
and `--demo` prints one token per role (`  school: eyJ…`) before it.
"""

from __future__ import annotations

import asyncio
import functools
import os
import queue
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
ROLES = ("coordinator", "animator", "school", "company", "pupil")
_FIELD = re.compile(r'(?: websocket=([^ ]+)|"websocket":"([^"]+)")')


def polestage_binary() -> str:
    configured = os.environ.get("POLESTAGE_BIN")
    if configured:
        if not os.access(configured, os.X_OK):
            pytest.fail(f"POLESTAGE_BIN={configured} is not an executable")
        return configured
    built = REPOSITORY / ".build" / "debug" / "polestage"
    if os.access(built, os.X_OK):
        return str(built)
    pytest.skip("no polestage binary: set POLESTAGE_BIN or run `swift build`")


class Server:
    """A `polestage serve` process. `url` is its WebSocket URL, `tokens` the demo tokens by role."""

    def __init__(self, binary: str, data: Path, *, port: int = 0, demo: bool = True, options=()) -> None:
        arguments = [binary, "serve", "--port", str(port), "--grpc-port", "0", "--data", str(data), *options]
        if demo:
            arguments.insert(2, "--demo")
        self.process = subprocess.Popen(
            arguments,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.lines: list[str] = []
        lines: "queue.Queue[str | None]" = queue.Queue()

        def read() -> None:  # drains the pipe until the process exits, so that it never blocks on a full pipe
            for line in self.process.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        self.url = ""
        self.tokens: dict[str, str] = {}
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                self.process.kill()
                raise RuntimeError("polestage did not log 'listening' within 60 s:\n" + "\n".join(self.lines))
            if line is None:
                raise RuntimeError("polestage exited before listening:\n" + "\n".join(self.lines))
            self.lines.append(line)
            parts = [part.strip() for part in line.split(":", 1)]
            if len(parts) == 2 and parts[0] in ROLES:
                self.tokens[parts[0]] = parts[1]
            match = _FIELD.search(line)
            if match:
                self.url = match.group(1) or match.group(2)
                break
        self.port = int(re.search(r":(\d+)/", self.url).group(1))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="session")
def binary() -> str:
    return polestage_binary()


@pytest.fixture(scope="session")
def server(binary, tmp_path_factory):
    """One demo server for the tests that do not restart it."""
    running = Server(binary, tmp_path_factory.mktemp("data"))
    assert set(running.tokens) == set(ROLES), running.lines
    yield running
    assert running.stop() == 0


def run(test):
    """Runs an `async def` test in a fresh event loop, bounded to 120 s in all."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(asyncio.wait_for(test(*args, **kwargs), 120))

    return wrapper
