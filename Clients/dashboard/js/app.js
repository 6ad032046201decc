// The dashboard page: signs in with a token (pasted, or handed over as `#token=…`, which is removed from the address
// at once), subscribes to the caller's basin, and re-subscribes when the filters change.

import { OfferBoard } from "./board.js";
import { Connection } from "./client.js";
import { LiveFeed } from "./feed.js";
import { Level } from "./schemas.js";
import { renderBoard, renderConnection, renderFeed } from "./view.js";

const $ = (selector) => document.querySelector(selector);
const STORAGE_KEY = "polestage.dashboard";

/** The token's claims, for display only (the server verifies the token; the page never trusts these). */
function claims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

const webSocketURL = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/grpc`;

/** "2026-W07" (an `<input type="week">` value) as an IsoWeek, or undefined. */
function isoWeek(value) {
  const match = /^(\d{4})-W(\d{2})$/.exec(value ?? "");
  return match ? { year: Number(match[1]), week: Number(match[2]) } : undefined;
}

class Dashboard {
  constructor() {
    this.session = null;
    this.feed = null;
    this.board = null;
    this.trades = new Map();
    this.renderScheduled = false;
  }

  init() {
    for (const [number, label] of Object.entries(Level)) {
      $("#filter-level").append(new Option(label, number));
    }
    $("#sign-in-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.signIn($("#token-input").value.trim(), $("#basin-input").value.trim());
    });
    $("#filters").addEventListener("submit", (event) => {
      event.preventDefault();
      this.subscribe();
    });
    $("#sign-out").addEventListener("click", () => this.signOut());

    const fragment = new URLSearchParams(location.hash.slice(1));
    if (fragment.has("token")) {
      history.replaceState(null, "", location.pathname + location.search);
      this.signIn(fragment.get("token"), fragment.get("basin") ?? "");
      return;
    }
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved?.token) this.signIn(saved.token, saved.basin ?? "");
  }

  signIn(token, basin) {
    if (!token) return;
    const tokenClaims = claims(token);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, basin }));
    this.session = { token, basin: basin || tokenClaims.basin || "", claims: tokenClaims };
    $("#basin-name").textContent = [tokenClaims.role, this.session.basin || tokenClaims.school].filter(Boolean).join(" · ");
    $("#sign-in").hidden = true;
    $("#board").hidden = false;
    this.subscribe();
  }

  async signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    await this.feed?.stop();
    this.feed = null;
    this.session = null;
    $("#board").hidden = true;
    $("#sign-in").hidden = false;
    renderConnection("signed-out");
  }

  /** The filter of the form, as an OfferFilter. */
  filter() {
    const filter = {};
    const trade = $("#filter-trade").value;
    if (trade) filter.trade_codes = [trade];
    const level = Number($("#filter-level").value);
    if (level) filter.levels = [level];
    const from = isoWeek($("#filter-from-week").value);
    const to = isoWeek($("#filter-to-week").value);
    if (from) filter.from_week = from;
    if (to) filter.to_week = to;
    const radius = Number($("#filter-radius").value);
    if (radius > 0) filter.radius_km = radius;
    filter.free_seats_only = $("#filter-free").checked;
    return filter;
  }

  /** (Re)subscribes with the form's filter: a new board, from a snapshot. */
  async subscribe() {
    await this.feed?.stop();
    const filter = this.filter();
    this.board = new OfferBoard({ filter });
    renderBoard(this.board);
    const metadata = { authorization: `Bearer ${this.session.token}` };
    if (this.session.basin && !this.session.claims.basin) metadata["polestage-basin"] = this.session.basin;
    const feed = new LiveFeed({
      connect: () => Connection.open(webSocketURL()),
      metadata,
      filter,
      onEvent: (event) => this.onEvent(feed, event),
      onState: (state, detail) => {
        if (this.feed !== feed) return;
        if (state === "replaying") this.board.restart();
        renderConnection(state, detail);
      },
    });
    this.feed = feed;
    // For the browser test and the console: `polestage.board`, `polestage.feed.dropConnection()`.
    window.polestage = { feed, board: this.board };
    feed.start();
  }

  onEvent(feed, event) {
    if (this.feed !== feed) return;
    const changed = this.board.apply(event);
    for (const offer of event.snapshot?.offers ?? []) this.learnTrade(offer);
    if (event.change) this.learnTrade(event.change.offer);
    if (changed === "feed") renderFeed(this.board);
    else if (changed) this.scheduleRender();
  }

  /** Fills the trade filter with every trade seen, so that a narrower filter can be widened again. */
  learnTrade(offer) {
    const code = offer.details?.trade_code;
    if (!code || this.trades.has(code)) return;
    this.trades.set(code, offer.trade_label || code);
    const select = $("#filter-trade");
    const chosen = select.value;
    const options = [...this.trades].sort((a, b) => a[1].localeCompare(b[1]));
    select.replaceChildren(new Option("tous", ""), ...options.map(([value, label]) => new Option(label, value)));
    select.value = chosen;
  }

  /** Renders once per frame however many events arrive. */
  scheduleRender() {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      renderBoard(this.board);
    });
  }
}

new Dashboard().init();
