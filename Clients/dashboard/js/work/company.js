// A company's page: its offers (create as a draft or published, edit, publish, withdraw; seats per week entered once
// for a range of weeks), the applications waiting for its answer (accept, or decline with a reason), its contacts.

import { Level } from "../schemas.js";
import { STATUS_LABEL } from "../view.js";
import { parseWeekKey, rangeLabel, weekKey, weekLabel, weekRange, weeksFrom } from "../weeks.js";
import { ContactsSection } from "./contacts.js";
import { element, field, fill, form, refill, select, table } from "./dom.js";
import { Work } from "./panel.js";

const DECLINE_REASONS = [
  [1, "toutes les places sont données"],
  [2, "pas de tuteur disponible ces semaines-là"],
  [3, "les semaines ne conviennent pas à l'activité"],
  [4, "l'activité ne correspond pas à la formation"],
];

const DRAFT = 1;
const WITHDRAWN = 5;

export class CompanyWork extends Work {
  render() {
    const root = this.section("Mon entreprise");
    this.offers = table(["Offre", "Métier", "Semaines", "Places libres", "État", "Actions"], { id: "own-offers" });
    this.offers.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-offer-action]");
      if (button) this.offerAction(Number(button.dataset.offer), button.dataset.offerAction);
    });
    this.table = table(["Offre", "Niveau", "Semaines", "Motivation", "Réponse"], { id: "pending-applications" });
    this.table.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-answer]");
      if (button) this.answer(Number(button.dataset.application), button.dataset.answer, button);
    });
    this.contacts = new ContactsSection(this, { company: this.session.company });
    root.append(
      element("h3", {}, "Mes offres"),
      this.offers,
      this.offerForm(),
      element("h3", {}, "Candidatures à traiter"),
      this.table,
      this.contacts.render(),
    );
  }

  offerForm() {
    const node = form({ id: "offer-form", "aria-labelledby": "offer-form-title" }, (node, submitter) =>
      this.save(node, submitter?.value === "draft"),
    );
    this.weeks = weeksFrom(new Date(), 40);
    const weekOptions = this.weeks.map((week) => [weekKey(week), weekLabel(week)]);
    this.tradeSelect = select({ id: "offer-trade", name: "trade", required: true }, this.tradePairs());
    const levels = element("fieldset", { class: "levels" });
    levels.append(element("legend", {}, "Niveaux accueillis"));
    for (const [number, name] of Object.entries(Level)) {
      const label = element("label", { class: "check" });
      label.append(element("input", { type: "checkbox", name: "level", value: number }), document.createTextNode(` ${name}`));
      levels.append(label);
    }
    this.cancelEdit = element("button", { type: "button", id: "offer-cancel", hidden: true }, "Annuler la modification");
    this.cancelEdit.addEventListener("click", () => this.endEdit());
    node.append(
      element("h3", { id: "offer-form-title" }, "Publier une offre"),
      ...field("Intitulé", element("input", { id: "offer-title", name: "title", required: true, maxlength: "120" })),
      ...field("Métier", this.tradeSelect),
      levels,
      ...field("Première semaine", select({ id: "offer-from", name: "from", required: true }, weekOptions)),
      ...field("Dernière semaine", select({ id: "offer-to", name: "to", required: true }, weekOptions)),
      ...field(
        "Places par semaine",
        element("input", { id: "offer-seats", name: "seats", type: "number", min: "1", max: "20", value: "1", required: true }),
      ),
      element("button", { type: "submit", id: "offer-publish", value: "publish" }, "Publier"),
      element("button", { type: "submit", id: "offer-draft", value: "draft" }, "Enregistrer en brouillon"),
      this.cancelEdit,
    );
    this.form = node;
    return node;
  }

  /** The trades seen on the board arrive after the form: the selects are filled again, keeping the choices. */
  updateTrades() {
    refill(this.tradeSelect, this.tradePairs());
    this.contacts.updateChoices();
  }

  /** Creates the offer, or saves the one being edited (published or draft as chosen, from the version shown). */
  async save(node, draft) {
    const data = new FormData(node);
    const from = parseWeekKey(data.get("from"));
    const to = parseWeekKey(data.get("to"));
    const seats = Number(data.get("seats"));
    const levels = data.getAll("level").map(Number);
    if (levels.length === 0) return this.say("Cochez au moins un niveau accueilli.", true);
    const weeks = weekRange(from, to);
    if (weeks.length === 0) return this.say("La dernière semaine ne peut pas précéder la première.", true);
    const changes = {
      trade_code: data.get("trade"),
      title: String(data.get("title")).trim(),
      levels,
      periods: weeks.map((week) => ({ week, seats })),
    };
    try {
      if (this.editing) {
        let offer = await this.calls.unary("polestage.offers.v1.OfferService/UpdateOffer", {
          offer_id: this.editing.id,
          details: { ...this.editing.details, ...changes },
          expected_version: this.editing.version,
        });
        if (!draft && offer.status === DRAFT) {
          offer = await this.calls.unary("polestage.offers.v1.OfferService/PublishOffer", { offer_id: offer.id });
        }
        this.say(`Offre modifiée : « ${offer.details.title} », ${rangeLabel(from, to)}, ${STATUS_LABEL[offer.status]}.`);
        this.endEdit();
      } else {
        const offer = await this.calls.unary("polestage.offers.v1.OfferService/CreateOffer", { details: changes, publish: !draft });
        node.reset();
        this.say(
          draft
            ? `Brouillon enregistré : « ${offer.details.title} ». Publiez-le depuis « Mes offres ».`
            : `Offre publiée : « ${offer.details.title} », ${rangeLabel(from, to)}.`,
        );
      }
      await this.refreshOffers();
    } catch (error) {
      this.failure(error);
    }
  }

  /** Fills the form with an offer to change it; its weeks stay choosable even when they have started. */
  edit(offer) {
    this.editing = offer;
    const periods = offer.periods ?? [];
    const first = periods[0]?.week;
    const last = periods.at(-1)?.week;
    for (const week of [first, last]) {
      if (!week) continue;
      for (const name of ["offer-from", "offer-to"]) {
        const control = this.form.querySelector(`#${name}`);
        if (![...control.options].some((option) => option.value === weekKey(week))) {
          control.prepend(new Option(weekLabel(week), weekKey(week)));
        }
      }
    }
    this.form.querySelector("#offer-title").value = offer.details.title;
    this.tradeSelect.value = offer.details.trade_code;
    for (const box of this.form.querySelectorAll("input[name=level]")) {
      box.checked = (offer.details.levels ?? []).includes(Number(box.value));
    }
    if (first) this.form.querySelector("#offer-from").value = weekKey(first);
    if (last) this.form.querySelector("#offer-to").value = weekKey(last);
    this.form.querySelector("#offer-seats").value = String(Math.max(1, ...periods.map((period) => period.seats ?? 1)));
    this.form.querySelector("#offer-form-title").textContent = `Modifier l'offre « ${offer.details.title} »`;
    this.form.querySelector("#offer-publish").textContent = "Enregistrer et publier";
    this.cancelEdit.hidden = false;
    this.form.querySelector("#offer-title").focus();
  }

  endEdit() {
    this.editing = null;
    this.form.reset();
    this.form.querySelector("#offer-form-title").textContent = "Publier une offre";
    this.form.querySelector("#offer-publish").textContent = "Publier";
    this.cancelEdit.hidden = true;
  }

  async offerAction(id, action) {
    const offer = this.ownOffers?.find((candidate) => candidate.id === id);
    if (!offer) return;
    if (action === "edit") return this.edit(offer);
    try {
      const method = action === "publish" ? "PublishOffer" : "WithdrawOffer";
      const changed = await this.calls.unary(`polestage.offers.v1.OfferService/${method}`, { offer_id: id });
      this.say(
        action === "publish"
          ? `Offre publiée : « ${changed.details.title} ».`
          : `Offre retirée : « ${changed.details.title} ». Les candidatures en attente sont refusées avec le motif « offre retirée ».`,
      );
      await this.refreshOffers();
    } catch (error) {
      this.failure(error);
    }
  }

  async refresh() {
    try {
      await Promise.all([this.refreshOffers(), this.refreshApplications(), this.contacts.refresh()]);
    } catch (error) {
      this.failure(error);
    }
  }

  /** Every offer of the company, drafts and withdrawn ones too, a page of 100 at a time. */
  async refreshOffers() {
    const offers = [];
    let page_token = "";
    do {
      const page = await this.calls.unary("polestage.offers.v1.OfferService/SearchOffers", {
        company_siret: this.session.company,
        include_inactive: true,
        page_size: 100,
        page_token,
      });
      offers.push(...(page.offers ?? []));
      page_token = page.next_page_token ?? "";
    } while (page_token && offers.length < 2000);
    offers.sort((a, b) => Number(b.id) - Number(a.id));
    this.ownOffers = offers;
    const labels = this.trades();
    fill(this.offers, offers, (offer) => {
      const periods = offer.periods ?? [];
      const free = periods.reduce((sum, period) => sum + (period.seats_free ?? 0), 0);
      const seats = periods.reduce((sum, period) => sum + (period.seats ?? 0), 0);
      return [
        offer.details.title,
        offer.trade_label || labels.get(offer.details.trade_code) || offer.details.trade_code,
        periods.length ? rangeLabel(periods[0].week, periods.at(-1).week) : "",
        `${free} sur ${seats}`,
        STATUS_LABEL[offer.status] ?? "",
        () => this.actions(offer),
      ];
    }, (offer) => ({ "data-offer-id": String(offer.id), "data-status": String(offer.status) }));
  }

  actions(offer) {
    const cell = element("span", { class: "answers" });
    const button = (action, label) =>
      element(
        "button",
        { type: "button", "data-offer-action": action, "data-offer": String(offer.id), "aria-label": `${label} « ${offer.details.title} »` },
        label,
      );
    if (offer.status !== WITHDRAWN) cell.append(button("edit", "Modifier"));
    if (offer.status === DRAFT) cell.append(button("publish", "Publier"));
    if (offer.status !== WITHDRAWN) cell.append(button("withdraw", "Retirer"));
    return cell;
  }

  async refreshApplications() {
    const list = await this.calls.unary("polestage.placements.v1.ApplicationService/ListApplications", { live_only: true });
    const pending = (list.applications ?? []).filter((application) => application.status === 1);
    fill(this.table, pending, (application) => [
      application.offer_title,
      Level[application.level] ?? "",
      rangeLabel(application.from_week, application.to_week),
      application.motivation,
      () => {
        const cell = element("span", { class: "answers" });
        cell.append(
          element("button", { type: "button", "data-answer": "accept", "data-application": String(application.id) }, "Accepter"),
          element("label", { for: `reason-${application.id}`, class: "visually-hidden" }, "Motif du refus"),
          select({ id: `reason-${application.id}` }, DECLINE_REASONS),
          element("button", { type: "button", "data-answer": "decline", "data-application": String(application.id) }, "Refuser"),
        );
        return cell;
      },
    ], (application) => ({ "data-application-id": String(application.id) }));
    this.count(`${pending.length} candidature(s) à traiter`);
  }

  async answer(id, answer, button) {
    try {
      if (answer === "accept") {
        await this.calls.unary("polestage.placements.v1.ApplicationService/AcceptApplication", { application_id: id });
        this.say("Candidature acceptée : l'élève et son établissement sont prévenus.");
      } else {
        const reason = Number(button.parentElement.querySelector("select").value);
        await this.calls.unary("polestage.placements.v1.ApplicationService/DeclineApplication", { application_id: id, reason });
        this.say("Candidature refusée : l'élève et son établissement sont prévenus.");
      }
      await Promise.all([this.refreshApplications(), this.refreshOffers()]);
    } catch (error) {
      this.failure(error);
    }
  }
}
