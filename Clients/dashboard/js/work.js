// What each role does on the page besides the board, over the page's one connection (channel.js), kept up to date by
// the caller's inbox (WatchInbox): a pupil applies and follows its applications; a school follows its pupils without a
// placement, gives them their sign-in codes and applies for them; a company publishes offers and answers
// applications. Text goes in with textContent only.

import { RpcError } from "./client.js";
import { methods } from "./messages.js";
import { Level } from "./schemas.js";
import { parseWeekKey, rangeLabel, weekKey, weekLabel, weekRange, weeksFrom } from "./weeks.js";

const $ = (selector) => document.querySelector(selector);

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

const APPLICATION_STATUS = {
  1: "en attente de réponse",
  2: "acceptée",
  3: "refusée",
  4: "retirée",
  5: "expirée",
};

const DECLINE_REASONS = {
  1: "toutes les places sont données",
  2: "pas de tuteur disponible ces semaines-là",
  3: "les semaines ne conviennent pas à l'activité",
  4: "l'activité ne correspond pas à la formation",
};

/** The calls of the page: by `Service/Method` name, with the session's metadata. */
export class Calls {
  constructor(channel, metadata) {
    this.channel = channel;
    this.metadata = metadata;
  }

  async unary(name, request = {}) {
    const connection = await this.channel.get();
    return connection.unary(methods[name], request, { metadata: this.metadata() });
  }

  async stream(name, request = {}) {
    const connection = await this.channel.get();
    return connection.serverStream(methods[name], request, { metadata: this.metadata() });
  }
}

/** The panel of the signed-in role, or null for a role without one yet. */
export function workFor(role, options) {
  const Panel = {
    pupil: PupilWork,
    school: SchoolWork,
    company: CompanyWork,
    animator: AnimatorWork,
    coordinator: CoordinatorWork,
  }[role];
  return Panel ? new Panel(options) : null;
}

class Work {
  /**
   * @param {object} options
   * @param {Calls} options.calls
   * @param {object} options.session who is signed in (`school`, `company`, `pupil`)
   * @param {() => Map<string, string>} options.trades the basin's trades seen on the board, code → label
   */
  constructor({ calls, session, trades }) {
    Object.assign(this, { calls, session, trades });
    this.root = $("#work");
    this.watching = true;
  }

  start() {
    this.root.hidden = false;
    this.render();
    this.root.append(this.inboxSection());
    this.refresh();
    this.refreshInbox();
    this.watchInbox();
  }

  /** The caller's inbox: its latest messages, the unread ones marked, and "mark all read". */
  inboxSection() {
    const section = element("section", { class: "inbox", "aria-labelledby": "inbox-title" });
    const markAll = element("button", { type: "button", id: "inbox-read" }, "Tout marquer comme lu");
    markAll.addEventListener("click", async () => {
      try {
        await this.calls.unary("polestage.placements.v1.InboxService/MarkRead", { all: true });
        this.refreshInbox();
      } catch (error) {
        this.failure(error);
      }
    });
    section.append(
      element("h3", { id: "inbox-title" }, "Messages"),
      element("p", { class: "inbox-count", "aria-live": "polite" }),
      element("ul", { id: "inbox-list" }),
      markAll,
    );
    return section;
  }

  async refreshInbox() {
    try {
      const page = await this.calls.unary("polestage.placements.v1.InboxService/ListInbox", { page_size: 10 });
      const unread = page.unread ?? 0;
      this.root.querySelector(".inbox-count").textContent =
        unread === 0 ? "Aucun message non lu." : `${unread} message(s) non lu(s).`;
      const items = (page.messages ?? []).map((message) => {
        const item = element("li", { "data-read": String(Boolean(message.read)) });
        const at = new Date(Number(message.at_unix_ms)).toLocaleString("fr-FR", {
          dateStyle: "short",
          timeStyle: "short",
          timeZone: "Europe/Paris",
        });
        item.append(element("time", {}, at), document.createTextNode(` ${message.text}`));
        return item;
      });
      this.root.querySelector("#inbox-list").replaceChildren(...items);
    } catch (error) {
      this.failure(error);
    }
  }

  stop() {
    this.watching = false;
    this.inbox?.cancel();
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  /** The periods the school declared (the pupil's, or the school's own), for the apply form. */
  async periods() {
    const calendar = await this.calls.unary("polestage.calendar.v1.CalendarService/GetSchoolCalendar", {
      school_uai: this.session.school,
    });
    return calendar.periods ?? [];
  }

  /** Refreshes the panel whenever a message arrives in the caller's inbox. */
  watchInbox() {
    return this.watch("polestage.placements.v1.InboxService/WatchInbox", "inbox", (event) => {
      if (event.message) {
        this.refresh();
        this.refreshInbox();
      }
    });
  }

  /**
   * Follows a server stream while the panel is shown (kept as `this[field]`, so that `stop` can cancel it), and opens
   * it again a second after a drop (the page's channel opens a new connection).
   */
  async watch(name, field, onEvent) {
    while (this.watching) {
      try {
        this[field] = await this.calls.stream(name);
        for await (const event of this[field]) onEvent(event);
      } catch {
        // Dropped: watch again shortly.
      }
      if (this.watching) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** Shows a call's outcome in the panel's status line (read by screen readers). */
  say(text, failed = false) {
    const status = this.root.querySelector(".status");
    status.textContent = text;
    status.dataset.failed = String(failed);
  }

  /** The panel's count line, apart from the status line so that a refresh does not hide an action's outcome. */
  count(text) {
    this.root.querySelector(".count").textContent = text;
  }

  failure(error) {
    this.say(error instanceof RpcError ? `Refusé : ${error.message}` : String(error.message ?? error), true);
  }

  section(title) {
    const heading = element("h2", { id: "work-title" }, title);
    const status = element("p", { class: "status", role: "status" });
    const count = element("p", { class: "count", "aria-live": "polite" });
    this.root.replaceChildren(heading, status, count);
    this.root.setAttribute("aria-labelledby", "work-title");
    return this.root;
  }
}

/** A pupil: its applications, and applying from the offers table. */
class PupilWork extends Work {
  render() {
    const root = this.section("Mes candidatures");
    this.table = table(["Offre", "Entreprise", "Semaines", "État"]);
    root.append(this.table);
  }

  async refresh() {
    try {
      const list = await this.calls.unary("polestage.placements.v1.ApplicationService/ListApplications");
      fill(this.table, list.applications ?? [], (application) => [
        application.offer_title,
        application.company_name,
        rangeLabel(application.from_week, application.to_week),
        APPLICATION_STATUS[application.status] ?? "",
      ], (application) => ({ "data-application-id": String(application.id), "data-status": String(application.status) }));
    } catch (error) {
      this.failure(error);
    }
  }

}

/** A school: its pupils without a placement, their sign-in codes, applying for them. */
class SchoolWork extends Work {
  render() {
    const root = this.section("Élèves sans stage");
    this.table = table(["Élève", "Classe", "Niveau", "Candidatures en attente", "Connexion"]);
    this.table.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-code-for]");
      if (button) this.issueCode(Number(button.dataset.codeFor), button);
    });
    root.append(this.table, this.rosterForms());
  }

  /** Adding a pupil (a reference, never a name), and importing a class's CSV file with the import's report. */
  rosterForms() {
    const wrapper = element("div", { class: "roster-forms" });
    const add = element("form", { id: "pupil-form", "aria-labelledby": "pupil-form-title" });
    const level = element("select", { id: "pupil-level", name: "level", required: true });
    level.append(...Object.entries(Level).map(([number, label]) => new Option(label, number)));
    add.append(
      element("h3", { id: "pupil-form-title" }, "Ajouter un élève"),
      element("label", { for: "pupil-ref" }, "Référence (jamais un nom)"),
      element("input", { id: "pupil-ref", name: "ref", required: true, pattern: "[A-Za-z0-9_-]{4,32}", maxlength: "32" }),
      element("label", { for: "pupil-class" }, "Classe"),
      element("input", { id: "pupil-class", name: "class", required: true, maxlength: "16" }),
      element("label", { for: "pupil-level" }, "Niveau"),
      level,
      element("button", { type: "submit" }, "Ajouter"),
    );
    add.addEventListener("submit", (event) => {
      event.preventDefault();
      this.addPupil(add);
    });
    const upload = element("form", { id: "import-form", "aria-labelledby": "import-form-title" });
    upload.append(
      element("h3", { id: "import-form-title" }, "Importer une classe (fichier CSV)"),
      element("label", { for: "import-file" }, "Fichier CSV (ref;class;level;…)"),
      element("input", { id: "import-file", name: "file", type: "file", accept: ".csv,text/csv", required: true }),
      element("button", { type: "submit" }, "Importer"),
      element("ul", { id: "import-report", "aria-live": "polite" }),
    );
    upload.addEventListener("submit", (event) => {
      event.preventDefault();
      this.importFile(upload);
    });
    wrapper.append(add, upload);
    return wrapper;
  }

  async addPupil(form) {
    const data = new FormData(form);
    try {
      const pupil = await this.calls.unary("polestage.placements.v1.PupilService/SavePupil", {
        school_uai: this.session.school,
        details: { ref: String(data.get("ref")).trim(), class_name: String(data.get("class")).trim(), level: Number(data.get("level")) },
      });
      form.reset();
      this.say(`Élève ${pupil.details.ref} ajouté.`);
      this.refresh();
    } catch (error) {
      this.failure(error);
    }
  }

  async importFile(form) {
    const file = form.querySelector("#import-file").files[0];
    if (!file) return;
    try {
      const report = await this.calls.unary("polestage.placements.v1.PupilService/ImportPupils", {
        school_uai: this.session.school,
        file: { csv: await file.text() },
      });
      const lines = Number(report.lines ?? 0);
      const rejected = report.rejected ?? [];
      this.say(
        `Import : ${lines} ligne(s), ${Number(report.created ?? 0)} élève(s) ajouté(s), ` +
          `${Number(report.updated ?? 0)} mis à jour, ${rejected.length} ligne(s) rejetée(s).`,
        rejected.length > 0,
      );
      form.querySelector("#import-report").replaceChildren(
        ...rejected.map((line) => element("li", {}, `Ligne ${line.line} : ${line.reason}`)),
      );
      this.refresh();
    } catch (error) {
      this.failure(error);
    }
  }

  async refresh() {
    try {
      const roster = await this.calls.unary("polestage.placements.v1.PupilService/GetRoster", {
        school_uai: this.session.school,
        unplaced_only: true,
      });
      this.pupils = roster.pupils ?? [];
      fill(this.table, this.pupils, (pupil) => [
        pupil.details?.ref,
        pupil.details?.class_name,
        Level[pupil.details?.level] ?? "",
        String(pupil.pending_applications ?? 0),
        () => element("button", { type: "button", "data-code-for": String(pupil.id) }, "Code de connexion"),
      ], (pupil) => ({ "data-pupil-id": String(pupil.id), "data-level": String(pupil.details?.level ?? 0) }));
      this.count(`${this.pupils.length} élève(s) sans stage`);
    } catch (error) {
      this.failure(error);
    }
  }

  async issueCode(pupil, button) {
    try {
      const code = await this.calls.unary("polestage.placements.v1.PupilService/IssueSignInCode", { pupil_id: pupil });
      const cell = button.parentElement;
      cell.replaceChildren(element("code", { class: "sign-in-code" }, code.code));
      this.say(`Code de connexion de l'élève : ${code.code} (bassin ${this.session.basin}), à ne donner qu'à lui.`);
    } catch (error) {
      this.failure(error);
    }
  }

}

/** A company: publishing an offer, and the applications waiting for its answer. */
class CompanyWork extends Work {
  render() {
    const root = this.section("Mon entreprise");
    root.append(this.offerForm(), element("h3", {}, "Candidatures à traiter"));
    this.table = table(["Offre", "Niveau", "Semaines", "Motivation", "Réponse"]);
    this.table.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-answer]");
      if (button) this.answer(Number(button.dataset.application), button.dataset.answer, button);
    });
    root.append(this.table);
  }

  offerForm() {
    const form = element("form", { id: "offer-form", "aria-labelledby": "offer-form-title" });
    const weeks = weeksFrom(new Date(), 40);
    const weekOptions = () => weeks.map((week) => new Option(weekLabel(week), weekKey(week)));
    const trades = element("select", { id: "offer-trade", name: "trade", required: true });
    trades.append(...[...this.trades()].sort((a, b) => a[1].localeCompare(b[1])).map(([code, label]) => new Option(label, code)));
    this.tradeSelect = trades;
    const levels = element("fieldset", { class: "levels" });
    levels.append(element("legend", {}, "Niveaux accueillis"));
    for (const [number, name] of Object.entries(Level)) {
      const label = element("label", { class: "check" });
      label.append(element("input", { type: "checkbox", name: "level", value: number }), document.createTextNode(` ${name}`));
      levels.append(label);
    }
    const from = element("select", { id: "offer-from", name: "from", required: true });
    from.append(...weekOptions());
    const to = element("select", { id: "offer-to", name: "to", required: true });
    to.append(...weekOptions());
    const field = (label, control) => {
      const wrapper = element("label", { for: control.id }, label);
      return [wrapper, control];
    };
    form.append(
      element("h3", { id: "offer-form-title" }, "Publier une offre"),
      ...field("Intitulé", element("input", { id: "offer-title", name: "title", required: true, maxlength: "120" })),
      ...field("Métier", trades),
      levels,
      ...field("Première semaine", from),
      ...field("Dernière semaine", to),
      ...field("Places par semaine", element("input", { id: "offer-seats", name: "seats", type: "number", min: "1", max: "20", value: "1", required: true })),
      element("button", { type: "submit" }, "Publier"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.publish(form);
    });
    return form;
  }

  /** The trades seen on the board arrive after the form: the select is filled again, keeping the choice. */
  updateTrades() {
    if (!this.tradeSelect) return;
    const chosen = this.tradeSelect.value;
    const options = [...this.trades()].sort((a, b) => a[1].localeCompare(b[1])).map(([code, label]) => new Option(label, code));
    if (options.length === this.tradeSelect.options.length) return;
    this.tradeSelect.replaceChildren(...options);
    if (chosen) this.tradeSelect.value = chosen;
  }

  async publish(form) {
    const data = new FormData(form);
    const from = parseWeekKey(data.get("from"));
    const to = parseWeekKey(data.get("to"));
    const seats = Number(data.get("seats"));
    const levels = data.getAll("level").map(Number);
    if (levels.length === 0) return this.say("Cochez au moins un niveau accueilli.", true);
    const weeks = weekRange(from, to);
    if (weeks.length === 0) return this.say("La dernière semaine doit suivre la première.", true);
    try {
      const offer = await this.calls.unary("polestage.offers.v1.OfferService/CreateOffer", {
        details: {
          trade_code: data.get("trade"),
          title: String(data.get("title")).trim(),
          levels,
          periods: weeks.map((week) => ({ week, seats })),
        },
        publish: true,
      });
      form.reset();
      this.say(`Offre publiée : « ${offer.details.title} », ${rangeLabel(from, to)}.`);
    } catch (error) {
      this.failure(error);
    }
  }

  async refresh() {
    try {
      const list = await this.calls.unary("polestage.placements.v1.ApplicationService/ListApplications", {
        live_only: true,
      });
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
            reasonSelect(application.id),
            element("button", { type: "button", "data-answer": "decline", "data-application": String(application.id) }, "Refuser"),
          );
          return cell;
        },
      ], (application) => ({ "data-application-id": String(application.id) }));
      this.count(`${pending.length} candidature(s) à traiter`);
    } catch (error) {
      this.failure(error);
    }
  }

  async answer(id, answer, button) {
    try {
      if (answer === "accept") {
        await this.calls.unary("polestage.placements.v1.ApplicationService/AcceptApplication", { application_id: id });
        this.say("Candidature acceptée : l'élève et son établissement sont prévenus.");
      } else {
        const reason = Number(button.parentElement.querySelector("select").value);
        await this.calls.unary("polestage.placements.v1.ApplicationService/DeclineApplication", {
          application_id: id,
          reason,
        });
        this.say("Candidature refusée : l'élève et son établissement sont prévenus.");
      }
      this.refresh();
    } catch (error) {
      this.failure(error);
    }
  }
}

const KINDS = { 1: "guide", 2: "modèle", 3: "retour d'expérience", 4: "événement" };
const AUDIENCES = {
  1: "tout le monde",
  2: "tuteurs en entreprise",
  3: "enseignants référents",
  4: "animateurs",
  5: "élèves et familles",
};

/**
 * An animator: the basin's follow-up per school, inviting its schools and companies, and the basin's shelf of good
 * practice, kept current live (WatchResources).
 */
class AnimatorWork extends Work {
  render() {
    const root = this.section("Animation du bassin");
    this.followUp = table(["Établissement", "Niveau", "Élèves", "Placés", "En attente", "Sans candidature"]);
    this.load = table(["Semaine", "Métier", "Élèves en stage", "Places offertes", "Places libres"]);
    root.append(
      element("h3", {}, "Suivi par établissement"),
      this.followUp,
      element("h3", {}, "Charge du calendrier (12 semaines)"),
      this.load,
      this.inviteForm(),
      this.practiceForm(),
    );
    this.shelf = table(["Ressource", "Type", "Public", "Extrait"]);
    root.append(element("h3", {}, "Bonnes pratiques du bassin et de l'académie"), this.shelf);
  }

  start() {
    super.start();
    this.watchShelf();
  }

  stop() {
    this.resources?.cancel();
    super.stop();
  }

  inviteForm() {
    const form = element("form", { id: "invite-form", "aria-labelledby": "invite-title" });
    const who = element("select", { id: "invite-who", name: "who", required: true });
    this.inviteSelect = who;
    const link = element("input", { id: "invite-link", readonly: true, size: "60" });
    form.append(
      element("h3", { id: "invite-title" }, "Inviter un établissement ou une entreprise"),
      element("label", { for: "invite-who" }, "Qui"),
      who,
      element("button", { type: "submit" }, "Créer le lien d'invitation"),
      element("label", { for: "invite-link" }, "Lien à transmettre (une seule fois, 72 heures)"),
      link,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.invite(who.value, link);
    });
    return form;
  }

  async invite(value, field) {
    const [role, id] = value.split(":");
    try {
      const invite = await this.calls.unary("polestage.admin.v1.AdminService/InviteUser", {
        role,
        school_uai: role === "school" ? id : "",
        company_siret: role === "company" ? id : "",
      });
      field.value = `${location.origin}${invite.path}`;
      field.focus();
      field.select();
      this.say(`Lien d'invitation créé pour ${this.inviteSelect.selectedOptions[0]?.text ?? ""}.`);
    } catch (error) {
      this.failure(error);
    }
  }

  practiceForm() {
    const form = element("form", { id: "practice-form", "aria-labelledby": "practice-title" });
    const kind = element("select", { id: "practice-kind", name: "kind" });
    kind.append(...Object.entries(KINDS).filter(([value]) => value !== "4").map(([value, label]) => new Option(label, value)));
    const audience = element("select", { id: "practice-audience", name: "audience" });
    audience.append(...Object.entries(AUDIENCES).map(([value, label]) => new Option(label, value)));
    form.append(
      element("h3", { id: "practice-title" }, "Partager une bonne pratique"),
      element("label", { for: "practice-name" }, "Titre"),
      element("input", { id: "practice-name", name: "title", required: true, minlength: "3", maxlength: "160" }),
      element("label", { for: "practice-kind" }, "Type"),
      kind,
      element("label", { for: "practice-audience" }, "Pour"),
      audience,
      element("label", { for: "practice-text" }, "Texte (Markdown)"),
      element("textarea", { id: "practice-text", name: "markdown", rows: "3", cols: "50", maxlength: "20000" }),
      element("button", { type: "submit" }, "Publier pour le bassin"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.share(form);
    });
    return form;
  }

  async share(form) {
    const data = new FormData(form);
    try {
      const resource = await this.calls.unary("polestage.practice.v1.PracticeService/SaveResource", {
        scope: 1,
        details: {
          title: String(data.get("title")).trim(),
          kind: Number(data.get("kind")),
          audience: Number(data.get("audience")),
          markdown: String(data.get("markdown")),
        },
      });
      form.reset();
      this.say(`Ressource publiée : « ${resource.details.title} ».`);
    } catch (error) {
      this.failure(error);
    }
  }

  async refresh() {
    try {
      const weeks = weeksFrom(new Date(), 12);
      const [followUp, companies, load] = await Promise.all([
        this.calls.unary("polestage.placements.v1.ApplicationService/GetFollowUp"),
        this.calls.unary("polestage.admin.v1.AdminService/SearchCompanies", { basin_id: this.session.basin, page_size: 200 }),
        this.calls.unary("polestage.calendar.v1.CalendarService/GetLoad", { from_week: weeks[0], to_week: weeks.at(-1) }),
      ]);
      // Weeks where the pupils out outnumber the free seats of their trade stand out (data-tension).
      const labels = this.trades();
      const rows = (load.weeks ?? []).filter((week) => (week.pupils_out ?? 0) > 0 || (week.seats_offered ?? 0) > 0);
      fill(this.load, rows, (week) => [
        weekLabel(week.week),
        week.trade_code ? (labels.get(week.trade_code) ?? week.trade_code) : "tous métiers",
        String(week.pupils_out ?? 0),
        String(week.seats_offered ?? 0),
        String(week.seats_free ?? 0),
      ], (week) => ({ "data-tension": String((week.pupils_out ?? 0) > (week.seats_free ?? 0)) }));
      const levels = [];
      for (const school of followUp.schools ?? []) {
        for (const level of school.levels ?? []) levels.push({ school, level });
      }
      fill(this.followUp, levels, ({ school, level }) => {
        const hidden = level.fewer_than_five;
        return [
          school.school_name,
          Level[level.level] ?? "",
          hidden ? "< 5" : String(level.pupils ?? 0),
          hidden ? "" : String(level.placed ?? 0),
          hidden ? "" : String(level.pending ?? 0),
          hidden ? "" : String(level.nothing_yet ?? 0),
        ];
      });
      const chosen = this.inviteSelect.value;
      this.inviteSelect.replaceChildren(
        ...(followUp.schools ?? []).map((school) => new Option(`Établissement : ${school.school_name}`, `school:${school.school_uai}`)),
        ...(companies.companies ?? []).map(
          (company) => new Option(`Entreprise : ${company.details.name}`, `company:${company.details.siret}`),
        ),
      );
      if (chosen) this.inviteSelect.value = chosen;
      await this.refreshShelf();
    } catch (error) {
      this.failure(error);
    }
  }

  async refreshShelf() {
    const page = await this.calls.unary("polestage.practice.v1.PracticeService/SearchResources", { page_size: 50 });
    fill(this.shelf, page.resources ?? [], (resource) => [
      `${resource.details.title}${resource.scope === 2 ? " (académie)" : ""}`,
      KINDS[resource.details.kind] ?? "",
      AUDIENCES[resource.details.audience] ?? "",
      resource.excerpt,
    ], (resource) => ({ "data-resource-id": `${resource.scope}-${resource.id}` }));
  }

  /** The shelf follows every change of the basin's and the académie's resources, live. */
  watchShelf() {
    return this.watch("polestage.practice.v1.PracticeService/WatchResources", "resources", (event) => {
      if (event.resource) this.refreshShelf().catch((error) => this.failure(error));
    });
  }
}

const ROLE_NAMES = {
  coordinator: "coordination",
  animator: "animation",
  school: "établissement",
  company: "entreprise",
  pupil: "élève",
};

/**
 * The coordination: the académie's figures across basins (who is placed, per group, figures under 5 withheld), the
 * companies flagged for their decline rates, the directory, and the latest entries of the audit log.
 */
class CoordinatorWork extends Work {
  render() {
    const root = this.section("Coordination académique");
    this.figures = table(["Élèves", "Effectif", "Placés", "En attente", "Taux de placement"]);
    this.flagged = element("ul", { id: "flagged-companies" });
    this.audit = table(["Quand", "Qui", "Action", "Cible", "Résultat"]);
    this.directory = table(["Entreprise", "Commune", "Secteur (NAF)", "Bassins"]);
    const search = element("form", { id: "directory-form", role: "search", "aria-labelledby": "directory-title" });
    search.append(
      element("label", { for: "directory-query" }, "Nom ou SIRET"),
      element("input", { id: "directory-query", name: "query", type: "search" }),
      element("button", { type: "submit" }, "Chercher"),
    );
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      this.searchDirectory(search.querySelector("input").value);
    });
    root.append(
      element("h3", {}, "L'académie : élèves placés, par groupe"),
      this.figures,
      element("h3", {}, "Entreprises signalées pour leurs refus"),
      this.flagged,
      element("h3", { id: "directory-title" }, "Annuaire des entreprises"),
      search,
      this.directory,
      element("h3", {}, "Journal d'audit (les 20 dernières actions)"),
      this.audit,
    );
  }

  async refresh() {
    try {
      const [statistics, audit] = await Promise.all([
        this.calls.unary("polestage.admin.v1.AdminService/GetStatistics", {}),
        this.calls.unary("polestage.admin.v1.AdminService/ListAudit", { page_size: 20 }),
      ]);
      const equity = statistics.equity ?? {};
      const groups = [
        ["tous", equity.all], ["REP et REP+", equity.priority], ["REP", equity.rep], ["REP+", equity.rep_plus],
        ["établissements ruraux", equity.rural], ["autres établissements", equity.others], ["QPV", equity.qpv],
        ["besoin d'un accès adapté", equity.needs_accessible], ["filles", equity.female], ["garçons", equity.male],
      ];
      fill(this.figures, groups, ([name, group = {}]) =>
        group.fewer_than_five
          ? [name, "< 5", "", "", ""]
          : [
              name,
              String(group.pupils ?? 0),
              String(group.placed ?? 0),
              String(group.pending ?? 0),
              `${((group.placement_rate ?? 0) * 100).toFixed(1).replace(".", ",")} %`,
            ],
      );
      const flagged = (statistics.company_declines ?? []).filter((company) => company.flagged);
      this.flagged.replaceChildren(
        ...(flagged.length === 0
          ? [element("li", {}, "Aucune entreprise signalée.")]
          : flagged.map((company) =>
              element("li", {}, `${company.company_name} : écart de ${Number(company.gap_points).toFixed(1).replace(".", ",")} points`),
            )),
      );
      fill(this.audit, audit.entries ?? [], (entry) => [
        new Date(Number(entry.at)).toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" }),
        ROLE_NAMES[entry.role] ?? entry.role,
        entry.method,
        entry.target,
        entry.outcome,
      ]);
    } catch (error) {
      this.failure(error);
    }
  }

  async searchDirectory(query) {
    try {
      const list = await this.calls.unary("polestage.admin.v1.AdminService/SearchCompanies", { query, page_size: 50 });
      fill(this.directory, list.companies ?? [], ({ details }) => [
        details.name,
        details.commune,
        details.sector,
        (details.basin_ids ?? []).join(", "),
      ]);
      this.say(`${(list.companies ?? []).length} entreprise(s) trouvée(s).`);
    } catch (error) {
      this.failure(error);
    }
  }
}

function reasonSelect(id) {
  const select = element("select", { id: `reason-${id}` });
  select.append(...Object.entries(DECLINE_REASONS).map(([value, label]) => new Option(label, value)));
  return select;
}

function table(headings) {
  const node = element("table", { class: "work-table" });
  const head = element("tr");
  head.append(...headings.map((heading) => element("th", { scope: "col" }, heading)));
  node.append(element("thead"), element("tbody"));
  node.tHead.append(head);
  return node;
}

/** Fills a table's body: each cell a text, or a function making its element. */
function fill(node, items, cells, attributes = () => ({})) {
  const rows = items.map((item) => {
    const row = element("tr", attributes(item));
    for (const cell of cells(item)) {
      const td = element("td");
      if (typeof cell === "function") td.append(cell());
      else td.textContent = cell ?? "";
      row.append(td);
    }
    return row;
  });
  node.tBodies[0].replaceChildren(...rows);
}

/**
 * The apply form, in a dialog: opened from an offer's row by a pupil (for itself) or a school (for one of its pupils
 * without a placement). The period is one the school declared; the server checks the rest and says why it refuses.
 */
export class ApplyDialog {
  constructor({ calls, work, role }) {
    Object.assign(this, { calls, work, role });
    this.dialog = $("#apply-dialog");
    this.form = $("#apply-form");
    this.form.onsubmit = (event) => {
      event.preventDefault();
      this.send();
    };
    $("#apply-cancel").onclick = () => this.dialog.close();
  }

  async open(offer) {
    this.offer = offer;
    $("#apply-offer").textContent = `${offer.details?.title ?? ""} — ${offer.company_name ?? ""}`;
    $("#apply-error").textContent = "";
    const periods = await this.work.periods().catch(() => []);
    const select = $("#apply-period");
    select.replaceChildren(
      ...periods.map((period, index) =>
        new Option(`${Level[period.level] ?? ""} : ${rangeLabel(period.from_week, period.to_week)}`, String(index)),
      ),
    );
    this.periods = periods;
    const pupilField = $("#apply-pupil-field");
    pupilField.hidden = this.role !== "school";
    if (this.role === "school") {
      const pupils = $("#apply-pupil");
      pupils.replaceChildren(
        ...(this.work.pupils ?? []).map((pupil) => new Option(`${pupil.details?.ref} (${Level[pupil.details?.level] ?? ""})`, String(pupil.id))),
      );
    }
    this.dialog.showModal();
    $("#apply-period").focus();
  }

  async send() {
    const period = this.periods[Number($("#apply-period").value)];
    if (!period) {
      $("#apply-error").textContent = "Votre établissement n'a déclaré aucune période de stage.";
      return;
    }
    const request = {
      offer_id: this.offer.id,
      from_week: period.from_week,
      to_week: period.to_week,
      motivation: $("#apply-motivation").value.trim(),
    };
    if (this.role === "school") request.pupil_id = Number($("#apply-pupil").value);
    try {
      await this.calls.unary("polestage.placements.v1.ApplicationService/Apply", request);
      this.dialog.close();
      this.form.reset();
      this.work.say(`Candidature envoyée pour « ${this.offer.details?.title ?? ""} ».`);
      this.work.refresh();
    } catch (error) {
      $("#apply-error").textContent = error instanceof RpcError ? `Refusé : ${error.message}` : String(error.message);
    }
  }
}
