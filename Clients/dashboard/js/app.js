// The dashboard page: signs in with a one-time code (an invite link `#invite=…`, or a pupil's `#basin=…&code=…`,
// exchanged for a web session, see session.js) or, for developers, a token (pasted, or `#token=…`); either is removed
// from the address at once. It subscribes to the caller's basin, and re-subscribes when the filters change.

import { OfferBoard, subscriptionFilter } from "./board.js";
import { Channel } from "./channel.js";
import { Connection } from "./client.js";
import { LiveFeed } from "./feed.js";
import { OfferDialog } from "./offer.js";
import { OfferMap } from "./map.js";
import { Level } from "./schemas.js";
import { RoleNames, WebSession, describe, linkCode } from "./session.js";
import { renderBoard, renderConnection, renderFeed, showApplyColumn, turnPage } from "./view.js";
import { weekKey, weekLabel, weeksFrom } from "./weeks.js";
import { ApplyDialog, Calls, workFor } from "./work/index.js";

const $ = (selector) => document.querySelector(selector);
const STORAGE_KEY = "polestage.dashboard";
/** The board is drawn again at most this often: four times a second reads as live. */
const RENDER_INTERVAL_MS = 250;

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
    this.web = new WebSession({ fetch: (...args) => fetch(...args), onChange: (session) => this.onWebSession(session) });
    // The page's one WebSocket, for the live feed and every other call.
    this.channel = new Channel(() => Connection.open(webSocketURL()));
    this.calls = new Calls(this.channel, () => this.metadata ?? { authorization: `Bearer ${this.session?.token}` });
    this.work = null;
    this.map = null;
  }

  init() {
    // A real map when the server serves Leaflet; the plain one otherwise.
    OfferMap.create($("#leaflet-map")).then((map) => {
      if (!map) return;
      this.map = map;
      if (window.polestage) window.polestage.map = map;
      $("#map").setAttribute("hidden", "");
      if (this.board) map.render(this.board);
    });
    for (const [number, label] of Object.entries(Level)) {
      $("#filter-level").append(new Option(label, number));
    }
    // Weeks by their French names, not the browser's own week picker.
    for (const week of weeksFrom(new Date(), 52)) {
      $("#filter-from-week").append(new Option(weekLabel(week), weekKey(week)));
      $("#filter-to-week").append(new Option(weekLabel(week), weekKey(week)));
    }
    $("#offers-previous").addEventListener("click", () => turnPage(this.board, -1));
    $("#offers-next").addEventListener("click", () => turnPage(this.board, +1));
    $("#sign-in-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.signIn($("#token-input").value.trim(), $("#basin-input").value.trim());
    });
    $("#filters").addEventListener("submit", (event) => {
      event.preventDefault();
      this.subscribe();
    });
    $("#sign-out").addEventListener("click", () => this.signOut());
    $("#offers tbody").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-apply], button[data-details]");
      if (!button || !this.board) return;
      const id = button.dataset.apply ?? button.dataset.details;
      const offer = this.board.offers.get(id);
      if (!offer) return;
      if (button.dataset.apply) this.apply?.open(offer);
      else this.offerDialog?.open(offer, this.board);
    });
    $("#code-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.signInWithCode($("#code-input").value.trim(), $("#code-basin-input").value.trim());
    });

    // A link opened in this tab while the page is open changes only the fragment.
    window.addEventListener("hashchange", () => this.fromAddress());
    if (this.fromAddress()) return;
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved?.token) {
      this.signIn(saved.token, saved.basin ?? "");
      return;
    }
    // A session kept by the browser's cookie: signed in again without a code.
    this.web.resume().catch(() => {});
  }

  /** Signs in with what the address's fragment carries (then removed from it); false when it carries nothing. */
  fromAddress() {
    const link = linkCode(location.hash);
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (!link && !fragment.has("token")) return false;
    history.replaceState(null, "", location.pathname + location.search);
    if (link) this.signInWithCode(link.code, link.basin);
    else this.signIn(fragment.get("token"), fragment.get("basin") ?? "");
    return true;
  }

  async signInWithCode(code, basin) {
    if (!code) return;
    $("#sign-in-error").textContent = "";
    try {
      await this.web.signIn(code, basin);
    } catch (error) {
      $("#sign-in-error").textContent = error.message;
    }
  }

  /** A new access token of the web session (or its end): the board keeps going with it. */
  onWebSession(session) {
    if (!session) {
      if (this.session?.web) this.leave();
      return;
    }
    // A first sign-in, or another person's link opened in this tab: the page starts over for them.
    const first = !this.session?.web || this.session.user !== session.user;
    this.session = {
      token: session.accessToken,
      basin: session.basin ?? "",
      claims: { basin: session.basin },
      web: true,
      user: session.user,
      role: session.role,
      school: session.school,
      company: session.company,
      basinName: session.basinName,
      pupil: session.pupil,
      level: session.level,
    };
    if (first) {
      this.metadata = null;
      // Read by Benchmarks/Browser/board_performance.py: sign-in, then the board live (snapshot in), then drawn.
      performance.mark("polestage:signed-in");
    }
    if (this.metadata) this.metadata.authorization = `Bearer ${session.accessToken}`;
    $("#basin-name").textContent = describe(session);
    if (first) this.show();
  }

  async show() {
    $("#sign-in").hidden = true;
    $("#board").hidden = false;
    if (this.session.role === "coordinator" && !this.session.claims.basin) await this.pickBasin();
    // A pupil's board opens on the offers of its level that it can reach.
    const pupil = this.session.role === "pupil";
    $("#reachable-field").hidden = !pupil;
    if (pupil && this.session.level) $("#filter-level").value = String(this.session.level);
    this.subscribe();
    // The role's own work, beside the board.
    this.work?.stop();
    this.work = workFor(this.session.role, { calls: this.calls, session: this.session, trades: () => this.trades });
    this.work?.start();
    if (window.polestage) window.polestage.work = this.work;
    const applies = this.session.role === "pupil" || this.session.role === "school";
    showApplyColumn(applies);
    this.apply = applies && this.work ? new ApplyDialog({ calls: this.calls, work: this.work, role: this.session.role }) : null;
    this.offerDialog = new OfferDialog({ onApply: this.apply ? (offer) => this.apply.open(offer) : null });
  }

  signIn(token, basin) {
    if (!token) return;
    const tokenClaims = claims(token);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, basin }));
    this.session = {
      token,
      basin: basin || tokenClaims.basin || "",
      claims: tokenClaims,
      role: tokenClaims.role,
      school: tokenClaims.school,
      company: tokenClaims.company,
    };
    $("#basin-name").textContent = [RoleNames[tokenClaims.role] ?? tokenClaims.role, this.session.basin || tokenClaims.school]
      .filter(Boolean)
      .join(" · ");
    this.show();
  }

  /** A coordinator works in one basin at a time: the académie's basins, by name, the first one chosen. */
  async pickBasin() {
    const picker = $("#basin-picker");
    try {
      const list = await this.calls.unary("polestage.admin.v1.AdminService/ListBasins", {});
      picker.replaceChildren(...(list.basins ?? []).map((basin) => new Option(basin.name, basin.id)));
    } catch (error) {
      $("#connection-state").textContent = `bassins illisibles — ${error.message}`;
      return;
    }
    $("#basin-field").hidden = false;
    if (!this.session.basin || ![...picker.options].some((option) => option.value === this.session.basin)) {
      this.session.basin = picker.value;
    }
    picker.value = this.session.basin;
    picker.onchange = () => {
      this.session.basin = picker.value;
      $("#basin-name").textContent = `${RoleNames.coordinator} · bassin ${picker.selectedOptions[0]?.text ?? ""}`;
      this.subscribe();
    };
    $("#basin-name").textContent = `${RoleNames.coordinator} · bassin ${picker.selectedOptions[0]?.text ?? ""}`;
  }

  async signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    if (this.session?.web) {
      await this.web.signOut().catch(() => {});
      return;
    }
    await this.leave();
  }

  async leave() {
    this.work?.stop();
    this.work = null;
    this.apply = null;
    $("#basin-field").hidden = true;
    await this.feed?.stop();
    await this.channel.close();
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
    if (this.session?.role === "pupil" && $("#filter-reachable").checked) filter.reachable_only = true;
    return filter;
  }

  /** (Re)subscribes with the form's filter: a new board, from a snapshot. */
  async subscribe() {
    await this.feed?.stop();
    const filter = this.filter();
    this.board = new OfferBoard({ filter });
    turnPage(this.board, 0);
    renderBoard(this.board);
    // Kept, so that a renewed access token reaches the feed's next reconnection.
    const metadata = { authorization: `Bearer ${this.session.token}` };
    if (this.session.basin && !this.session.claims.basin) metadata["polestage-basin"] = this.session.basin;
    this.metadata = metadata;
    const feed = new LiveFeed({
      connect: () => this.channel.get(),
      shared: true,
      metadata,
      filter: subscriptionFilter(filter),
      onEvent: (event) => this.onEvent(feed, event),
      onState: (state, detail) => {
        if (this.feed !== feed) return;
        if (state === "replaying") this.board.restart();
        if (state === "live" && performance.getEntriesByName("polestage:live").length === 0) {
          performance.mark("polestage:live");
          this.markDrawn = true;
          this.scheduleRender();
        }
        renderConnection(state, detail);
      },
    });
    this.feed = feed;
    // For the browser test and the console: `polestage.board`, `polestage.feed.dropConnection()`.
    window.polestage = { feed, board: this.board, work: this.work, map: this.map };
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
    this.work?.updateTrades?.();
  }

  /**
   * Renders at most once per RENDER_INTERVAL_MS however many events arrive (a hundred changes a second on thousands of
   * offers would otherwise fill every frame), on an animation frame.
   */
  scheduleRender() {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    const wait = Math.max(0, (this.renderedAt ?? 0) + RENDER_INTERVAL_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.render()), wait);
  }

  render() {
    this.renderScheduled = false;
    this.renderedAt = performance.now();
    renderBoard(this.board);
    this.map?.render(this.board);
    if (this.markDrawn) {
      this.markDrawn = false;
      performance.mark("polestage:drawn");
    }
  }
}

new Dashboard().init();
