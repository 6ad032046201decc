#!/usr/bin/env python3
"""The animator's page in Debian's headless chromium, for DashboardTests.swift: the follow-up per school, the calendar's
load per week and trade, the basin's equity figures and flagged companies, the priority rules changed from the form
(and a value out of bounds refused by it), a contact added for a partner company, an invite made for one of the
basin's schools and opened in a second browser (which lands on that school's page), and a resource
of good practice shared with the basin, which appears on the shelf live. axe-core checks the page (WCAG 2.1 A and AA).
Prints `OK` at the end; any failure exits 1 with the reason.

Usage: animator_check.py ANIMATOR_LINK [--screenshots FOLDER]
"""
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from roles_check import browser, fail, live, status, wait_for, work_title  # noqa: E402
from signin_check import accessible  # noqa: E402

TITLE = "Accueillir un élève de 3e : la première journée"


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    animator, school = browser(), browser()
    try:
        animator.get(sys.argv[1])
        wait_for(animator, "the animator's page", lambda d: live(d) and work_title(d) == "Animation du bassin")
        wait_for(animator, "the follow-up per school", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#work table tbody tr")) > 0)
        wait_for(animator, "the calendar's load per week and trade", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#work table:nth-of-type(2) tbody tr")) > 0)
        codes = [row.find_elements(By.TAG_NAME, "td")[1].text for row in animator.find_elements(By.CSS_SELECTOR, "#work table:nth-of-type(2) tbody tr")]
        if any(re.fullmatch(r"[A-N][0-9]{4}", code) for code in codes):
            fail(f"the calendar's load names trades by their codes: {sorted(set(codes))}", animator)

        # The basin's equity: one row per group, and the flagged companies (or a line saying there is none).
        wait_for(animator, "the basin's equity figures", lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.equity tbody tr")) == 10)
        wait_for(animator, "the flagged companies", lambda d: d.find_elements(By.CSS_SELECTOR, "#flagged-companies li"))

        # The priority rules: the window set to 3 days from the form, as the server saved it.
        window = wait_for(animator, "the rules in the form", lambda d: d.find_element(By.ID, "rule-priority_window_days").get_attribute("value") and d.find_element(By.ID, "rule-priority_window_days"))
        window.send_keys(Keys.CONTROL, "a")
        window.send_keys("3")
        animator.find_element(By.CSS_SELECTOR, '#rules-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(animator, "the rules saved", lambda d: status(d).startswith("Règles enregistrées"))
        if animator.find_element(By.ID, "rule-priority_window_days").get_attribute("value") != "3":
            fail("the saved rules do not show a 3-day window", animator)
        window.send_keys(Keys.CONTROL, "a")
        window.send_keys("200")
        animator.find_element(By.CSS_SELECTOR, '#rules-form button[type="submit"]').send_keys(Keys.ENTER)
        if not animator.execute_script("return document.querySelector('#rule-priority_window_days').matches(':invalid')"):
            fail("a 200-day window is not flagged by the form", animator)

        # A contact for one of the basin's companies.
        wait_for(animator, "the basin's companies for contacts", lambda d: len(Select(d.find_element(By.ID, "contact-company")).options) > 0)
        animator.find_element(By.ID, "contact-name").send_keys("Marc Lenoir")
        animator.find_element(By.ID, "contact-phone").send_keys("03 85 00 00 00")
        animator.find_element(By.CSS_SELECTOR, '#contact-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(animator, "the contact added", lambda d: status(d) == "Contact ajouté : Marc Lenoir.")
        wait_for(animator, "the contact in the list", lambda d: any(
            cell.text == "Marc Lenoir" for cell in d.find_elements(By.CSS_SELECTOR, ".contacts tbody td")))

        who = Select(animator.find_element(By.ID, "invite-who"))
        wait_for(animator, "the basin's schools and companies to invite", lambda d: len(Select(d.find_element(By.ID, "invite-who")).options) > 1)
        name = who.options[0].text.removeprefix("Établissement : ")
        who.select_by_index(0)
        animator.find_element(By.CSS_SELECTOR, '#invite-form button[type="submit"]').send_keys(Keys.ENTER)
        link = wait_for(animator, "the invite link", lambda d: d.find_element(By.ID, "invite-link").get_attribute("value"))
        if "/dashboard/#invite=" not in link:
            fail(f"the invite link is {link!r}", animator)

        school.get(link)
        wait_for(school, "the invited school's page", lambda d: live(d) and work_title(d) == "Élèves sans stage")
        if name not in school.find_element(By.ID, "basin-name").text:
            fail(f"the invited page does not name {name!r}", school)

        animator.find_element(By.ID, "practice-name").send_keys(TITLE)
        animator.find_element(By.ID, "practice-text").send_keys("Faire visiter l'atelier **avant** de confier une tâche.")
        animator.find_element(By.CSS_SELECTOR, '#practice-form button[type="submit"]').send_keys(Keys.ENTER)
        wait_for(animator, "the resource to be published", lambda d: status(d).startswith("Ressource publiée"))
        wait_for(
            animator,
            "the resource on the shelf, live",
            lambda d: any(TITLE in row.text for row in d.find_elements(By.CSS_SELECTOR, "#work tr[data-resource-id]")),
        )
        accessible(animator, "the animator's page")
        if "--screenshots" in sys.argv:
            animator.execute_script("window.scrollTo(0, 0)")
            animator.save_screenshot(f"{sys.argv[sys.argv.index('--screenshots') + 1]}/web-animator.png")
        print("OK", flush=True)
    finally:
        animator.quit()
        school.quit()


if __name__ == "__main__":
    main()
