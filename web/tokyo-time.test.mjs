import assert from "node:assert/strict";
import { test } from "node:test";

import { tokyoNow } from "./tokyo-time.js";

test("a UTC evening is the next morning in Tokyo", () => {
  assert.equal(tokyoNow(new Date("2026-12-04T22:10:00Z")), "2026-12-05T07:10");
});

test("midnight in Tokyo is written 00, not 24", () => {
  assert.equal(tokyoNow(new Date("2026-12-06T15:00:00Z")), "2026-12-07T00:00");
});

test("the same moment gives the same Tokyo time in any offset", () => {
  const moment = new Date("2026-03-29T01:30:00+02:00"); // a day Europe changes its clocks
  assert.equal(tokyoNow(moment), "2026-03-29T08:30");
});

test("the new year turns in Tokyo before it does in UTC", () => {
  assert.equal(tokyoNow(new Date("2026-12-31T15:30:00Z")), "2027-01-01T00:30");
});
