import assert from "node:assert/strict";
import { test } from "node:test";

import { isoWeekOf, mondayOf, rangeLabel, weekKey, weekLabel, weekRange, weeksFrom } from "../js/weeks.js";

test("ISO weeks, across a year's end", () => {
  assert.deepEqual(isoWeekOf(new Date("2026-12-31T12:00:00Z")), { year: 2026, week: 53 });
  assert.deepEqual(isoWeekOf(new Date("2027-01-04T00:00:00Z")), { year: 2027, week: 1 });
  assert.deepEqual(isoWeekOf(new Date("2021-01-03T00:00:00Z")), { year: 2020, week: 53 });
  assert.equal(mondayOf({ year: 2027, week: 1 }).toISOString(), "2027-01-04T00:00:00.000Z");
  assert.deepEqual(weeksFrom(new Date("2026-12-30T00:00:00Z"), 3).map(weekKey), ["2026-W53", "2027-W01", "2027-W02"]);
  assert.deepEqual(weekRange({ year: 2026, week: 52 }, { year: 2027, week: 1 }).map(weekKey), ["2026-W52", "2026-W53", "2027-W01"]);
});

test("weeks in French", () => {
  assert.equal(weekLabel({ year: 2027, week: 12 }), "semaine 12 (lundi 22 mars 2027)");
  assert.equal(rangeLabel({ year: 2027, week: 12 }, { year: 2027, week: 13 }), "semaines 12 à 13 (2027)");
  assert.equal(rangeLabel({ year: 2027, week: 12 }, { year: 2027, week: 12 }), "semaine 12 (2027)");
});
