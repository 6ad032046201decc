#!/usr/bin/env python3
"""A company's whole role with the keyboard alone, in Debian's headless chromium, for DashboardTests.swift: the focus
moves with Tab and Shift+Tab only, choices are made with the arrow keys and the space bar, and every button is pressed
with Enter. The company saves an offer as a draft (seats per week for a range of three weeks), publishes it, edits it,
withdraws it, and adds then removes a contact; each step is checked in the page's lists and status line. axe-core
checks the page (WCAG 2.1 A and AA). Prints `OK` at the end; any failure exits 1 with the reason.

Usage: company_check.py COMPANY_LINK
"""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from roles_check import browser, fail, live, press, select_all, status, tab_to, wait_for, work_title  # noqa: E402
from signin_check import accessible  # noqa: E402

TITLE = "Atelier carrosserie (clavier seul)"
EDITED = "Atelier carrosserie et peinture (clavier seul)"
CONTACT = "Claire Fontaine"


def own_offer(driver, title):
    """The row of the company's own offer with this title, or None."""
    for row in driver.find_elements(By.CSS_SELECTOR, "#own-offers tbody tr"):
        if row.find_elements(By.TAG_NAME, "td")[0].text == title:
            return row
    return None


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    company = browser()
    try:
        company.get(sys.argv[1])
        wait_for(company, "the company's page", lambda d: live(d) and work_title(d) == "Mon entreprise")
        wait_for(company, "the basin's trades in the form", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#offer-trade option")) > 0)

        # A draft: title, the first trade, the first level, three weeks from the next one, 3 seats a week.
        tab_to(company, "#offer-title", "the offer's title")
        press(company, TITLE)
        tab_to(company, '#offer-form input[name="level"]', "the first level")
        press(company, Keys.SPACE)
        tab_to(company, "#offer-from", "the first week")
        press(company, Keys.ARROW_DOWN)
        tab_to(company, "#offer-to", "the last week")
        press(company, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
        tab_to(company, "#offer-seats", "the seats per week")
        select_all(company)
        press(company, "3")
        tab_to(company, "#offer-draft", "the draft button")
        press(company, Keys.ENTER)
        wait_for(company, "the draft to be saved", lambda d: status(d).startswith("Brouillon enregistré"))
        row = wait_for(company, "the draft among the company's offers", lambda d: own_offer(d, TITLE))
        if row.get_attribute("data-status") != "1":
            fail(f"the new offer's state is {row.get_attribute('data-status')}, not a draft", company)
        cells = row.find_elements(By.TAG_NAME, "td")
        if cells[3].text != "9 sur 9" or not cells[2].text.startswith("semaines "):
            fail(f"the draft shows {cells[2].text!r} and {cells[3].text!r}, not three weeks of 3 seats", company)
        offer = row.get_attribute("data-offer-id")

        # Publish it from its row.
        tab_to(company, f'button[data-offer-action="publish"][data-offer="{offer}"]', "the draft's publish button")
        press(company, Keys.ENTER)
        wait_for(company, "the offer published", lambda d: status(d).startswith("Offre publiée"))
        wait_for(company, "the offer's state, published", lambda d: own_offer(d, TITLE) and own_offer(d, TITLE).get_attribute("data-status") == "2")

        # Edit it: the form takes its values and the focus; a new title, saved and kept published.
        tab_to(company, f'button[data-offer-action="edit"][data-offer="{offer}"]', "the offer's edit button")
        press(company, Keys.ENTER)
        wait_for(company, "the form to edit the offer", lambda d: d.switch_to.active_element.get_attribute("id") == "offer-title")
        if company.find_element(By.ID, "offer-title").get_attribute("value") != TITLE:
            fail("the edit form does not hold the offer's title", company)
        select_all(company)
        press(company, EDITED)
        tab_to(company, "#offer-publish", "the save button")
        press(company, Keys.ENTER)
        wait_for(company, "the offer saved", lambda d: status(d).startswith(f"Offre modifiée : « {EDITED} »"))
        wait_for(company, "the edited title among the offers", lambda d: own_offer(d, EDITED))

        # Withdraw it.
        tab_to(company, f'button[data-offer-action="withdraw"][data-offer="{offer}"]', "the offer's withdraw button")
        press(company, Keys.ENTER)
        wait_for(company, "the offer withdrawn", lambda d: status(d).startswith(f"Offre retirée : « {EDITED} »"))
        wait_for(company, "the offer's state, withdrawn", lambda d: own_offer(d, EDITED) and own_offer(d, EDITED).get_attribute("data-status") == "5")

        # A contact for the first trade, then removed.
        tab_to(company, "#contact-name", "the contact's name")
        press(company, CONTACT)
        tab_to(company, "#contact-function", "the contact's function")
        press(company, "Tutrice d'atelier")
        tab_to(company, "#contact-email", "the contact's e-mail address")
        press(company, "claire.fontaine@example.fr")
        tab_to(company, '#contact-form button[type="submit"]', "the add-contact button")
        press(company, Keys.ENTER)
        wait_for(company, "the contact added", lambda d: status(d) == f"Contact ajouté : {CONTACT}.")
        wait_for(company, "the contact in the list", lambda d: any(
            cell.text == CONTACT for cell in d.find_elements(By.CSS_SELECTOR, ".contacts tbody td")))
        accessible(company, "the company's page")
        tab_to(company, f'button[data-name="{CONTACT}"]', "the contact's remove button")
        press(company, Keys.ENTER)
        wait_for(company, "the contact removed", lambda d: status(d) == f"Contact retiré : {CONTACT}.")
        wait_for(company, "the contact gone from the list", lambda d: not any(
            cell.text == CONTACT for cell in d.find_elements(By.CSS_SELECTOR, ".contacts tbody td")))
        print("OK", flush=True)
    finally:
        company.quit()


if __name__ == "__main__":
    main()
