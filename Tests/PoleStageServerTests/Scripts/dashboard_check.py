#!/usr/bin/env python3
"""Drives the live dashboard in Debian's headless chromium (selenium + chromium-driver) for DashboardTests.swift.

Talks with the Swift test line by line: it prints `SHOWN {json}` once the page is live with the demo basin's offers
(naming an offer with a free seat: id, free seats on the page, a week and a level to reserve it with), then waits for
`RESERVED` on standard input, checks that the page shows one seat fewer without a reload, drops the page's WebSocket
and checks that the page reconnects and resumes (no full reload of the board), prints `RESUMED {json}`, waits for
`RESERVED` again and checks the second change arrives too. Prints `OK` at the end; any failure exits 1 with the reason.

Usage: dashboard_check.py URL TOKEN [--screenshot FILE]
"""
import json
import shutil
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 30


def fail(message, driver=None):
    print(f"FAIL {message}", flush=True)
    if driver is not None:
        logs = driver.execute_script("return document.body.innerText.slice(0, 2000)")
        print(f"page text: {logs}", flush=True)
    sys.exit(1)


def wait_for(driver, what, condition, timeout=TIMEOUT):
    # The page re-renders its tables on every event: an element found may be gone when its text is read. That poll
    # does not count; the next one reads the new element.
    try:
        return WebDriverWait(
            driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda d: condition(d))
    except TimeoutException:
        fail(f"timed out after {timeout} s waiting for {what}", driver)


def text(driver, selector):
    """The text of the first element matching `selector`, read again if the page replaced the element meanwhile."""
    for _ in range(50):
        elements = driver.find_elements(By.CSS_SELECTOR, selector)
        try:
            return elements[0].text if elements else None
        except StaleElementReferenceException:
            continue
    fail(f"{selector} kept being replaced while read", driver)


def free_on_page(driver, offer_id):
    value = text(driver, f'#offers tr[data-offer-id="{offer_id}"] td.free')
    return int(value) if value not in (None, "") else None


def offer_with_free_seat(driver, exclude=()):
    """An offer of the page's board with a free seat: its id, free seats shown, a free week and one of its levels."""
    return driver.execute_script(
        """
        const board = window.polestage.board;
        for (const offer of board.list()) {
          if (arguments[0].includes(String(offer.id))) continue;
          const period = offer.periods.find((p) => p.seats_free > 0);
          if (!period || offer.details.levels.length === 0) continue;
          const row = document.querySelector(`#offers tr[data-offer-id="${offer.id}"] td.free`);
          return { id: String(offer.id), free: Number(row.textContent), week: period.week, level: offer.details.levels[0] };
        }
        return null;
        """,
        list(exclude),
    )


def expect_reservation(driver, shown):
    """Waits for RESERVED on stdin, then for the page to show one free seat fewer on that offer."""
    line = sys.stdin.readline().strip()
    if line != "RESERVED":
        fail(f"expected RESERVED from the test, got {line!r}")
    offer = shown["id"]
    total_before = shown["total_free"]
    wait_for(driver, f"offer {offer} to show {shown['free'] - 1} free seats", lambda d: free_on_page(d, offer) == shown["free"] - 1 or (shown["free"] == 1 and free_on_page(d, offer) is None))
    wait_for(driver, "the free-seat counter to go down by one", lambda d: text(d, "#count-free-seats") == str(total_before - 1))
    wait_for(driver, f"a 'seat taken' entry for offer {offer} in the feed", lambda d: d.find_elements(By.CSS_SELECTOR, f'#feed li[data-kind="seat taken"][data-offer-id="{offer}"]'))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    url, token = sys.argv[1], sys.argv[2]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(f"{url}#token={token}")
        wait_for(driver, "the connection to be live", lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live")
        wait_for(driver, "the demo basin's offers", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#offers tbody tr")) > 0)
        if "token=" in driver.current_url:
            fail("the token stayed in the address bar", driver)
        shown = offer_with_free_seat(driver)
        if shown is None:
            fail("no offer with a free seat on the page", driver)
        shown["total_free"] = int(text(driver, "#count-free-seats"))
        shown["offers"] = len(driver.find_elements(By.CSS_SELECTOR, "#offers tbody tr"))
        print("SHOWN " + json.dumps(shown), flush=True)
        expect_reservation(driver, shown)

        # A network drop: the page reconnects with backoff and resumes from its position (no reset, no snapshot).
        driver.execute_script("window.polestage.feed.dropConnection()")
        wait_for(driver, "the page to notice the drop", lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") != "live", timeout=10)
        # It says so plainly, in French, and says it again when it is live.
        wait_for(driver, "the page to say it is offline", lambda d: text(d, "#connection-state").startswith(("connexion perdue", "connexion…", "synchronisation…")))
        wait_for(driver, "the connection to be live again", lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live")
        if text(driver, "#connection-state") != "en direct":
            fail("live again, the page does not say so", driver)
        if driver.find_elements(By.CSS_SELECTOR, '#feed li[data-kind="reset"]'):
            fail("the page started over from a snapshot instead of resuming", driver)
        again = offer_with_free_seat(driver)
        again["total_free"] = int(text(driver, "#count-free-seats"))
        print("RESUMED " + json.dumps(again), flush=True)
        expect_reservation(driver, again)

        if screenshot:
            driver.save_screenshot(screenshot)
        print("OK", flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
