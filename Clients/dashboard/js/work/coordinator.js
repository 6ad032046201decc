// The coordination's page: the académie's figures across basins (who is placed, per group, figures under 5 withheld),
// the companies flagged for their decline rates, the company directory with its basins by name, and the latest
// entries of the audit log.

import { dateTime, element, fill, form, table } from "./dom.js";
import { equityTable, fillEquity, fillFlagged, flaggedList } from "./equity.js";
import { Work } from "./panel.js";

const ROLE_NAMES = {
  coordinator: "coordination",
  animator: "animation",
  school: "établissement",
  company: "entreprise",
  pupil: "élève",
};

export class CoordinatorWork extends Work {
  render() {
    const root = this.section("Coordination académique");
    this.figures = equityTable();
    this.flagged = flaggedList("flagged-companies");
    this.audit = table(["Quand", "Qui", "Action", "Cible", "Résultat"]);
    this.directory = table(["Entreprise", "Commune", "Secteur (NAF)", "Bassins"], { id: "directory" });
    const search = form({ id: "directory-form", role: "search", "aria-labelledby": "directory-title" }, (node) =>
      this.searchDirectory(node.querySelector("input").value),
    );
    search.append(
      element("label", { for: "directory-query" }, "Nom ou SIRET"),
      element("input", { id: "directory-query", name: "query", type: "search" }),
      element("button", { type: "submit" }, "Chercher"),
    );
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
      const [statistics, audit, basins] = await Promise.all([
        this.calls.unary("polestage.admin.v1.AdminService/GetStatistics", {}),
        this.calls.unary("polestage.admin.v1.AdminService/ListAudit", { page_size: 20 }),
        this.calls.unary("polestage.admin.v1.AdminService/ListBasins", { include_archived: true }),
      ]);
      this.basinNames = new Map((basins.basins ?? []).map((basin) => [basin.id, basin.name]));
      fillEquity(this.figures, statistics.equity);
      fillFlagged(this.flagged, statistics);
      fill(this.audit, audit.entries ?? [], (entry) => [
        dateTime(entry.at),
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
      const names = this.basinNames ?? new Map();
      fill(this.directory, list.companies ?? [], ({ details }) => [
        details.name,
        details.commune,
        details.sector,
        (details.basin_ids ?? []).map((id) => names.get(id) ?? id).join(", "),
      ]);
      this.say(`${(list.companies ?? []).length} entreprise(s) trouvée(s).`);
    } catch (error) {
      this.failure(error);
    }
  }
}
