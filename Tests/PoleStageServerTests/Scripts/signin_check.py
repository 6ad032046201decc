#!/usr/bin/env python3
"""Drives the web sign-in in Debian's headless chromium (selenium + chromium-driver) for DashboardTests.swift.

With the demo's one-time links: the school's invite signs in to a live board whose header names the school and the
basin (no id, no English role name) and leaves no code in the address bar; a reload stays signed in (the refresh
cookie); signing out shows the sign-in form, and a reload stays signed out; the used link then says so in French; the
pupil's link signs the pupil in; the coordinator's link opens on a basin chosen by name, and another basin can be
picked. axe-core (4.4, bundled by PyPI's axe-core-python) checks the sign-in page and the board: no violation
of the WCAG 2.1 A and AA rules. Prints `OK` at the end; any failure exits 1 with the reason.

Usage: signin_check.py PAGE_URL SCHOOL_LINK PUPIL_LINK COORDINATOR_LINK [--screenshots FOLDER]
"""
import shutil
import sys

from axe_core_python.base import AXE_SCRIPT
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 90
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def fail(message, driver=None):
    print(f"FAIL {message}", flush=True)
    if driver is not None:
        print("page text: " + driver.execute_script("return document.body.innerText.slice(0, 2000)"), flush=True)
    sys.exit(1)


def wait_for(driver, what, condition, timeout=TIMEOUT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))
    except TimeoutException:
        fail(f"timed out after {timeout} s waiting for {what}", driver)


def state(driver):
    return driver.find_element(By.ID, "connection").get_attribute("data-state")


def accessible(driver, page):
    driver.execute_script(AXE_SCRIPT)
    driver.set_script_timeout(120)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then((r) => done({ violations: r.violations }), (e) => done({ error: String(e) }));",
        WCAG,
    )
    if "error" in results:
        fail(f"axe-core could not run on {page}: {results['error']}", driver)
    violations = results["violations"]
    if violations:
        summary = "; ".join(
            f"{v['id']} ({len(v['nodes'])}: {v['nodes'][0]['target']}): {v['help']}" for v in violations
        )
        fail(f"axe-core found {len(violations)} violation(s) on {page}: {summary}", driver)


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    page, school_link, pupil_link, coordinator_link = sys.argv[1:5]
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(page)
        wait_for(driver, "the sign-in form", lambda d: d.find_element(By.ID, "code-form").is_displayed())
        accessible(driver, "the sign-in page")

        driver.get(school_link)
        wait_for(driver, "the school's board to be live", lambda d: state(d) == "live")
        if "invite=" in driver.current_url:
            fail("the invite stayed in the address bar", driver)
        header = driver.find_element(By.ID, "basin-name").text
        if "school" in header or "bassin" not in header or any(character.isdigit() for character in header):
            fail(f"the header should name the school and the basin in French, not {header!r}", driver)
        wait_for(driver, "the demo basin's offers", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#offers tbody tr")) > 0)
        # The map: Leaflet's, when the server serves it (Debian's libjs-leaflet), with the offers and the communes
        # drawn without any tile; else the page's own.
        if driver.find_element(By.ID, "leaflet-map").is_displayed():
            wait_for(driver, "the offers on the Leaflet map (one canvas)", lambda d: d.find_elements(By.CSS_SELECTOR, "#leaflet-map canvas")
                     and d.execute_script("return window.polestage.map?.points.points.length ?? 0") > 0)
            wait_for(driver, "the communes on the Leaflet map", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#leaflet-map .commune-label")) > 0)
        elif not driver.find_element(By.ID, "map").is_displayed():
            fail("the page shows no map", driver)
        accessible(driver, "the board")

        driver.refresh()
        wait_for(driver, "the board to be live again after a reload (the refresh cookie)", lambda d: state(d) == "live")
        if driver.find_element(By.ID, "basin-name").text != header:
            fail("the reloaded page names someone else", driver)

        driver.find_element(By.ID, "sign-out").click()
        wait_for(driver, "the sign-in form after signing out", lambda d: d.find_element(By.ID, "code-form").is_displayed())
        driver.refresh()
        wait_for(driver, "the sign-in form after a reload", lambda d: d.find_element(By.ID, "code-form").is_displayed())
        if state(driver) == "live":
            fail("signed out, the page went live again after a reload", driver)

        driver.get(school_link)
        wait_for(driver, "the used link's refusal", lambda d: "déjà servi" in d.find_element(By.ID, "sign-in-error").text)

        driver.get(pupil_link)
        wait_for(driver, "the pupil's board to be live", lambda d: state(d) == "live")
        if not driver.find_element(By.ID, "basin-name").text.startswith("élève"):
            fail("the pupil's header does not say it is a pupil's", driver)
        # Its board opens on its level and on the offers it can reach, nearest first.
        if not driver.find_element(By.ID, "filter-level").get_attribute("value"):
            fail("the pupil's board does not open on its level", driver)
        if not (driver.find_element(By.ID, "reachable-field").is_displayed() and driver.find_element(By.ID, "filter-reachable").is_selected()):
            fail("the pupil's board does not keep to the offers it can reach", driver)
        if driver.execute_script("return window.polestage.feed.filter.reachable_only") is not True:
            fail("the pupil's subscription does not ask for the offers it can reach", driver)
        # An offer's page, opened from its row with the keyboard: its weeks, and the way back.
        details = wait_for(driver, "an offer on the pupil's board", lambda d: d.find_elements(By.CSS_SELECTOR, "#offers button[data-details]"))
        title = details[0].text
        details[0].send_keys(Keys.ENTER)
        wait_for(driver, "the offer's page", lambda d: d.find_element(By.ID, "offer-dialog").get_attribute("open") is not None)
        if driver.find_element(By.ID, "offer-dialog-title").text != title:
            fail(f"the offer's page is not {title!r}'s", driver)
        if not driver.find_elements(By.CSS_SELECTOR, "#offer-weeks li") or "vous pouvez vous y rendre" not in driver.find_element(By.ID, "offer-facts").text:
            fail("the offer's page lacks its weeks or says nothing of the pupil's reach", driver)
        accessible(driver, "an offer's page")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(driver, "the offer's page to close", lambda d: d.find_element(By.ID, "offer-dialog").get_attribute("open") is None)
        # On a phone: the page fits the width (wide tables scroll in their own box), and stays live.
        driver.set_window_size(390, 844)
        wait_for(driver, "the page to fit a phone's width", lambda d: d.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1"))
        if state(driver) != "live":
            fail("the pupil's page is not live on a phone-sized window", driver)
        accessible(driver, "the pupil's page on a phone")
        driver.set_window_size(1400, 1000)

        # The coordinator: another person's link in the same tab; a basin chosen by name, then another one.
        driver.get(coordinator_link)
        wait_for(driver, "the coordinator's board to be live", lambda d: state(d) == "live" and d.find_element(By.ID, "basin-field").is_displayed())
        header = driver.find_element(By.ID, "basin-name").text
        if not header.startswith("coordination académique · bassin "):
            fail(f"the coordinator's header names no basin: {header!r}", driver)
        picker = Select(driver.find_element(By.ID, "basin-picker"))
        if len(picker.options) < 2:
            fail("the coordinator has fewer than two basins to pick from", driver)
        other = picker.options[1].text
        picker.select_by_index(1)
        wait_for(driver, "the other basin, live", lambda d: state(d) == "live" and d.find_element(By.ID, "basin-name").text.endswith(other))
        wait_for(driver, "the other basin's offers", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#offers tbody tr")) > 0)
        # The coordination's own work: the académie's figures, the audit log, the directory.
        wait_for(driver, "the coordination's figures", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#work table:nth-of-type(1) tbody tr")) == 10)
        wait_for(driver, "the audit log", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#work table:nth-of-type(3) tbody tr")) > 0)
        driver.find_element(By.ID, "directory-query").send_keys("Boulangerie" + Keys.ENTER)
        wait_for(driver, "the directory's answer", lambda d: "entreprise(s) trouvée(s)" in d.find_element(By.CSS_SELECTOR, "#work .status").text)
        accessible(driver, "the coordinator's board")
        if "--screenshots" in sys.argv:
            driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
            driver.save_screenshot(sys.argv[sys.argv.index("--screenshots") + 1] + "/web-coordinator.png")
        print("OK", flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
