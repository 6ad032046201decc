// LiveFeed's reconnection rules, against scripted connections: resume from the last position, backoff that doubles
// and resets once live, and a stop on refusals a retry cannot fix.

import assert from "node:assert/strict";
import { test } from "node:test";

import { RpcError, Status } from "../js/client.js";
import { LiveFeed } from "../js/feed.js";

/**
 * A connection whose Subscribe yields `events` then fails with `error`, or, when `error` is null, waits until the
 * connection is closed and then fails as a real one does.
 */
function scripted(events, error, requests) {
  let onClose = () => {};
  const closed = new Promise((resolve) => (onClose = resolve));
  return {
    close() {
      onClose();
    },
    serverStream(method, request, options) {
      requests.push({ method: method.path, request, metadata: options.metadata });
      let index = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            if (index < events.length) return { done: false, value: events[index++] };
            if (error) throw error;
            await closed;
            throw lost;
          },
          return: async () => ({ done: true }),
        }),
      };
    },
  };
}

/** Resolves when `predicate(states)` holds, or fails after `ms`. */
function until(states, predicate, ms = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; states: ${JSON.stringify(states.map((s) => s.state))}`)), ms);
    const check = () => {
      if (predicate(states)) {
        clearTimeout(timer);
        resolve();
      } else setImmediate(check);
    };
    check();
  });
}

const live = (offset) => ({ position: { epoch: 5n ** 30n, offset }, live: {} });
const change = (offset) => ({ position: { epoch: 5n ** 30n, offset }, change: { kind: 1, offer: { id: offset } } });
const lost = new RpcError(Status.UNAVAILABLE, "The WebSocket connection closed.");

test("after a lost connection it resumes from the last event's position, without a snapshot", async () => {
  const requests = [];
  const scripts = [
    [[{ position: { epoch: 5n ** 30n, offset: 2 }, snapshot: { offers: [], last: true } }, live(2), change(3)], lost],
    [[change(4), live(4)], null],
  ];
  const states = [];
  const events = [];
  const feed = new LiveFeed({
    connect: async () => scripted(...scripts.shift(), requests),
    metadata: { authorization: "Bearer t" },
    filter: { free_seats_only: true },
    onEvent: (event) => events.push(event),
    onState: (state, detail) => states.push({ state, detail }),
    initialDelayMs: 1,
  });
  feed.start();
  await until(states, (s) => s.filter((x) => x.state === "live").length === 2);
  await feed.stop();
  assert.equal(requests.length, 2);
  assert.deepEqual(requests[0].request, { filter: { free_seats_only: true }, snapshot: true });
  assert.deepEqual(requests[1].request, { filter: { free_seats_only: true }, resume_from: { epoch: 5n ** 30n, offset: 3 } });
  assert.equal(requests[1].metadata.authorization, "Bearer t");
  assert.deepEqual(events.filter((e) => e.change).map((e) => e.change.offer.id), [3, 4]);
  const reconnecting = states.find((s) => s.state === "reconnecting");
  assert.equal(reconnecting.detail.error, lost);
  assert.equal(states.at(-1).state, "stopped");
});

test("the delay doubles while connections fail, up to the maximum", async () => {
  const states = [];
  let attempts = 0;
  const feed = new LiveFeed({
    connect: async () => {
      attempts += 1;
      throw new RpcError(Status.UNAVAILABLE, "cannot reach");
    },
    metadata: {},
    filter: {},
    onEvent: () => {},
    onState: (state, detail) => states.push({ state, detail }),
    initialDelayMs: 1,
    maxDelayMs: 4,
  });
  feed.start();
  await until(states, (s) => s.filter((x) => x.state === "reconnecting").length >= 5);
  await feed.stop();
  const delays = states.filter((s) => s.state === "reconnecting").slice(0, 5).map((s) => s.detail.inMs);
  assert.deepEqual(delays, [1, 2, 4, 4, 4]);
  assert.ok(attempts >= 5);
});

for (const code of [Status.UNAUTHENTICATED, Status.PERMISSION_DENIED, Status.INVALID_ARGUMENT]) {
  test(`${code} stops the feed with its error instead of retrying`, async () => {
    const states = [];
    const requests = [];
    const refusal = new RpcError(code, "refused");
    const feed = new LiveFeed({
      connect: async () => scripted([], refusal, requests),
      metadata: {},
      filter: {},
      onEvent: () => {},
      onState: (state, detail) => states.push({ state, detail }),
      initialDelayMs: 1,
    });
    feed.start();
    await feed.done;
    assert.equal(requests.length, 1);
    assert.equal(states.at(-1).state, "failed");
    assert.equal(states.at(-1).detail.error, refusal);
    assert.match(refusal.message, /^(UNAUTHENTICATED|PERMISSION_DENIED|INVALID_ARGUMENT): refused$/);
  });
}

test("a drop in the middle of a first snapshot subscribes again with a snapshot, not from position 0", async () => {
  const requests = [];
  const page = { position: { epoch: 0, offset: 0 }, snapshot: { offers: [{ id: 1 }], last: false } };
  const scripts = [[[page], lost], [[live(9)], null]];
  const states = [];
  const feed = new LiveFeed({
    connect: async () => scripted(...scripts.shift(), requests),
    metadata: {},
    filter: {},
    onEvent: () => {},
    onState: (state, detail) => states.push({ state, detail }),
    initialDelayMs: 1,
  });
  feed.start();
  await until(states, (s) => s.some((x) => x.state === "live"));
  await feed.stop();
  assert.deepEqual(requests.map((r) => r.request), [{ filter: {}, snapshot: true }, { filter: {}, snapshot: true }]);
});
