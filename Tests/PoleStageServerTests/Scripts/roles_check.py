#!/usr/bin/env python3
"""Three browser sessions at once, for DashboardTests.swift: a company publishes, a pupil sees it appear and applies,
the company sees the application arrive and accepts it, the pupil sees it accepted and the school's list of pupils
without a placement shrinks; all live, in Debian's headless chromium driven by selenium.

The school (signed in with the demo's invite) picks a pupil without a placement and without a pending application,
whose level has a period in the school's calendar, and gives it a sign-in code; the pupil signs in with that code on
the sign-in form; the company (its invite) publishes an offer for that level and those weeks. The pupil's apply form
and the company's answer are driven from the keyboard. axe-core checks each role's page (WCAG 2.1 A and AA). Prints
`OK` at the end; any failure exits 1 with the reason.

Usage: roles_check.py PAGE_URL SCHOOL_LINK COMPANY_LINK BASIN [--screenshots FOLDER]
"""
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from signin_check import accessible  # noqa: E402

TIMEOUT = 90
TITLE = "Découverte de l'atelier (essai navigateur)"


def fail(message, driver=None):
    print(f"FAIL {message}", flush=True)
    if driver is not None:
        print("page text: " + driver.execute_script("return document.body.innerText.slice(0, 3000)"), flush=True)
    sys.exit(1)


def wait_for(driver, what, condition, timeout=TIMEOUT):
    try:
        return WebDriverWait(
            driver, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda d: condition(d))
    except TimeoutException:
        fail(f"timed out after {timeout} s waiting for {what}", driver)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1300,1000"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def live(driver):
    return driver.find_element(By.ID, "connection").get_attribute("data-state") == "live"


def work_title(driver):
    titles = driver.find_elements(By.CSS_SELECTOR, "#work h2")
    return titles[0].text if titles else ""


def status(driver):
    found = driver.find_elements(By.CSS_SELECTOR, "#work .status")
    return found[0].text if found else ""


def tab_to(driver, selector, what, limit=400):
    """Moves the focus with Tab (or Shift+Tab, when the target comes before the focus) until it is on `selector`, as a
    keyboard user would; fails when the element cannot be reached that way."""
    backwards = driver.execute_script(
        "const target = document.querySelector(arguments[0]);"
        "const focus = document.activeElement;"
        "return Boolean(target && focus && focus !== document.body"
        " && (target.compareDocumentPosition(focus) & Node.DOCUMENT_POSITION_FOLLOWING));",
        selector,
    )
    for _ in range(limit):
        if driver.execute_script("return document.activeElement?.matches(arguments[0]) ?? false", selector):
            return driver.switch_to.active_element
        chain = ActionChains(driver)
        if backwards:
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
        else:
            chain.send_keys(Keys.TAB)
        chain.perform()
    fail(f"{what} ({selector}) is not reached with the keyboard", driver)


def press(driver, *keys):
    """Keys typed into whatever has the focus."""
    ActionChains(driver).send_keys(*keys).perform()


def select_all(driver):
    """Ctrl+A in the focused field, so that what is typed next replaces its text."""
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()


def periods(driver):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.polestage.work.periods().then((periods) => done(periods.map((p) => ({"
        " level: p.level, from: p.from_week, to: p.to_week }))), () => done([]));"
    )


def week_key(week):
    return f"{week['year']}-W{week['week']:02d}"


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    page, school_link, company_link, basin = sys.argv[1:5]
    school, pupil, company = browser(), browser(), browser()
    try:
        # The school: its pupils without a placement, live.
        school.get(school_link)
        wait_for(school, "the school's page", lambda d: live(d) and work_title(d) == "Élèves sans stage")
        wait_for(school, "the school's pupils", lambda d: "élève(s) sans stage" in d.find_element(By.CSS_SELECTOR, "#work .count").text)

        # The roster from the page: a pupil added by its reference, and a class's CSV file with its report.
        school.find_element(By.ID, "pupil-ref").send_keys("WEB-0042")
        school.find_element(By.ID, "pupil-class").send_keys("3eZ")
        school.find_element(By.CSS_SELECTOR, '#pupil-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(school, "the pupil added", lambda d: status(d) == "Élève WEB-0042 ajouté.")
        wait_for(school, "the added pupil in the list", lambda d: any(
            cell.text == "WEB-0042" for cell in d.find_elements(By.CSS_SELECTOR, "#work tbody td")))
        csv = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
        csv.write("ref;class;level;accessible;max_km;transit_only;qpv;gender\nWEB-0043;3eZ;3e;non;;non;non;F\nBad;3eZ;3e;non;;non;non;\n")
        csv.close()
        school.find_element(By.ID, "import-file").send_keys(csv.name)
        school.find_element(By.CSS_SELECTOR, '#import-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(school, "the import's report", lambda d: status(d).startswith(
            "Import : 2 ligne(s), 1 élève(s) ajouté(s), 0 mis à jour, 1 ligne(s) rejetée(s)."))
        wait_for(school, "the rejected line, with its reason", lambda d: d.find_element(By.ID, "import-report").text.startswith("Ligne 3 : "))
        os.unlink(csv.name)
        wait_for(school, "the imported pupil in the list", lambda d: any(
            cell.text == "WEB-0043" for cell in d.find_elements(By.CSS_SELECTOR, "#work tbody td")))
        # Its own figures per level (every one: they are its pupils), and its periods: one added, then removed.
        figures = wait_for(school, "the school's figures per level", lambda d: d.find_elements(By.CSS_SELECTOR, "#school-figures tbody tr"))
        for row in figures:
            counts = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")[1:]]
            if not all(count.isdigit() for count in counts):
                fail(f"the school's own figures are withheld: {counts}", school)
        shown = len(school.find_elements(By.CSS_SELECTOR, "#school-periods tbody tr"))
        Select(school.find_element(By.ID, "period-from")).select_by_index(20)
        Select(school.find_element(By.ID, "period-to")).select_by_index(21)
        count = school.find_element(By.ID, "period-pupils")
        count.clear()
        count.send_keys("12")
        school.find_element(By.CSS_SELECTOR, '#period-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(school, "the period added", lambda d: status(d).startswith("Période ajoutée"))
        wait_for(school, "the period in the list", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#school-periods tbody tr")) == shown + 1)
        school.find_elements(By.CSS_SELECTOR, "#school-periods button[data-remove-period]")[-1].send_keys(Keys.ENTER)
        wait_for(school, "the period removed", lambda d: status(d).startswith("Période retirée"))
        wait_for(school, "the period gone from the list", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#school-periods tbody tr")) == shown)

        declared = periods(school)
        levels = {period["level"] for period in declared}
        rows = school.find_elements(By.CSS_SELECTOR, "#unplaced-pupils tbody tr")
        chosen = None
        for row in rows:
            cells = row.find_elements(By.TAG_NAME, "td")
            if int(row.get_attribute("data-level")) in levels and cells[3].text == "0":
                chosen = row
                break
        if chosen is None:
            fail(f"no pupil without an application whose level has a period (periods: {declared})", school)
        pupil_id = chosen.get_attribute("data-pupil-id")
        level = int(chosen.get_attribute("data-level"))
        period = next(p for p in declared if p["level"] == level)
        before = len(rows)
        chosen.find_element(By.CSS_SELECTOR, "button[data-code-for]").send_keys(Keys.ENTER)
        code = wait_for(
            school,
            "the pupil's sign-in code",
            lambda d: d.find_element(By.CSS_SELECTOR, f'#work tr[data-pupil-id="{pupil_id}"] code.sign-in-code').text,
        )
        accessible(school, "the school's page")

        # The pupil signs in with the code its school gave it.
        pupil.get(page)
        pupil.find_element(By.ID, "code-input").send_keys(code)
        pupil.find_element(By.ID, "code-basin-input").send_keys(basin + Keys.ENTER)
        wait_for(pupil, "the pupil's page", lambda d: live(d) and work_title(d) == "Mes candidatures")

        # The company publishes an offer for the pupil's level and period.
        company.get(company_link)
        wait_for(company, "the company's page", lambda d: live(d) and d.find_elements(By.ID, "offer-form"))
        wait_for(company, "the basin's trades in the form", lambda d: len(Select(d.find_element(By.ID, "offer-trade")).options) > 0)
        company.find_element(By.ID, "offer-title").send_keys(TITLE)
        company.find_element(By.CSS_SELECTOR, f'#offer-form input[name="level"][value="{level}"]').send_keys(Keys.SPACE)
        Select(company.find_element(By.ID, "offer-from")).select_by_value(week_key(period["from"]))
        Select(company.find_element(By.ID, "offer-to")).select_by_value(week_key(period["to"]))
        seats = company.find_element(By.ID, "offer-seats")
        seats.clear()
        seats.send_keys("2")
        company.find_element(By.CSS_SELECTOR, '#offer-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(company, "the offer to be published", lambda d: status(d).startswith("Offre publiée"))
        accessible(company, "the company's page")

        # The pupil sees it appear, live, pages the offers table to it, and applies from the keyboard.
        index = wait_for(
            pupil,
            "the new offer on the pupil's board",
            lambda d: d.execute_script(
                "const i = window.polestage.board.list().findIndex((o) => o.details?.title === arguments[0]);"
                "return i >= 0 ? i + 1 : 0;",
                TITLE,
            ),
        ) - 1
        for _ in range(index // 50):
            pupil.find_element(By.ID, "offers-next").send_keys(Keys.ENTER)
        button = wait_for(
            pupil,
            "the new offer's apply button",
            lambda d: next(
                (b for b in d.find_elements(By.CSS_SELECTOR, "#offers button[data-apply]")
                 if b.get_attribute("aria-label") == f"Candidater : {TITLE}"),
                None,
            ),
        )
        button.send_keys(Keys.ENTER)
        wait_for(pupil, "the apply form", lambda d: d.find_element(By.ID, "apply-dialog").get_attribute("open") is not None)
        wait_for(pupil, "the school's periods in the form", lambda d: len(Select(d.find_element(By.ID, "apply-period")).options) > 0)
        index = next(i for i, p in enumerate(periods(pupil)) if p["level"] == level)
        Select(pupil.find_element(By.ID, "apply-period")).select_by_value(str(index))
        accessible(pupil, "the pupil's apply form")
        pupil.find_element(By.ID, "apply-motivation").send_keys("J'aime réparer les moteurs.")
        pupil.find_element(By.CSS_SELECTOR, '#apply-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(pupil, "the application to be sent", lambda d: status(d).startswith("Candidature envoyée"))
        wait_for(pupil, "the application, pending", lambda d: d.find_elements(By.CSS_SELECTOR, '#work tr[data-status="1"]'))

        # The company sees it arrive (its inbox), and accepts.
        accept = wait_for(company, "the application on the company's page", lambda d: d.find_elements(By.CSS_SELECTOR, '#work button[data-answer="accept"]'))
        accept[0].send_keys(Keys.ENTER)
        wait_for(company, "the acceptance", lambda d: status(d).startswith("Candidature acceptée"))

        # The pupil sees it accepted, and the school's list shrinks: live, without a reload.
        wait_for(pupil, "the application, accepted", lambda d: d.find_elements(By.CSS_SELECTOR, '#work tr[data-status="2"]'))
        wait_for(school, "the placed pupil to leave the list", lambda d: not d.find_elements(By.CSS_SELECTOR, f'#unplaced-pupils tr[data-pupil-id="{pupil_id}"]'))
        # Each inbox says it, in French: the company received the application, the pupil's was accepted.
        inbox = lambda d, words: any(words in item.text for item in d.find_elements(By.CSS_SELECTOR, "#inbox-list li"))
        wait_for(company, "the company's inbox message", lambda d: inbox(d, "Nouvelle candidature"))
        wait_for(pupil, "the pupil's inbox message", lambda d: inbox(d, "accepte la candidature"))
        after = len(school.find_elements(By.CSS_SELECTOR, "#unplaced-pupils tbody tr"))
        if after != before - 1:
            fail(f"the school's list went from {before} to {after} pupils, not one fewer", school)
        accessible(pupil, "the pupil's page")
        if "--screenshots" in sys.argv:
            folder = sys.argv[sys.argv.index("--screenshots") + 1]
            for name, driver in (("school", school), ("pupil", pupil), ("company", company)):
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(f"{folder}/web-{name}.png")
        print("OK", flush=True)
    finally:
        for driver in (school, pupil, company):
            driver.quit()


if __name__ == "__main__":
    main()
