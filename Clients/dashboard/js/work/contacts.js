// The basin's contacts per trade (ContactService): a company keeps its own; the animator sees every company's and adds
// or removes them for its partners. Contacts are adults of the companies; pupils never appear here.

import { element, field, fill, form, refill, select, table } from "./dom.js";

export class ContactsSection {
  /**
   * @param {import("./panel.js").Work} work the panel it belongs to (its calls, trades and status line)
   * @param {object} options
   * @param {string} [options.company] the company's SIRET: only its contacts, added for it
   * @param {() => Array<[string, string]>} [options.companies] the animator's partners, SIRET and name, to add for
   */
  constructor(work, { company, companies } = {}) {
    Object.assign(this, { work, company, companies });
  }

  render() {
    const section = element("section", { class: "contacts", "aria-labelledby": "contacts-title" });
    this.table = table(["Métier", "Entreprise", "Nom", "Fonction", "Courriel", "Téléphone", ""]);
    this.table.tBodies[0].addEventListener("click", (event) => {
      const button = event.target.closest("button[data-remove-contact]");
      if (button) this.remove(Number(button.dataset.removeContact), button.dataset.name);
    });
    this.form = form({ id: "contact-form", "aria-labelledby": "contact-form-title" }, (node) => this.add(node));
    this.tradeSelect = select({ id: "contact-trade", name: "trade", required: true }, []);
    const controls = [
      element("h4", { id: "contact-form-title" }, "Ajouter un contact"),
      ...field("Métier", this.tradeSelect),
    ];
    if (this.companies) {
      this.companySelect = select({ id: "contact-company", name: "company", required: true }, []);
      controls.push(...field("Entreprise", this.companySelect));
    }
    controls.push(
      ...field("Nom", element("input", { id: "contact-name", name: "name", required: true, maxlength: "120", autocomplete: "off" })),
      ...field("Fonction", element("input", { id: "contact-function", name: "function", maxlength: "120" })),
      ...field("Courriel", element("input", { id: "contact-email", name: "email", type: "email", maxlength: "200" })),
      ...field("Téléphone", element("input", { id: "contact-phone", name: "phone", type: "tel", maxlength: "20" })),
      element("button", { type: "submit" }, "Ajouter le contact"),
    );
    this.form.append(...controls);
    section.append(element("h3", { id: "contacts-title" }, "Contacts par métier"), this.table, this.form);
    return section;
  }

  /** The selects follow the trades seen on the board and the animator's partners, keeping the choice made. */
  updateChoices() {
    refill(this.tradeSelect, this.work.tradePairs());
    if (this.companySelect) refill(this.companySelect, this.companies());
  }

  async refresh() {
    this.updateChoices();
    const list = await this.work.calls.unary("polestage.contacts.v1.ContactService/ListContacts", {});
    const labels = this.work.trades();
    const contacts = (list.contacts ?? [])
      .filter((contact) => !this.company || contact.details?.company_siret === this.company)
      .sort((a, b) => (labels.get(a.details.trade_code) ?? "").localeCompare(labels.get(b.details.trade_code) ?? ""));
    fill(this.table, contacts, ({ id, details, company_name }) => [
      labels.get(details.trade_code) ?? details.trade_code,
      company_name,
      details.name,
      details.function,
      details.email,
      details.phone,
      () =>
        element(
          "button",
          { type: "button", "data-remove-contact": String(id), "data-name": details.name, "aria-label": `Retirer ${details.name}` },
          "Retirer",
        ),
    ], ({ id }) => ({ "data-contact-id": String(id) }));
  }

  async add(node) {
    const data = new FormData(node);
    const email = String(data.get("email") ?? "").trim();
    const phone = String(data.get("phone") ?? "").trim();
    if (!email && !phone) return this.work.say("Indiquez un courriel ou un téléphone pour joindre ce contact.", true);
    try {
      const contact = await this.work.calls.unary("polestage.contacts.v1.ContactService/AddContact", {
        trade_code: data.get("trade"),
        company_siret: this.company ?? String(data.get("company") ?? ""),
        name: String(data.get("name")).trim(),
        function: String(data.get("function") ?? "").trim(),
        email,
        phone,
      });
      node.reset();
      this.work.say(`Contact ajouté : ${contact.details.name}.`);
      await this.refresh();
    } catch (error) {
      this.work.failure(error);
    }
  }

  async remove(id, name) {
    try {
      await this.work.calls.unary("polestage.contacts.v1.ContactService/RemoveContact", { contact_id: id });
      this.work.say(`Contact retiré : ${name}.`);
      await this.refresh();
    } catch (error) {
      this.work.failure(error);
    }
  }
}
