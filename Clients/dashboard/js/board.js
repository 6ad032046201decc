// What the dashboard shows, computed from the subscription's events alone (no DOM here, so Node tests it):
// the offers that match the filter, the counters, the offers by trade and level, and a feed of the latest changes.

import { ChangeKind, Level } from "./schemas.js";

const WITHDRAWN = 5;

const weekKey = (week) => (week ? week.year * 100 + week.week : 0);

/** The offer's periods within the filter's weeks (`filter` is the OfferFilter object subscribed with). */
export function periodsInRange(offer, filter) {
  const from = weekKey(filter.from_week);
  const to = filter.to_week ? weekKey(filter.to_week) : Infinity;
  return (offer.periods ?? []).filter((period) => {
    const key = weekKey(period.week);
    return key >= from && key <= to;
  });
}

/**
 * Seats of the offer in the filter's weeks, `{ free, taken }`, remembered per offer object and filter object: an event
 * brings a new object for the offer it changes, so a remembered count is never stale, and a render over thousands of
 * offers counts each one once instead of once per counter, grid, list and map.
 */
const counted = new WeakMap();

export function seatCounts(offer, filter = {}) {
  let byOffer = counted.get(filter);
  if (!byOffer) counted.set(filter, (byOffer = new WeakMap()));
  let counts = byOffer.get(offer);
  if (!counts) {
    counts = { free: 0, taken: 0 };
    for (const period of periodsInRange(offer, filter)) {
      counts.free += Math.max(0, period.seats_free);
      counts.taken += period.seats_taken;
    }
    byOffer.set(offer, counts);
  }
  return counts;
}

/** Free seats of the offer in the filter's weeks. */
export function freeSeats(offer, filter = {}) {
  return seatCounts(offer, filter).free;
}

/** A moment as the page says it, in Paris: "13 décembre à 10:00". */
export function formatParis(milliseconds) {
  const date = new Date(milliseconds);
  const day = date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", timeZone: "Europe/Paris" });
  const time = date.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
  return `${day} à ${time}`;
}

/**
 * What the basin's priority access says of the offer at `now` (Unix ms): its priority window, or the seats of the
 * filter's weeks held for priority pupils; "" when neither holds any more (their ends are not events: the page reads
 * them against its clock).
 */
export function priorityAccess(offer, filter = {}, now = Date.now()) {
  const until = Number(offer.priority_until_unix_ms ?? 0);
  if (until > now) return `élèves prioritaires seulement, jusqu'au ${formatParis(until)}`;
  const held = periodsInRange(offer, filter).filter(
    (period) => Number(period.held_until_unix_ms ?? 0) > now && (period.seats_held_for_priority ?? 0) > 0,
  );
  if (held.length === 0) return "";
  const seats = held.reduce((sum, period) => sum + period.seats_held_for_priority, 0);
  const last = Math.max(...held.map((period) => Number(period.held_until_unix_ms)));
  return `${seats} place${seats > 1 ? "s" : ""} pour les élèves prioritaires jusqu'au ${formatParis(last)}`;
}

/**
 * Whether an offer, as a change left it, still belongs on the board: the server sends a change when the offer
 * matched before or matches after it, so the board checks "after" itself.
 */
export function matches(offer, filter = {}) {
  if (offer.status === WITHDRAWN) return false;
  const details = offer.details ?? {};
  if (filter.trade_codes?.length && !filter.trade_codes.includes(details.trade_code)) return false;
  if (filter.levels?.length && !filter.levels.some((level) => (details.levels ?? []).includes(level))) return false;
  if (filter.accessible_only && !details.accessible) return false;
  if (filter.radius_km > 0 && offer.distance_km > filter.radius_km) return false;
  const periods = periodsInRange(offer, filter);
  if ((filter.from_week || filter.to_week) && periods.length === 0) return false;
  if (filter.free_seats_only && freeSeats(offer, filter) === 0) return false;
  return true;
}

/**
 * The filter the page subscribes with: the board's, but for "free seats only", which the board applies itself, so that
 * a full offer still counts in "places prises" (the server would stop sending it once full).
 */
export function subscriptionFilter(filter) {
  return { ...filter, free_seats_only: false };
}

const titles = new Intl.Collator("fr");

function byDistanceThenTitle(a, b) {
  return (a.distance_km ?? 0) - (b.distance_km ?? 0) || titles.compare(a.details?.title ?? "", b.details?.title ?? "");
}

function sortKeyChanged(before, after) {
  return before.distance_km !== after.distance_km || before.details?.title !== after.details?.title;
}

export class OfferBoard {
  /**
   * @param {object} options
   * @param {object} options.filter the page's filter; `free_seats_only` hides full offers from the lists, not from the
   *   "taken" counter
   */
  constructor({ filter = {}, feedLimit = 30 } = {}) {
    this.filter = filter;
    // Every offer the subscription matches is kept; `free_seats_only` is applied when showing them.
    this.kept = subscriptionFilter(filter);
    this.feedLimit = feedLimit;
    this.offers = new Map();
    // The keys of `offers` in the list's order, kept until an offer comes, goes, or changes its title or distance.
    this.order = null;
    this.pending = null;
    this.feed = [];
    this.origin = null;
    this.live = false;
  }

  /** A new subscription starts (after a drop): snapshot pages of the lost one are dropped, a new snapshot may follow. */
  restart() {
    this.pending = null;
  }

  /** Applies one OfferEvent; returns what changed, for the view: "offers", "feed", "live" or null. */
  apply(event) {
    if (event.reset) {
      this.pending = new Map();
      this.live = false;
      this.pushFeed({ kind: "reset", text: event.reset.message });
      return "feed";
    }
    if (event.snapshot) {
      this.pending ??= new Map();
      for (const offer of event.snapshot.offers) {
        if (matches(offer, this.kept)) this.pending.set(String(offer.id), offer);
      }
      if (event.snapshot.last) {
        this.offers = this.pending;
        this.order = null;
        this.pending = null;
        return "offers";
      }
      return null;
    }
    if (event.change) {
      const { offer, kind, week, at_unix_ms: at } = event.change;
      const target = this.pending ?? this.offers;
      const key = String(offer.id);
      const before = target.get(key);
      const kept = matches(offer, this.kept);
      if (kept) target.set(key, offer);
      else target.delete(key);
      if (target === this.offers && (!before || !kept || sortKeyChanged(before, offer))) this.order = null;
      this.pushFeed({
        kind: ChangeKind[kind] ?? "changed",
        offerId: key,
        title: offer.details?.title ?? "",
        company: offer.company_name,
        week,
        at: Number(at),
        freeBefore: before ? freeSeats(before, this.filter) : null,
        freeAfter: freeSeats(offer, this.filter),
      });
      return "offers";
    }
    if (event.live) {
      this.live = true;
      this.origin = event.live.origin ?? null;
      return "live";
    }
    return null;
  }

  pushFeed(entry) {
    // Numbered, so that the view adds only the entries it has not shown.
    entry.sequence = this.sequence = (this.sequence ?? 0) + 1;
    this.feed.unshift(entry);
    if (this.feed.length > this.feedLimit) this.feed.length = this.feedLimit;
  }

  /** The offers shown: every one kept, or only those with a free seat in the filter's weeks. */
  shown() {
    const offers = [...this.offers.values()];
    return this.filter.free_seats_only ? offers.filter((offer) => freeSeats(offer, this.filter) > 0) : offers;
  }

  /**
   * Offers on the board, nearest first when distances are known, then by title. The order is sorted again only when
   * an offer comes, goes, or changes its title or distance: a seat taken or freed keeps it.
   */
  list() {
    this.order ??= [...this.offers.values()].sort(byDistanceThenTitle).map((offer) => String(offer.id));
    const offers = this.order.map((key) => this.offers.get(key));
    return this.filter.free_seats_only ? offers.filter((offer) => freeSeats(offer, this.filter) > 0) : offers;
  }

  /** Counters: offers shown, offers with a free seat, free seats, and seats taken in every offer kept, full ones
   * included (in the filter's weeks). */
  totals() {
    let withFree = 0;
    let free = 0;
    let taken = 0;
    for (const offer of this.offers.values()) {
      const counts = seatCounts(offer, this.filter);
      if (counts.free > 0) withFree += 1;
      free += counts.free;
      taken += counts.taken;
    }
    return { offers: this.shown().length, withFree, free, taken };
  }

  /** Offers with free seats, and those seats, by trade then level: `[{ code, label, levels: Map(level → {offers, free}) }]`. */
  byTradeAndLevel() {
    const trades = new Map();
    for (const offer of this.offers.values()) {
      const free = freeSeats(offer, this.filter);
      if (free === 0) continue;
      const code = offer.details?.trade_code ?? "";
      let trade = trades.get(code);
      if (!trade) trades.set(code, (trade = { code, label: offer.trade_label || code, levels: new Map() }));
      for (const level of offer.details?.levels ?? []) {
        const cell = trade.levels.get(level) ?? { offers: 0, free: 0 };
        cell.offers += 1;
        cell.free += free;
        trade.levels.set(level, cell);
      }
    }
    return [...trades.values()].sort((a, b) => a.label.localeCompare(b.label));
  }

  /** The levels that appear on the board, in the enum's order. */
  levels() {
    const seen = new Set();
    for (const offer of this.shown()) for (const level of offer.details?.levels ?? []) seen.add(level);
    return Object.keys(Level).map(Number).filter((level) => seen.has(level));
  }
}
