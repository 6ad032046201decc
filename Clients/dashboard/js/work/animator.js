// An animator's page, beside the basin's live board: follow-up per school (figures under 5 withheld), the calendar's
// load over 12 weeks per trade, the basin's equity figures and the companies flagged for their declines, the placement
// and priority rules, the contacts per trade, inviting schools and companies, and the shelf of good practice kept
// current live (WatchResources).

import { Level } from "../schemas.js";
import { weekLabel, weeksFrom } from "../weeks.js";
import { ContactsSection } from "./contacts.js";
import { element, field, fill, form, select, table } from "./dom.js";
import { equityTable, fillEquity, fillFlagged, flaggedList } from "./equity.js";
import { Work } from "./panel.js";

const KINDS = { 1: "guide", 2: "modèle", 3: "retour d'expérience", 4: "événement" };
const AUDIENCES = {
  1: "tout le monde",
  2: "tuteurs en entreprise",
  3: "enseignants référents",
  4: "animateurs",
  5: "élèves et familles",
};

/** The priority groups of the rules, in the order the form shows them. */
const PRIORITY_GROUPS = [
  [1, "élèves des établissements REP"],
  [2, "élèves des établissements REP+"],
  [3, "élèves des établissements ruraux"],
  [4, "élèves habitant un quartier prioritaire (QPV)"],
  [5, "élèves ayant besoin d'un accès adapté"],
];

/** The numeric rules: field, label, bounds. */
const RULE_NUMBERS = [
  ["max_pending_applications", "Candidatures en attente par élève, au plus", 1, 20],
  ["pending_days", "Jours pendant lesquels une candidature en attente retient sa place", 1, 60],
  ["priority_window_days", "Jours réservés aux élèves prioritaires après la publication d'une offre", 0, 30],
  ["reserved_share_percent", "Part des places de chaque semaine gardée pour eux (%)", 0, 100],
  ["reserved_release_days", "Ces places sont libérées pour tous, jours avant la semaine", 0, 120],
];

export class AnimatorWork extends Work {
  render() {
    const root = this.section("Animation du bassin");
    this.followUp = table(["Établissement", "Niveau", "Élèves", "Placés", "En attente", "Sans candidature"]);
    this.load = table(["Semaine", "Métier", "Élèves en stage", "Places offertes", "Places libres"]);
    this.equity = equityTable();
    this.flagged = flaggedList("flagged-companies");
    this.companies = [];
    this.contacts = new ContactsSection(this, { companies: () => this.companies });
    root.append(
      element("h3", {}, "Suivi par établissement"),
      this.followUp,
      element("h3", {}, "Charge du calendrier (12 semaines)"),
      this.load,
      element("h3", {}, "Équité : élèves placés, par groupe"),
      this.equity,
      element("h3", {}, "Entreprises signalées pour leurs refus"),
      this.flagged,
      this.rulesForm(),
      this.inviteForm(),
      this.contacts.render(),
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

  updateTrades() {
    this.contacts.updateChoices();
  }

  /** The basin's rules: every change is audited by the server, which also checks the bounds. */
  rulesForm() {
    const node = form({ id: "rules-form", "aria-labelledby": "rules-title" }, (node) => this.saveRules(node));
    const groups = element("fieldset", { class: "levels" });
    groups.append(element("legend", {}, "Élèves prioritaires (aucun coché : pas d'accès prioritaire)"));
    for (const [value, label] of PRIORITY_GROUPS) {
      const wrapper = element("label", { class: "check" });
      wrapper.append(element("input", { type: "checkbox", name: "group", value: String(value) }), document.createTextNode(` ${label}`));
      groups.append(wrapper);
    }
    node.append(element("h3", { id: "rules-title" }, "Règles des candidatures et accès prioritaire"));
    for (const [name, label, min, max] of RULE_NUMBERS) {
      node.append(...field(label, element("input", { id: `rule-${name}`, name, type: "number", min: String(min), max: String(max), required: true })));
    }
    node.append(groups, element("button", { type: "submit" }, "Enregistrer les règles"));
    this.rules = node;
    return node;
  }

  showRules(rules) {
    for (const [name] of RULE_NUMBERS) this.rules.querySelector(`#rule-${name}`).value = String(rules[name] ?? 0);
    const chosen = new Set(rules.priority_groups?.groups ?? []);
    for (const box of this.rules.querySelectorAll("input[name=group]")) box.checked = chosen.has(Number(box.value));
  }

  async saveRules(node) {
    const data = new FormData(node);
    const request = Object.fromEntries(RULE_NUMBERS.map(([name]) => [name, Number(data.get(name))]));
    request.priority_groups = { groups: data.getAll("group").map(Number) };
    try {
      const rules = await this.calls.unary("polestage.placements.v1.ApplicationService/SetPlacementRules", request);
      this.showRules(rules);
      const groups = rules.priority_groups?.groups ?? [];
      this.say(
        groups.length === 0
          ? "Règles enregistrées : pas d'accès prioritaire."
          : `Règles enregistrées : ${rules.priority_window_days} jour(s) réservés aux élèves prioritaires, ` +
              `${rules.reserved_share_percent} % des places gardées pour eux.`,
      );
    } catch (error) {
      this.failure(error);
    }
  }

  inviteForm() {
    const node = form({ id: "invite-form", "aria-labelledby": "invite-title" }, () => this.invite(this.inviteSelect.value, link));
    this.inviteSelect = select({ id: "invite-who", name: "who", required: true }, []);
    const link = element("input", { id: "invite-link", readonly: true, size: "60" });
    node.append(
      element("h3", { id: "invite-title" }, "Inviter un établissement ou une entreprise"),
      ...field("Qui", this.inviteSelect),
      element("button", { type: "submit" }, "Créer le lien d'invitation"),
      ...field("Lien à transmettre (une seule fois, 72 heures)", link),
    );
    return node;
  }

  async invite(value, output) {
    const [role, id] = value.split(":");
    try {
      const invite = await this.calls.unary("polestage.admin.v1.AdminService/InviteUser", {
        role,
        school_uai: role === "school" ? id : "",
        company_siret: role === "company" ? id : "",
      });
      output.value = `${location.origin}${invite.path}`;
      output.focus();
      output.select();
      this.say(`Lien d'invitation créé pour ${this.inviteSelect.selectedOptions[0]?.text ?? ""}.`);
    } catch (error) {
      this.failure(error);
    }
  }

  practiceForm() {
    const node = form({ id: "practice-form", "aria-labelledby": "practice-title" }, (node) => this.share(node));
    node.append(
      element("h3", { id: "practice-title" }, "Partager une bonne pratique"),
      ...field("Titre", element("input", { id: "practice-name", name: "title", required: true, minlength: "3", maxlength: "160" })),
      ...field("Type", select({ id: "practice-kind", name: "kind" }, Object.entries(KINDS).filter(([value]) => value !== "4"))),
      ...field("Pour", select({ id: "practice-audience", name: "audience" }, Object.entries(AUDIENCES))),
      ...field("Texte (Markdown)", element("textarea", { id: "practice-text", name: "markdown", rows: "3", cols: "50", maxlength: "20000" })),
      element("button", { type: "submit" }, "Publier pour le bassin"),
    );
    return node;
  }

  async share(node) {
    const data = new FormData(node);
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
      node.reset();
      this.say(`Ressource publiée : « ${resource.details.title} ».`);
    } catch (error) {
      this.failure(error);
    }
  }

  async refresh() {
    try {
      const weeks = weeksFrom(new Date(), 12);
      const [followUp, companies, load, statistics, rules] = await Promise.all([
        this.calls.unary("polestage.placements.v1.ApplicationService/GetFollowUp"),
        this.calls.unary("polestage.admin.v1.AdminService/SearchCompanies", { basin_id: this.session.basin, page_size: 200 }),
        this.calls.unary("polestage.calendar.v1.CalendarService/GetLoad", { from_week: weeks[0], to_week: weeks.at(-1) }),
        this.calls.unary("polestage.admin.v1.AdminService/GetStatistics", { basin_id: this.session.basin }),
        this.calls.unary("polestage.placements.v1.ApplicationService/GetPlacementRules"),
      ]);
      // The load names trades by code: their names come from the statistics (every trade with an offer), then the board.
      this.tradeNames = new Map([
        ...this.trades(),
        ...(statistics.by_trade_and_level ?? []).map((figures) => [figures.trade_code, figures.trade_label]),
      ]);
      this.showLoad(load);
      this.showFollowUp(followUp);
      fillEquity(this.equity, statistics.equity);
      fillFlagged(this.flagged, statistics);
      if (!this.rules.contains(document.activeElement)) this.showRules(rules);
      this.companies = (companies.companies ?? []).map((company) => [company.details.siret, company.details.name]);
      const chosen = this.inviteSelect.value;
      this.inviteSelect.replaceChildren(
        ...(followUp.schools ?? []).map((school) => new Option(`Établissement : ${school.school_name}`, `school:${school.school_uai}`)),
        ...this.companies.map(([siret, name]) => new Option(`Entreprise : ${name}`, `company:${siret}`)),
      );
      if (chosen) this.inviteSelect.value = chosen;
      await Promise.all([this.contacts.refresh(), this.refreshShelf()]);
    } catch (error) {
      this.failure(error);
    }
  }

  /** Weeks where the pupils out outnumber the free seats of their trade stand out (data-tension). */
  showLoad(load) {
    const labels = this.tradeNames;
    const rows = (load.weeks ?? []).filter((week) => (week.pupils_out ?? 0) > 0 || (week.seats_offered ?? 0) > 0);
    fill(this.load, rows, (week) => [
      weekLabel(week.week),
      week.trade_code ? (labels.get(week.trade_code) ?? week.trade_code) : "tous métiers",
      String(week.pupils_out ?? 0),
      String(week.seats_offered ?? 0),
      String(week.seats_free ?? 0),
    ], (week) => ({ "data-tension": String((week.pupils_out ?? 0) > (week.seats_free ?? 0)) }));
  }

  showFollowUp(followUp) {
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
