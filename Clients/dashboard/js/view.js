// Renders an OfferBoard into the page. Text goes in with textContent only: nothing from the server is parsed as HTML.

import { freeSeats, periodsInRange, priorityAccess } from "./board.js";
import { Level } from "./schemas.js";

const $ = (selector) => document.querySelector(selector);
const SVG = "http://www.w3.org/2000/svg";

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Change kinds as the page says them (the feed's `data-kind` keeps the board's names). */
const KIND_LABEL = {
  created: "créée",
  updated: "modifiée",
  published: "publiée",
  withdrawn: "retirée",
  "seat taken": "place prise",
  "seat freed": "place libérée",
};

const formatWeek = (week) => (week ? `S${String(week.week).padStart(2, "0")} ${week.year}` : "");

/** An offer's state as the page says it. */
export const STATUS_LABEL = { 1: "brouillon", 2: "publiée", 3: "complète", 4: "à mettre à jour", 5: "retirée" };

/** The weeks of the filter with a free seat: « 12, 13 (2027) ». */
export function freeWeeks(offer, filter) {
  const weeks = periodsInRange(offer, filter).filter((period) => period.seats_free > 0).map((period) => period.week);
  if (weeks.length === 0) return "";
  const years = [...new Set(weeks.map((week) => week.year))];
  return `${weeks.map((week) => week.week).join(", ")} (${years.join("-")})`;
}

/** Offers shown per page of the table. */
export const PAGE_SIZE = 50;
let page = 0;

/** Shows another page of the offers table: -1, +1, or 0 for the first. */
export function turnPage(board, step) {
  page = step === 0 ? 0 : Math.max(0, page + step);
  renderOffers(board);
}
const formatKm = (km) => (km > 0 ? `${km.toFixed(1)} km` : "");

/**
 * What each part of the board last showed, by its element: a render that would show the same leaves the DOM alone, so
 * that a hundred changes a second elsewhere in the basin cost no style or layout work.
 */
const shownKeys = new WeakMap();

function unchanged(node, key) {
  if (shownKeys.get(node) === key) return true;
  shownKeys.set(node, key);
  return false;
}

function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function renderCounters(board) {
  const totals = board.totals();
  setText($("#count-offers"), totals.offers);
  setText($("#count-with-free"), totals.withFree);
  setText($("#count-free-seats"), totals.free);
  setText($("#count-taken-seats"), totals.taken);
}

export function renderGrid(board) {
  const levels = board.levels();
  const trades = board.byTradeAndLevel();
  const key = JSON.stringify([levels, trades.map((trade) => [trade.code, trade.label, [...trade.levels]])]);
  if (unchanged($("#grid"), key)) return;
  const head = element("tr");
  head.append(element("th", {}, "Métier"), ...levels.map((level) => element("th", {}, Level[level])));
  $("#grid thead").replaceChildren(head);
  const rows = trades.map((trade) => {
    const row = element("tr", { "data-trade": trade.code });
    row.append(element("th", {}, trade.label));
    for (const level of levels) {
      const cell = trade.levels.get(level);
      row.append(element("td", { title: cell ? `${cell.offers} offre(s)` : "" }, cell ? cell.free : "·"));
    }
    return row;
  });
  $("#grid tbody").replaceChildren(...rows);
}

/** Whether the offers table has an "apply" column (a pupil's or a school's page). */
let applyColumn = false;

export function showApplyColumn(shown) {
  applyColumn = shown;
  const head = $("#offers thead tr");
  head.querySelector("th.apply")?.remove();
  if (shown) head.append(element("th", { class: "apply", scope: "col" }, "Candidater"));
}

export function renderOffers(board) {
  const all = board.list();
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  page = Math.min(page, pages - 1);
  const shown = all.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((offer) => {
    const details = offer.details ?? {};
    return {
      id: String(offer.id),
      title: details.title,
      cells: [
        offer.company_name,
        offer.trade_label || details.trade_code,
        (details.levels ?? []).map((level) => Level[level]).join(", "),
        details.address?.commune ?? "",
        freeWeeks(offer, board.filter),
        STATUS_LABEL[offer.status] ?? "",
        freeSeats(offer, board.filter),
        formatKm(offer.distance_km),
        priorityAccess(offer, board.filter),
      ],
    };
  });
  setText(
    $("#offers-page"),
    all.length === 0 ? "aucune offre" : `offres ${page * PAGE_SIZE + 1} à ${Math.min(all.length, (page + 1) * PAGE_SIZE)} sur ${all.length}`,
  );
  $("#offers-previous").disabled = page === 0;
  $("#offers-next").disabled = page >= pages - 1;
  setText($("#origin-note"), board.origin ? "(distances depuis l'établissement ou le point choisi)" : "");
  // Without a point to measure from (an animator's or the coordination's board), no distance column.
  $("#offers").classList.toggle("no-distance", !board.origin);
  const body = $("#offers tbody");
  if (unchanged(body, JSON.stringify([applyColumn, shown]))) return;
  const classes = [undefined, undefined, undefined, "commune", "weeks", "status", "free", "distance", "priority"];
  const rows = shown.map(({ id, title, cells }) => {
    const row = element("tr", { "data-offer-id": id });
    const name = element("td", { class: "title" });
    name.append(element("button", { type: "button", class: "link", "data-details": id, "aria-label": `Voir l'offre : ${title}` }, title));
    row.append(name, ...cells.map((text, index) => element("td", classes[index] ? { class: classes[index] } : {}, text)));
    if (applyColumn) {
      const cell = element("td", { class: "apply" });
      cell.append(element("button", { type: "button", "data-apply": id, "aria-label": `Candidater : ${title}` }, "Candidater"));
      row.append(cell);
    }
    return row;
  });
  body.replaceChildren(...rows);
}

/** Offers around the origin on a local flat projection; rings every `step` km; full offers hollow. */
export function renderMap(board) {
  const map = $("#map");
  // Leaflet draws the map when the server serves it (map.js).
  if (map.hasAttribute("hidden")) return;
  const offers = board.list().filter((offer) => offer.details?.location);
  const origin = board.origin ?? centroid(offers);
  const children = [];
  if (origin && offers.length > 0) {
    const kmPerDegreeLat = 110.57;
    const kmPerDegreeLon = 111.32 * Math.cos((origin.latitude * Math.PI) / 180);
    const points = offers.map((offer) => ({
      offer,
      x: (offer.details.location.longitude - origin.longitude) * kmPerDegreeLon,
      y: -(offer.details.location.latitude - origin.latitude) * kmPerDegreeLat,
    }));
    const reach = Math.max(1, board.filter.radius_km || 0, ...points.map((p) => Math.hypot(p.x, p.y)));
    const scale = 100 / reach;
    const step = [1, 2, 5, 10, 20, 50, 100].find((s) => reach / s <= 4) ?? 100;
    for (let km = step; km <= reach; km += step) {
      children.push(svg("circle", { class: "ring", r: km * scale }));
      children.push(svg("text", { class: "ring-label", x: 2, y: -km * scale - 1 }, `${km} km`));
    }
    for (const { offer, x, y } of points) {
      const free = freeSeats(offer, board.filter);
      const dot = svg("circle", {
        class: free > 0 ? "offer" : "offer full",
        cx: (x * scale).toFixed(2),
        cy: (y * scale).toFixed(2),
        r: 2 + Math.min(free, 6) * 0.6,
        "data-offer-id": String(offer.id),
      });
      dot.append(svg("title", {}, `${offer.details.title} — ${free} place(s) libre(s)`));
      children.push(dot);
    }
    if (board.origin) children.push(svg("rect", { class: "school", x: -3, y: -3, width: 6, height: 6 }));
  }
  map.replaceChildren(...children);
}

function centroid(offers) {
  if (offers.length === 0) return null;
  const sum = offers.reduce(
    (acc, offer) => ({
      latitude: acc.latitude + offer.details.location.latitude,
      longitude: acc.longitude + offer.details.location.longitude,
    }),
    { latitude: 0, longitude: 0 },
  );
  return { latitude: sum.latitude / offers.length, longitude: sum.longitude / offers.length };
}

/** The latest changes, newest first: only the entries not yet shown are added, the oldest dropped past the limit. */
export function renderFeed(board) {
  const list = $("#feed");
  if (shownKeys.get(list) !== board) {
    shownKeys.set(list, board);
    list.replaceChildren();
  }
  const newest = Number(list.firstElementChild?.dataset.sequence ?? -1);
  const added = board.feed.filter((entry) => entry.sequence > newest).map(feedItem);
  list.prepend(...added);
  while (list.childElementCount > board.feed.length) list.lastElementChild.remove();
}

function feedItem(entry) {
  const item = element("li", {
    "data-kind": entry.kind,
    "data-sequence": String(entry.sequence),
    ...(entry.offerId ? { "data-offer-id": entry.offerId } : {}),
  });
  const time = entry.at ? new Date(entry.at).toLocaleTimeString("fr-FR") : "";
  if (entry.kind === "reset") {
    item.textContent = `Reprise complète : ${entry.text}`;
    return item;
  }
  const seats =
    entry.freeBefore !== null && entry.freeBefore !== entry.freeAfter
      ? ` (${entry.freeBefore} → ${entry.freeAfter} places libres)`
      : "";
  item.append(
    element("time", {}, time),
    element("span", { class: "kind" }, KIND_LABEL[entry.kind] ?? entry.kind),
    document.createTextNode(` ${entry.title} — ${entry.company} ${formatWeek(entry.week)}${seats}`),
  );
  return item;
}

export function renderBoard(board) {
  renderCounters(board);
  renderGrid(board);
  renderOffers(board);
  renderMap(board);
  renderFeed(board);
}

const STATE_TEXT = {
  "signed-out": "non connecté",
  connecting: "connexion…",
  replaying: "synchronisation…",
  live: "en direct",
  stopped: "arrêté",
};

export function renderConnection(state, detail) {
  const box = $("#connection");
  box.dataset.state = state;
  let text = STATE_TEXT[state] ?? state;
  if (state === "reconnecting") text = `connexion perdue, nouvel essai dans ${(detail.inMs / 1000).toFixed(1)} s`;
  if (state === "failed") text = `refusé — ${detail.error.message}`;
  $("#connection-state").textContent = text;
}
