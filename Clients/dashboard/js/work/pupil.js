// A pupil's page: its applications and their states, kept current by its inbox; it applies from the offers table.

import { rangeLabel } from "../weeks.js";
import { fill, table } from "./dom.js";
import { Work } from "./panel.js";

export const APPLICATION_STATUS = {
  1: "en attente de réponse",
  2: "acceptée",
  3: "refusée",
  4: "retirée",
  5: "expirée",
};

export class PupilWork extends Work {
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
