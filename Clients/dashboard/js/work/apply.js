// The apply form, in a dialog: a pupil applies for itself, a school for one of its pupils without a placement.

import { RpcError } from "../client.js";
import { Level } from "../schemas.js";
import { rangeLabel } from "../weeks.js";
import { $ } from "./dom.js";

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
