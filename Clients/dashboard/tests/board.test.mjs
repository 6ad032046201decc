// The board's bookkeeping: snapshot pages, changes in and out of the filter, counters and the trade × level grid.

import assert from "node:assert/strict";
import { test } from "node:test";

import { formatParis, freeSeats, matches, OfferBoard, priorityAccess, subscriptionFilter } from "../js/board.js";

const week = (w) => ({ year: 2027, week: w });

function offer(id, { trade = "M1805", levels = [1], seats = [[10, 2, 0]], status = 2, distance = 0, accessible = false } = {}) {
  return {
    id,
    company_name: `Entreprise ${id}`,
    trade_label: trade === "M1805" ? "Études informatiques" : "Boulangerie",
    status,
    distance_km: distance,
    details: { trade_code: trade, title: `Offre ${id}`, levels, accessible, location: { latitude: 46.78, longitude: 4.85 } },
    periods: seats.map(([w, total, taken]) => ({ week: week(w), seats: total, seats_taken: taken, seats_free: total - taken })),
  };
}

const snapshot = (offers, last = true) => ({ position: { epoch: 7, offset: 3 }, snapshot: { offers, last } });
const change = (kind, changed) => ({ position: { epoch: 7, offset: 4 }, change: { kind, offer: changed, at_unix_ms: 1 } });

test("snapshot pages replace the board only once the last page arrived", () => {
  const board = new OfferBoard();
  board.apply(snapshot([offer(1)]));
  board.apply(snapshot([offer(2)], false));
  assert.deepEqual([...board.offers.keys()], ["1"]);
  board.apply(snapshot([offer(3)], true));
  assert.deepEqual([...board.offers.keys()].sort(), ["2", "3"]);
});

test("a reset clears the feed's state and the next snapshot replaces the board", () => {
  const board = new OfferBoard();
  board.apply(snapshot([offer(1), offer(2)]));
  assert.equal(board.apply({ reset: { reason: 1, message: "epoch changed" } }), "feed");
  assert.equal(board.feed[0].kind, "reset");
  board.apply(snapshot([offer(5)]));
  assert.deepEqual([...board.offers.keys()], ["5"]);
});

test("a seat taken moves the counters and the feed says how many seats are left", () => {
  const board = new OfferBoard({ filter: { free_seats_only: true } });
  board.apply(snapshot([offer(1, { seats: [[10, 2, 0]] }), offer(2)]));
  assert.deepEqual(board.totals(), { offers: 2, withFree: 2, free: 4, taken: 0 });
  board.apply(change(5, offer(1, { seats: [[10, 2, 1]] })));
  assert.deepEqual(board.totals(), { offers: 2, withFree: 2, free: 3, taken: 1 });
  assert.equal(board.feed[0].kind, "seat taken");
  assert.equal(board.feed[0].freeBefore, 2);
  assert.equal(board.feed[0].freeAfter, 1);
  // The last seat goes: with "free seats only" the offer leaves the lists, and its seats still count as taken.
  board.apply(change(5, offer(1, { seats: [[10, 2, 2]] })));
  assert.deepEqual(board.list().map((item) => String(item.id)), ["2"]);
  assert.deepEqual(board.totals(), { offers: 1, withFree: 1, free: 2, taken: 2 });
});

test("a withdrawal removes the offer, a publication adds it", () => {
  const board = new OfferBoard();
  board.apply(snapshot([offer(1)]));
  board.apply(change(4, offer(1, { status: 5 })));
  assert.equal(board.offers.size, 0);
  board.apply(change(3, offer(9)));
  assert.deepEqual([...board.offers.keys()], ["9"]);
});

test("changes during a snapshot go into the pending board", () => {
  const board = new OfferBoard();
  board.apply({ reset: { reason: 2, message: "too old" } });
  board.apply(snapshot([offer(1)], false));
  board.apply(change(1, offer(2)));
  assert.equal(board.offers.size, 0);
  board.apply(snapshot([], true));
  assert.deepEqual([...board.offers.keys()].sort(), ["1", "2"]);
});

test("the filter is checked on the offer as each change leaves it", () => {
  const filter = { trade_codes: ["M1805"], levels: [4], from_week: week(10), to_week: week(12), radius_km: 15, accessible_only: true };
  const good = offer(1, { levels: [4, 5], seats: [[11, 3, 1]], distance: 12, accessible: true });
  assert.equal(matches(good, filter), true);
  assert.equal(matches({ ...good, status: 5 }, filter), false);
  assert.equal(matches(offer(1, { trade: "D1102", levels: [4], seats: [[11, 3, 1]], distance: 1, accessible: true }), filter), false);
  assert.equal(matches(offer(1, { levels: [1], seats: [[11, 3, 1]], distance: 1, accessible: true }), filter), false);
  assert.equal(matches(offer(1, { levels: [4], seats: [[13, 3, 1]], distance: 1, accessible: true }), filter), false);
  assert.equal(matches(offer(1, { levels: [4], seats: [[11, 3, 1]], distance: 16, accessible: true }), filter), false);
  assert.equal(matches(offer(1, { levels: [4], seats: [[11, 3, 1]], distance: 1 }), filter), false);
  assert.equal(freeSeats(offer(1, { seats: [[9, 5, 0], [11, 3, 1]] }), filter), 2);
});

test("free seats by trade and level count only offers with a free seat", () => {
  const board = new OfferBoard();
  board.apply(snapshot([
    offer(1, { levels: [1, 4], seats: [[10, 3, 1]] }),
    offer(2, { levels: [4], seats: [[10, 1, 1]] }),
    offer(3, { trade: "D1102", levels: [5], seats: [[10, 4, 0]] }),
  ]));
  const grid = board.byTradeAndLevel();
  assert.deepEqual(grid.map((trade) => trade.code), ["D1102", "M1805"]);
  assert.deepEqual(Object.fromEntries(grid[1].levels), { 1: { offers: 1, free: 2 }, 4: { offers: 1, free: 2 } });
  assert.deepEqual(board.levels(), [1, 4, 5]);
});

test("the live event carries the origin distances are measured from", () => {
  const board = new OfferBoard();
  assert.equal(board.apply({ position: { epoch: 1, offset: 0 }, live: { origin: { latitude: 46.7, longitude: 4.8 } } }), "live");
  assert.deepEqual(board.origin, { latitude: 46.7, longitude: 4.8 });
  assert.equal(board.live, true);
});

test("the feed keeps the latest entries only", () => {
  const board = new OfferBoard({ feedLimit: 3 });
  board.apply(snapshot([]));
  for (let id = 1; id <= 5; id += 1) board.apply(change(1, offer(id)));
  assert.deepEqual(board.feed.map((entry) => entry.offerId), ["5", "4", "3"]);
});

test("a subscription that restarts drops the pages of a snapshot it did not finish", () => {
  const board = new OfferBoard();
  board.apply(snapshot([offer(1)]));
  board.apply(snapshot([offer(7)], false));
  board.restart();
  board.apply(snapshot([offer(8)], true));
  assert.deepEqual([...board.offers.keys()], ["8"]);
});

test("priority access reads the window first, then the seats held in the filter's weeks, against the clock", () => {
  // Monday 14 December 2026, 9:00 in Paris (8:00 UTC).
  const now = Date.UTC(2026, 11, 14, 8, 0);
  const week = (n) => ({ year: 2027, week: n });
  const offer = {
    priority_until_unix_ms: now + 86_400_000,
    periods: [
      { week: week(3), seats: 3, seats_free: 3, seats_held_for_priority: 1, held_until_unix_ms: now + 3 * 86_400_000 },
      { week: week(4), seats: 2, seats_free: 2, seats_held_for_priority: 1, held_until_unix_ms: now + 5 * 86_400_000 },
    ],
  };
  assert.equal(formatParis(now), "14 décembre à 09:00");
  assert.equal(priorityAccess(offer, {}, now), "élèves prioritaires seulement, jusqu'au 15 décembre à 09:00");
  const later = now + 2 * 86_400_000;
  assert.equal(priorityAccess(offer, {}, later), "2 places pour les élèves prioritaires jusqu'au 19 décembre à 09:00");
  assert.equal(
    priorityAccess(offer, { from_week: week(3), to_week: week(3) }, later),
    "1 place pour les élèves prioritaires jusqu'au 17 décembre à 09:00",
  );
  assert.equal(priorityAccess(offer, {}, now + 6 * 86_400_000), "");
  assert.equal(priorityAccess({ periods: [] }, {}, now), "");
});

test("a full offer stays counted in the seats taken while 'free seats only' hides it", () => {
  const board = new OfferBoard({ filter: { free_seats_only: true } });
  board.apply(snapshot([offer(1, { seats: [[10, 2, 2]] }), offer(2, { seats: [[10, 3, 1]] })]));
  assert.deepEqual(board.list().map((item) => item.id), [2]);
  assert.deepEqual(board.totals(), { offers: 1, withFree: 1, free: 2, taken: 3 });
  assert.equal(subscriptionFilter({ free_seats_only: true, levels: [4] }).free_seats_only, false);
});
