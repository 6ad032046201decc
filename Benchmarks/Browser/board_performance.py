#!/usr/bin/env python3
"""The web page's own figures, measured in Debian's headless chromium with the Performance API.

1. Sign-in to live, on the demo: a fresh animator invite opened RUNS times, each in a new browser; the page's marks
   (`polestage:signed-in`, `polestage:live`, `polestage:drawn`, set by js/app.js) against the navigation's start.
2. The board under load: the demo's basin grown to OFFERS published offers (the demo's company, random places around
   Chalon-sur-Saône, one to four weeks of 1 to 4 seats), the animator's board open on all of them (the page's default
   filter), then RATE offer updates per second for SECONDS seconds, each a change the board receives live. Every
   main-thread task over 50 ms (`longtask` entries) is recorded, split between the first load (snapshot, table, map)
   and the changes.

The server is the binary given (a release build for the figures: `swift build -c release --product polestage`),
started here on `--demo` with a data folder of its own, and stopped at the end. Needs the Python client
(`pip install ./Clients/python`) and selenium. Prints one line per figure and a summary against the targets:
live within 1 s of sign-in; no task over 50 ms under 100 changes per second.

Usage: board_performance.py [--server .build/release/polestage] [--offers 5000] [--rate 100] [--seconds 30] [--runs 5]
"""
import argparse
import asyncio
import datetime
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import polestage
from polestage import admin_pb2, offers_pb2, types_pb2
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASIN = "chalon-tournus-louhans"
TRADES = ["D1102", "G1602", "I1604", "F1602", "A1203", "D1106", "M1203", "H2913"]
COMMUNES = [("Chalon-sur-Saône", "71100"), ("Tournus", "71700"), ("Louhans", "71500"), ("Chagny", "71150"),
            ("Givry", "71640"), ("Saint-Marcel", "71380"), ("Châtenoy-le-Royal", "71880"), ("Cuisery", "71290")]

# Installed before the page's own scripts: every long task, with the time it started.
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1300,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS})
    return driver


def wait(driver, script, timeout=120):
    """Polls `script` in the page until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for: {script}")


def marks(driver):
    return wait(driver, """
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
        const drawn = at("polestage:drawn");
        return drawn === undefined ? null : { signedIn: at("polestage:signed-in"), live: at("polestage:live"), drawn };
    """)


class Server:
    def __init__(self, binary):
        self.data = tempfile.mkdtemp(prefix="polestage-browser-")
        self.port, grpc = free_port(), free_port()
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--port", str(self.port), "--grpc-port", str(grpc), "--data", self.data],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.tokens = {}
        for line in self.process.stdout:
            found = re.match(r"^\s+(coordinator|animator|school|company|pupil):\s+(\S+)$", line)
            if found:
                self.tokens[found.group(1)] = found.group(2)
            if "PoleStage listening" in line:
                break
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = f"ws://127.0.0.1:{self.port}/grpc"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.data, ignore_errors=True)


async def invite_animator(server):
    async with polestage.connect(server.url, token=server.tokens["coordinator"]) as client:
        invite = await client.admin.invite_user(admin_pb2.InviteUserRequest(role="animator", basin_id=BASIN))
        return server.origin + invite.path


def offer_details(random_source, week):
    commune, postal = random_source.choice(COMMUNES)
    start = random_source.randint(1, 12)
    weeks = [week(start + index) for index in range(random_source.randint(1, 4))]
    return offers_pb2.OfferDetails(
        trade_code=random_source.choice(TRADES),
        title=f"Stage découverte {random_source.randint(1, 99_999)}",
        levels=[random_source.choice([1, 2, 3, 4, 5])],
        periods=[offers_pb2.PeriodSeats(week=w, seats=random_source.randint(1, 4)) for w in weeks],
        address=types_pb2.Address(street="1 rue de l'Essai", postal_code=postal, commune=commune),
        location=types_pb2.GeoPoint(latitude=46.78 + random_source.uniform(-0.3, 0.3), longitude=4.85 + random_source.uniform(-0.3, 0.3)),
    )


def iso_week(offset):
    """The ISO week `offset` weeks from this one."""
    iso = (datetime.date.today() + datetime.timedelta(weeks=offset)).isocalendar()
    return types_pb2.IsoWeek(year=iso[0], week=iso[1])


async def seed(server, count):
    """`count` published offers of the demo's company, 32 calls in flight at a time."""
    random_source = random.Random(2026)
    offers = []
    limit = asyncio.Semaphore(32)
    async with polestage.connect(server.url, token=server.tokens["company"]) as client:
        async def one():
            details = offer_details(random_source, iso_week)
            async with limit:
                offer = await client.offers.create_offer(offers_pb2.CreateOfferRequest(details=details, publish=True))
            offers.append(offer)
        await asyncio.gather(*(one() for _ in range(count)))
    return offers


async def changes(server, offers, rate, seconds, stats):
    """`rate` updates per second for `seconds` seconds, each one offer's first week gaining or losing a seat."""
    random_source = random.Random(7)
    async with polestage.connect(server.url, token=server.tokens["company"]) as client:
        pending = set()
        start = time.monotonic()
        for index in range(int(rate * seconds)):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            offer = random_source.choice(offers)
            details = offers_pb2.OfferDetails()
            details.CopyFrom(offer.details)
            details.periods[0].seats = details.periods[0].seats % 4 + 1
            offer.details.CopyFrom(details)

            async def update(offer_id=offer.id, details=details):
                try:
                    await client.offers.update_offer(offers_pb2.UpdateOfferRequest(offer_id=offer_id, details=details))
                    stats["done"] += 1
                except polestage.RpcError as error:
                    stats["failed"] += 1
                    stats["error"] = str(error)
            task = asyncio.create_task(update())
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)
        stats["seconds"] = time.monotonic() - start


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=".build/release/polestage")
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    if not os.access(arguments.server, os.X_OK):
        raise SystemExit(f"{arguments.server} is not an executable: swift build -c release --product polestage")

    server = Server(arguments.server)
    try:
        # 1. Sign-in to live, on the demo as it starts.
        runs = []
        for _ in range(arguments.runs):
            link = asyncio.run(invite_animator(server))
            driver = browser()
            try:
                driver.get(link)
                runs.append(marks(driver))
            finally:
                driver.quit()
        for name, key in (("sign-in", "signedIn"), ("live", "live"), ("drawn", "drawn")):
            values = [run[key] for run in runs]
            print(f"demo, navigation to {name}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms ({len(values)} runs)")
        after_sign_in = [run["live"] - run["signedIn"] for run in runs]
        print(f"demo, sign-in to live: median {statistics.median(after_sign_in):.0f} ms, max {max(after_sign_in):.0f} ms")

        # 2. The board of OFFERS offers under RATE changes per second.
        started = time.monotonic()
        offers = asyncio.run(seed(server, arguments.offers))
        print(f"seeded {len(offers)} offers in {time.monotonic() - started:.1f} s")
        driver = browser()
        try:
            driver.get(asyncio.run(invite_animator(server)))
            loaded = marks(driver)
            shown = wait(driver, "return window.polestage?.board?.list().length ?? 0")
            print(f"board of {shown} offers: navigation to live {loaded['live']:.0f} ms, drawn {loaded['drawn']:.0f} ms")
            time.sleep(2)  # The map draws at most once a second: its first full draw is part of the load.
            window_start = driver.execute_script("return performance.now()")
            before = driver.execute_script("return window.polestage.feed.position ? Number(window.polestage.feed.position.offset) : 0")
            stats = {"done": 0, "failed": 0}
            asyncio.run(changes(server, offers, arguments.rate, arguments.seconds, stats))
            time.sleep(1)
            after = driver.execute_script("return Number(window.polestage.feed.position.offset)")
            tasks = driver.execute_script("return window.__longTasks")
        finally:
            driver.quit()
        load_tasks = [duration for start, duration in tasks if start < window_start]
        change_tasks = [duration for start, duration in tasks if start >= window_start]
        print(
            f"changes: {stats['done']} updates in {stats['seconds']:.1f} s ({stats['done'] / stats['seconds']:.1f}/s), "
            f"{stats['failed']} failed{' (' + stats.get('error', '') + ')' if stats['failed'] else ''}; "
            f"the page received {after - before} changes"
        )
        print(f"long tasks during the first load: {len(load_tasks)}, longest {max(load_tasks, default=0):.0f} ms")
        print(
            f"long tasks during the changes: {len(change_tasks)}, longest {max(change_tasks, default=0):.0f} ms, "
            f"p50 {percentile(change_tasks, 0.5):.0f} ms"
        )
        live_ok = max(after_sign_in) <= 1000
        changes_ok = not change_tasks
        print(f"target live within 1 s of sign-in: {'met' if live_ok else 'missed'}")
        print(f"target no task over 50 ms at {arguments.rate:.0f} changes/s on {shown} offers: {'met' if changes_ok else 'missed'}")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
