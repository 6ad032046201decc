// A live subscription that survives network drops: it subscribes with a snapshot the first time, keeps the position
// of every event, and after a lost connection reconnects with backoff and resumes from that position, so that no
// change is missed or repeated (docs/live.md). Final refusals (bad token, bad filter, no right) stop it.

import { RpcError, Status } from "./client.js";
import { Methods } from "./schemas.js";

/** Codes that a retry cannot fix. */
const FINAL = new Set([
  Status.INVALID_ARGUMENT,
  Status.UNAUTHENTICATED,
  Status.PERMISSION_DENIED,
  Status.NOT_FOUND,
  Status.FAILED_PRECONDITION,
  Status.UNIMPLEMENTED,
]);

export class LiveFeed {
  /**
   * @param {object} options
   * @param {() => Promise<import("./client.js").Connection>} options.connect opens a connection
   * @param {object} options.metadata call metadata: `authorization`, optionally `polestage-basin`
   * @param {object} options.filter the OfferFilter to subscribe with
   * @param {(event: object) => void} options.onEvent each OfferEvent, in order
   * @param {(state: string, detail?: object) => void} options.onState "connecting", "replaying", "live",
   *   "reconnecting" ({ inMs, error }), "failed" ({ error }), "stopped"
   */
  constructor({
    connect,
    metadata,
    filter,
    onEvent,
    onState,
    initialDelayMs = 500,
    maxDelayMs = 30000,
    position = null,
    shared = false,
  }) {
    // `shared`: the connection is the page's (channel.js), used by other calls too: the feed ends its own call and
    // leaves the connection open.
    Object.assign(this, { connect, metadata, filter, onEvent, onState, initialDelayMs, maxDelayMs, shared });
    this.call = null;
    this.position = position;
    this.running = false;
    this.connection = null;
    this.wakeUp = null;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Stops for good: cancels the call (RESET) and closes the connection. */
  async stop() {
    this.running = false;
    this.wakeUp?.();
    this.call?.cancel?.();
    this.release(this.connection);
    await this.done;
  }

  /** Closes a connection of the feed's own; a shared one stays open for the page's other calls. */
  release(connection) {
    if (!this.shared) connection?.close();
  }

  /** Drops the current connection as a network failure would (the feed then resumes); for tests and "reconnect now". */
  dropConnection() {
    this.connection?.fail(1001, "dropped by the page");
  }

  async loop() {
    let delay = this.initialDelayMs;
    while (this.running) {
      let connection = null;
      try {
        this.onState("connecting");
        connection = this.connection = await this.connect();
        if (!this.running) break;
        const request = { filter: this.filter };
        if (this.position) request.resume_from = this.position;
        else request.snapshot = true;
        const call = (this.call = connection.serverStream(Methods.subscribe, request, { metadata: this.metadata }));
        this.onState("replaying");
        for await (const event of call) {
          if (event.position && BigInt(event.position.epoch) !== 0n) this.position = event.position;
          if (event.live) {
            delay = this.initialDelayMs;
            this.onState("live");
          }
          this.onEvent(event);
          if (!this.running) break;
        }
        if (this.running) throw new RpcError(Status.UNAVAILABLE, "the subscription ended");
      } catch (error) {
        if (!this.running) break;
        if (error instanceof RpcError && FINAL.has(error.code)) {
          this.running = false;
          this.onState("failed", { error });
          this.release(connection);
          return;
        }
        this.onState("reconnecting", { inMs: delay, error });
        this.release(connection);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
        delay = Math.min(delay * 2, this.maxDelayMs);
        continue;
      }
      this.release(connection);
    }
    this.onState("stopped");
  }
}
