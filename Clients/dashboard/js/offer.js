// An offer's page, in a dialog opened from its row: what it is, where, when (each week's free seats), for whom, how
// to get there, what it provides for a pupil with a disability, and its priority access; with "Candidater" for a pupil
// or a school. Text goes in with textContent only.

import { freeSeats, priorityAccess } from "./board.js";
import { Level } from "./schemas.js";
import { STATUS_LABEL } from "./view.js";
import { weekLabel } from "./weeks.js";
import { $ } from "./work/dom.js";

export class OfferDialog {
  /** @param {{ onApply: ((offer: object) => void) | null }} options `onApply` null where the role does not apply */
  constructor({ onApply }) {
    this.onApply = onApply;
    this.dialog = $("#offer-dialog");
    $("#offer-close").onclick = () => this.dialog.close();
    $("#offer-apply").onclick = () => {
      this.dialog.close();
      this.onApply?.(this.offer);
    };
  }

  open(offer, board) {
    this.offer = offer;
    const details = offer.details ?? {};
    $("#offer-dialog-title").textContent = details.title ?? "";
    $("#offer-company").textContent = `${offer.company_name ?? ""} — ${offer.trade_label || details.trade_code || ""}`;
    const address = details.address ?? {};
    const facts = [
      ["Niveaux accueillis", (details.levels ?? []).map((level) => Level[level]).join(", ")],
      ["Adresse", [address.street, `${address.postal_code ?? ""} ${address.commune ?? ""}`.trim()].filter(Boolean).join(", ")],
      ["Distance", offer.distance_km > 0 ? `${offer.distance_km.toFixed(1).replace(".", ",")} km` : ""],
      ["Pour vous", board.filter.reachable_only || offer.reachable ? "vous pouvez vous y rendre" : ""],
      ["Transports", transit(details)],
      ["Accessibilité", accessibility(details)],
      ["Repas, hébergement", [details.lunch_provided && "repas fourni", details.lodging_provided && "hébergement possible"].filter(Boolean).join(", ")],
      ["Accès prioritaire", priorityAccess(offer, board.filter)],
      ["État", `${STATUS_LABEL[offer.status] ?? ""}, ${freeSeats(offer, board.filter)} place(s) libre(s)`],
    ].filter(([, value]) => value);
    const list = $("#offer-facts");
    list.replaceChildren();
    for (const [term, value] of facts) {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      list.append(dt, dd);
    }
    $("#offer-description").textContent = details.description ?? "";
    $("#offer-weeks").replaceChildren(
      ...(offer.periods ?? []).map((period) => {
        const item = document.createElement("li");
        item.textContent = `${weekLabel(period.week)} : ${period.seats_free} place(s) libre(s) sur ${period.seats}`;
        return item;
      }),
    );
    $("#offer-apply").hidden = !this.onApply || freeSeats(offer, {}) === 0;
    this.dialog.showModal();
    $("#offer-close").focus();
  }
}

function transit(details) {
  const stop = details.transit;
  if (stop?.stop) {
    const lines = (stop.lines ?? []).length ? ` (lignes ${stop.lines.join(", ")})` : "";
    return `arrêt ${stop.stop}${lines}, à ${stop.walk_minutes ?? 0} min à pied`;
  }
  return details.transit_access ?? "";
}

function accessibility(details) {
  const features = details.accessibility ?? {};
  const provided = [
    features.step_free && "accès de plain-pied",
    features.adapted_tasks && "tâches adaptées",
    features.trained_tutor && "tuteur formé à l'accueil d'un élève en situation de handicap",
  ].filter(Boolean);
  if (provided.length) return provided.join(", ");
  return details.accessible ? "accessible" : "";
}
