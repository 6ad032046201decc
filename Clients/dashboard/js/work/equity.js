// The equity figures the animator (its basin) and the coordination (the académie, or a basin) read: who is placed, per
// group, with figures under 5 pupils withheld by the server, and the companies flagged for declining priority pupils
// more often than the others.

import { element, fill, percent, points, table } from "./dom.js";

const GROUPS = [
  ["tous les élèves", "all"],
  ["REP et REP+", "priority"],
  ["REP", "rep"],
  ["REP+", "rep_plus"],
  ["établissements ruraux", "rural"],
  ["autres établissements", "others"],
  ["QPV", "qpv"],
  ["besoin d'un accès adapté", "needs_accessible"],
  ["filles", "female"],
  ["garçons", "male"],
];

export function equityTable() {
  return table(["Élèves", "Effectif", "Placés", "En attente", "Taux de placement"], { class: "work-table equity" });
}

/** One row per group; a group of fewer than 5 pupils shows "< 5" and nothing else. */
export function fillEquity(node, equity = {}) {
  fill(node, GROUPS, ([name, key]) => {
    const group = equity[key] ?? {};
    return group.fewer_than_five
      ? [name, "< 5", "", "", ""]
      : [name, String(group.pupils ?? 0), String(group.placed ?? 0), String(group.pending ?? 0), percent(group.placement_rate)];
  }, ([, key]) => ({ "data-group": key }));
}

export function flaggedList(id) {
  return element("ul", { id, class: "flagged" });
}

/** The flagged companies with their gap, or a line saying there is none. */
export function fillFlagged(list, statistics) {
  const flagged = (statistics.company_declines ?? []).filter((company) => company.flagged);
  const threshold = points(statistics.decline_gap_points);
  list.replaceChildren(
    ...(flagged.length === 0
      ? [element("li", {}, `Aucune entreprise signalée (seuil : ${threshold} points d'écart).`)]
      : flagged.map((company) =>
          element(
            "li",
            { "data-siret": company.company_siret },
            `${company.company_name} : refuse ${percent(company.priority_pupils?.decline_rate)} des élèves prioritaires ` +
              `contre ${percent(company.other_pupils?.decline_rate)} des autres (écart de ${points(company.gap_points)} points).`,
          ),
        )),
  );
}
