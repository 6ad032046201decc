"""What a type checker sees of the client: mypy checks a small program that uses it, and reports a request of the
wrong message at the line that passes it. Skipped when mypy or types-protobuf is not installed (`pip install mypy
types-protobuf`)."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import polestage

pytest.importorskip("mypy", reason="mypy is not installed")
try:
    importlib.metadata.version("types-protobuf")
except importlib.metadata.PackageNotFoundError:
    pytest.skip("types-protobuf is not installed", allow_module_level=True)

PROGRAM = '''\
import polestage
from polestage import health_pb2, offers_pb2, placements_pb2


async def main(client: polestage.Client) -> None:
    found = await client.offers.search_offers(offers_pb2.SearchOffersRequest(text="cuisine"))
    reveal_type(found)
    offer = await client.offers.get_offer(offer_id=found.offers[0].id, timeout=5)
    reveal_type(offer)
    await client.offers.search_offers(offers_pb2.OfferRef(offer_id=1))  # WRONG REQUEST
    async for event in client.offers.subscribe(offers_pb2.SubscribeRequest(snapshot=True)):
        reveal_type(event)
    async for change in client.subscribe():
        reveal_type(change)
    async for message in client.watch_inbox():
        reveal_type(message)
    health = await client.health.check(health_pb2.HealthCheckRequest())
    reveal_type(health)
    client.inbox.watch_inbox(placements_pb2.ListInboxRequest())  # WRONG STREAM REQUEST
'''


def test_mypy_sees_the_types_of_requests_and_responses(tmp_path):
    program = tmp_path / "program.py"
    program.write_text(PROGRAM, encoding="utf-8")
    environment = dict(os.environ)
    # The client under test is this process's polestage: installed (mypy finds it through the interpreter), or a
    # source folder on sys.path, which mypy takes from MYPYPATH.
    root = Path(polestage.__file__).resolve().parents[1]
    if root != Path(sysconfig.get_paths()["purelib"]).resolve():
        environment["MYPYPATH"] = str(root)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), "program.py"],
        cwd=tmp_path,  # no configuration file applies
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = PROGRAM.splitlines()

    def line(marker: str) -> int:
        return next(number for number, text in enumerate(lines, 1) if marker in text)

    report = result.stdout
    revealed = dict(re.findall(r'^program\.py:(\d+): note: Revealed type is "([^"]+)"$', report, re.M))
    assert {int(number): name.rsplit(".", 1)[1] for number, name in revealed.items()} == {
        line("reveal_type(found)"): "SearchOffersResponse",
        line("reveal_type(offer)"): "Offer",
        line("reveal_type(event)"): "OfferEvent",
        line("reveal_type(change)"): "OfferEvent",
        line("reveal_type(message)"): "InboxEvent",
        line("reveal_type(health)"): "HealthCheckResponse",
    }, report
    errors = re.findall(r"^program\.py:(\d+): error: (.*)$", report, re.M)
    assert [int(number) for number, _ in errors] == [line("# WRONG REQUEST"), line("# WRONG STREAM REQUEST")], report
    # `expected "SearchOffersRequest | None"` (older mypy: `Optional[SearchOffersRequest]`).
    assert '"OfferRef"' in errors[0][1] and "SearchOffersRequest" in errors[0][1], report
    assert '"ListInboxRequest"' in errors[1][1] and "WatchInboxRequest" in errors[1][1], report
    assert all(message.endswith("[arg-type]") for _, message in errors), report
    assert result.returncode == 1, result.stderr
