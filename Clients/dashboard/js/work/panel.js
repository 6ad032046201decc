// What every role panel shares: the calls over the page's one connection (channel.js), the caller's inbox kept current
// by WatchInbox, streams watched while the panel is shown, and the status lines screen readers announce.

import { RpcError } from "../client.js";
import { methods } from "../messages.js";
import { $, dateTime, element } from "./dom.js";

/** The calls of the page: by `Service/Method` name, with the session's metadata. */
export class Calls {
  constructor(channel, metadata) {
    this.channel = channel;
    this.metadata = metadata;
  }

  async unary(name, request = {}) {
    const connection = await this.channel.get();
    return connection.unary(methods[name], request, { metadata: this.metadata() });
  }

  async stream(name, request = {}) {
    const connection = await this.channel.get();
    return connection.serverStream(methods[name], request, { metadata: this.metadata() });
  }
}

export class Work {
  /**
   * @param {object} options
   * @param {Calls} options.calls
   * @param {object} options.session who is signed in (`school`, `company`, `pupil`)
   * @param {() => Map<string, string>} options.trades the basin's trades seen on the board, code → label
   */
  constructor({ calls, session, trades }) {
    Object.assign(this, { calls, session, trades });
    this.root = $("#work");
    this.watching = true;
  }

  start() {
    this.root.hidden = false;
    this.render();
    this.root.append(this.inboxSection());
    this.refresh();
    this.refreshInbox();
    this.watchInbox();
  }

  /** The caller's inbox: its latest messages, the unread ones marked, and "mark all read". */
  inboxSection() {
    const section = element("section", { class: "inbox", "aria-labelledby": "inbox-title" });
    const markAll = element("button", { type: "button", id: "inbox-read" }, "Tout marquer comme lu");
    markAll.addEventListener("click", async () => {
      try {
        await this.calls.unary("polestage.placements.v1.InboxService/MarkRead", { all: true });
        this.refreshInbox();
      } catch (error) {
        this.failure(error);
      }
    });
    section.append(
      element("h3", { id: "inbox-title" }, "Messages"),
      element("p", { class: "inbox-count", "aria-live": "polite" }),
      element("ul", { id: "inbox-list" }),
      markAll,
    );
    return section;
  }

  async refreshInbox() {
    try {
      const page = await this.calls.unary("polestage.placements.v1.InboxService/ListInbox", { page_size: 10 });
      const unread = page.unread ?? 0;
      this.root.querySelector(".inbox-count").textContent =
        unread === 0 ? "Aucun message non lu." : `${unread} message(s) non lu(s).`;
      const items = (page.messages ?? []).map((message) => {
        const item = element("li", { "data-read": String(Boolean(message.read)) });
        item.append(element("time", {}, dateTime(message.at_unix_ms)), document.createTextNode(` ${message.text}`));
        return item;
      });
      this.root.querySelector("#inbox-list").replaceChildren(...items);
    } catch (error) {
      this.failure(error);
    }
  }

  stop() {
    this.watching = false;
    this.inbox?.cancel();
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  /** The periods the school declared (the pupil's, or the school's own), for the apply form. */
  async periods() {
    const calendar = await this.calls.unary("polestage.calendar.v1.CalendarService/GetSchoolCalendar", {
      school_uai: this.session.school,
    });
    return calendar.periods ?? [];
  }

  /** Refreshes the panel whenever a message arrives in the caller's inbox. */
  watchInbox() {
    return this.watch("polestage.placements.v1.InboxService/WatchInbox", "inbox", (event) => {
      if (event.message) {
        this.refresh();
        this.refreshInbox();
      }
    });
  }

  /**
   * Follows a server stream while the panel is shown (kept as `this[field]`, so that `stop` can cancel it), and opens
   * it again a second after a drop (the page's channel opens a new connection).
   */
  async watch(name, field, onEvent) {
    while (this.watching) {
      try {
        this[field] = await this.calls.stream(name);
        for await (const event of this[field]) onEvent(event);
      } catch {
        // Dropped: watch again shortly.
      }
      if (this.watching) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** The basin's trades seen so far, `[code, label]` by label. */
  tradePairs() {
    return [...this.trades()].sort((a, b) => a[1].localeCompare(b[1]));
  }

  /** Shows a call's outcome in the panel's status line (read by screen readers). */
  say(text, failed = false) {
    const status = this.root.querySelector(".status");
    status.textContent = text;
    status.dataset.failed = String(failed);
  }

  /** The panel's count line, apart from the status line so that a refresh does not hide an action's outcome. */
  count(text) {
    this.root.querySelector(".count").textContent = text;
  }

  failure(error) {
    this.say(error instanceof RpcError ? `Refusé : ${error.message}` : String(error.message ?? error), true);
  }

  section(title) {
    const heading = element("h2", { id: "work-title" }, title);
    const status = element("p", { class: "status", role: "status" });
    const count = element("p", { class: "count", "aria-live": "polite" });
    this.root.replaceChildren(heading, status, count);
    this.root.setAttribute("aria-labelledby", "work-title");
    return this.root;
  }
}
