// The building blocks of the role panels: elements made with textContent only (never HTML from data), tables filled
// row by row, and the French ways of writing a date, a rate and a form's fields.

export const $ = (selector) => document.querySelector(selector);

export function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** A table with its column headings and an empty body. */
export function table(headings, attributes = {}) {
  const node = element("table", { class: "work-table", ...attributes });
  const head = element("tr");
  head.append(...headings.map((heading) => element("th", { scope: "col" }, heading)));
  node.append(element("thead"), element("tbody"));
  node.tHead.append(head);
  return node;
}

/** Fills a table's body: each cell a text, or a function making its element. */
export function fill(node, items, cells, attributes = () => ({})) {
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

/** A label and its control, for a form's `append`. */
export function field(label, control) {
  return [element("label", { for: control.id }, label), control];
}

/** A select of `[value, label]` pairs. */
export function select(attributes, pairs) {
  const node = element("select", attributes);
  node.append(...pairs.map(([value, label]) => new Option(label, String(value))));
  return node;
}

/** Fills a select with `[value, label]` pairs again, keeping the choice made; nothing happens when their count is
 * unchanged (the trades and companies a page learns only grow). */
export function refill(node, pairs) {
  const chosen = node.value;
  if (pairs.length === node.options.length) return;
  node.replaceChildren(...pairs.map(([value, label]) => new Option(label, value)));
  if (chosen) node.value = chosen;
}

/** A form whose submit (button or Enter) calls `onSubmit(form, submitter)` instead of loading a page. */
export function form(attributes, onSubmit) {
  const node = element("form", attributes);
  node.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit(node, event.submitter);
  });
  return node;
}

/** A time in Paris, "06/12/2026 14:05". */
export function dateTime(unixMs) {
  return new Date(Number(unixMs)).toLocaleString("fr-FR", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Europe/Paris",
  });
}

/** A share as a French percentage, "12,5 %". */
export function percent(rate) {
  return `${((rate ?? 0) * 100).toFixed(1).replace(".", ",")} %`;
}

/** A number of points, "21,0". */
export function points(value) {
  return Number(value ?? 0).toFixed(1).replace(".", ",");
}
