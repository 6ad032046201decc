// A school's page: its pupils without a placement (kept current by its inbox), their sign-in codes, applying for them,
// its roster (a pupil added by its reference, a class imported from a CSV file), its internship periods, and its own
// figures per level (every figure: they are its own pupils).

import { Level } from "../schemas.js";
import { parseWeekKey, rangeLabel, weekKey, weekLabel, weeksFrom } from "../weeks.js";
import { element, field, fill, form, refill, select, table } from "./dom.js";
import { Work } from "./panel.js";

export class SchoolWork extends Work {
  render() {
    const root = this.section("Élèves sans stage");
    this.table = table(["Élève", "Classe", "Niveau", "Candidatures en attente", "Connexion"], { id: "unplaced-pupils" });
    this.table.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-code-for]");
      if (button) this.issueCode(Number(button.dataset.codeFor), button);
    });
    this.figures = table(["Niveau", "Élèves", "Placés", "En attente", "Sans candidature"], { id: "school-figures" });
    this.calendar = table(["Niveau", "Semaines", "Élèves", "Métier", ""], { id: "school-periods" });
    this.calendar.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-remove-period]");
      if (button) this.removePeriod(Number(button.dataset.removePeriod));
    });
    root.append(
      this.table,
      this.rosterForms(),
      element("h3", {}, "Nos élèves, par niveau"),
      this.figures,
      element("h3", {}, "Nos périodes de stage"),
      this.calendar,
      this.periodForm(),
    );
  }

  /** Adding a pupil (a reference, never a name), and importing a class's CSV file with the import's report. */
  rosterForms() {
    const wrapper = element("div", { class: "roster-forms" });
    const add = form({ id: "pupil-form", "aria-labelledby": "pupil-form-title" }, (node) => this.addPupil(node));
    add.append(
      element("h3", { id: "pupil-form-title" }, "Ajouter un élève"),
      ...field(
        "Référence (jamais un nom)",
        element("input", { id: "pupil-ref", name: "ref", required: true, pattern: "[A-Za-z0-9_-]{4,32}", maxlength: "32" }),
      ),
      ...field("Classe", element("input", { id: "pupil-class", name: "class", required: true, maxlength: "16" })),
      ...field("Niveau", select({ id: "pupil-level", name: "level", required: true }, Object.entries(Level))),
      element("button", { type: "submit" }, "Ajouter"),
    );
    const upload = form({ id: "import-form", "aria-labelledby": "import-form-title" }, (node) => this.importFile(node));
    upload.append(
      element("h3", { id: "import-form-title" }, "Importer une classe (fichier CSV)"),
      ...field(
        "Fichier CSV (ref;class;level;…)",
        element("input", { id: "import-file", name: "file", type: "file", accept: ".csv,text/csv", required: true }),
      ),
      element("button", { type: "submit" }, "Importer"),
      element("ul", { id: "import-report", "aria-live": "polite" }),
    );
    wrapper.append(add, upload);
    return wrapper;
  }

  /** A period: a level's pupils out over a range of weeks, for a trade or any. */
  periodForm() {
    const weeks = weeksFrom(new Date(), 52).map((week) => [weekKey(week), weekLabel(week)]);
    this.periodTrade = select({ id: "period-trade", name: "trade" }, [["", "tous métiers"]]);
    const node = form({ id: "period-form", "aria-labelledby": "period-form-title" }, (node) => this.addPeriod(node));
    node.append(
      element("h4", { id: "period-form-title" }, "Déclarer une période"),
      ...field("Niveau", select({ id: "period-level", name: "level", required: true }, Object.entries(Level))),
      ...field("Première semaine", select({ id: "period-from", name: "from", required: true }, weeks)),
      ...field("Dernière semaine", select({ id: "period-to", name: "to", required: true }, weeks)),
      ...field("Élèves en stage", element("input", { id: "period-pupils", name: "pupils", type: "number", min: "1", max: "2000", value: "1", required: true })),
      ...field("Métier de la section", this.periodTrade),
      element("button", { type: "submit" }, "Ajouter la période"),
    );
    return node;
  }

  updateTrades() {
    refill(this.periodTrade, [["", "tous métiers"], ...this.tradePairs()]);
  }

  async addPupil(node) {
    const data = new FormData(node);
    try {
      const pupil = await this.calls.unary("polestage.placements.v1.PupilService/SavePupil", {
        school_uai: this.session.school,
        details: { ref: String(data.get("ref")).trim(), class_name: String(data.get("class")).trim(), level: Number(data.get("level")) },
      });
      node.reset();
      this.say(`Élève ${pupil.details.ref} ajouté.`);
      this.refresh();
    } catch (error) {
      this.failure(error);
    }
  }

  async importFile(node) {
    const file = node.querySelector("#import-file").files[0];
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
      node.querySelector("#import-report").replaceChildren(
        ...rejected.map((line) => element("li", {}, `Ligne ${line.line} : ${line.reason}`)),
      );
      this.refresh();
    } catch (error) {
      this.failure(error);
    }
  }

  async addPeriod(node) {
    const data = new FormData(node);
    const period = {
      level: Number(data.get("level")),
      from_week: parseWeekKey(data.get("from")),
      to_week: parseWeekKey(data.get("to")),
      pupils: Number(data.get("pupils")),
      trade_code: String(data.get("trade") ?? ""),
    };
    if (weekKey(period.to_week) < weekKey(period.from_week)) {
      return this.say("La dernière semaine ne peut pas précéder la première.", true);
    }
    if (await this.savePeriods([...(this.schoolPeriods ?? []), period])) {
      this.say(`Période ajoutée : ${Level[period.level]}, ${rangeLabel(period.from_week, period.to_week)}.`);
    }
  }

  async removePeriod(index) {
    const removed = this.schoolPeriods?.[index];
    if (!removed) return;
    if (await this.savePeriods(this.schoolPeriods.filter((_, position) => position !== index))) {
      this.say(`Période retirée : ${Level[removed.level]}, ${rangeLabel(removed.from_week, removed.to_week)}.`);
    }
  }

  /** Replaces the school's periods (the server checks them and says what it refuses); true when saved. */
  async savePeriods(periods) {
    try {
      const calendar = await this.calls.unary("polestage.calendar.v1.CalendarService/SetSchoolPeriods", {
        school_uai: this.session.school,
        periods,
      });
      this.showPeriods(calendar.periods ?? []);
      return true;
    } catch (error) {
      this.failure(error);
      return false;
    }
  }

  showPeriods(periods) {
    this.schoolPeriods = periods;
    const labels = this.trades();
    fill(this.calendar, periods.map((period, index) => ({ period, index })), ({ period, index }) => [
      Level[period.level] ?? "",
      rangeLabel(period.from_week, period.to_week),
      String(period.pupils ?? 0),
      period.trade_code ? (labels.get(period.trade_code) ?? period.trade_code) : "tous métiers",
      () =>
        element(
          "button",
          { type: "button", "data-remove-period": String(index), "aria-label": `Retirer la période ${Level[period.level] ?? ""} ${rangeLabel(period.from_week, period.to_week)}` },
          "Retirer",
        ),
    ]);
  }

  async refresh() {
    try {
      const [roster, followUp, periods] = await Promise.all([
        this.calls.unary("polestage.placements.v1.PupilService/GetRoster", { school_uai: this.session.school, unplaced_only: true }),
        this.calls.unary("polestage.placements.v1.ApplicationService/GetFollowUp"),
        this.periods(),
      ]);
      this.pupils = roster.pupils ?? [];
      fill(this.table, this.pupils, (pupil) => [
        pupil.details?.ref,
        pupil.details?.class_name,
        Level[pupil.details?.level] ?? "",
        String(pupil.pending_applications ?? 0),
        () => element("button", { type: "button", "data-code-for": String(pupil.id) }, "Code de connexion"),
      ], (pupil) => ({ "data-pupil-id": String(pupil.id), "data-level": String(pupil.details?.level ?? 0) }));
      this.count(`${this.pupils.length} élève(s) sans stage`);
      const own = (followUp.schools ?? []).find((school) => school.school_uai === this.session.school);
      fill(this.figures, own?.levels ?? [], (level) => [
        Level[level.level] ?? "",
        String(level.pupils ?? 0),
        String(level.placed ?? 0),
        String(level.pending ?? 0),
        String(level.nothing_yet ?? 0),
      ], (level) => ({ "data-level": String(level.level) }));
      this.showPeriods(periods);
    } catch (error) {
      this.failure(error);
    }
  }

  async issueCode(pupil, button) {
    try {
      const code = await this.calls.unary("polestage.placements.v1.PupilService/IssueSignInCode", { pupil_id: pupil });
      button.parentElement.replaceChildren(element("code", { class: "sign-in-code" }, code.code));
      this.say(`Code de connexion de l'élève : ${code.code} (bassin ${this.session.basin}), à ne donner qu'à lui.`);
    } catch (error) {
      this.failure(error);
    }
  }
}
