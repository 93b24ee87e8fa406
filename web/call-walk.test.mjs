import assert from "node:assert/strict";
import { test } from "node:test";

import { back, finished, hear, here, replay, startWalk } from "./call-walk.js";

const SCRIPT = {
  start: "ask",
  nodes: {
    ask: { answers: [{ id: "hold", to: "request" }, { id: "out", to: "gone" }], outcome: null },
    request: { answers: [{ id: "why", to: "explain" }, { id: "consider", to: "thanks" }], outcome: null },
    explain: { answers: [{ id: "consider", to: "thanks" }], outcome: null },
    gone: { answers: [], outcome: { email: "unreached" } },
    thanks: { answers: [], outcome: { email: "spoke" } },
  },
};

test("a walk starts at the script's start, not finished", () => {
  const walk = startWalk(SCRIPT);
  assert.equal(here(walk), "ask");
  assert.equal(finished(SCRIPT, walk), false);
});

test("each answer leads to its node, and the last one ends at an outcome", () => {
  let walk = startWalk(SCRIPT);
  walk = hear(SCRIPT, walk, "hold");
  walk = hear(SCRIPT, walk, "why");
  assert.equal(here(walk), "explain");
  walk = hear(SCRIPT, walk, "consider");
  assert.deepEqual(walk, { nodes: ["ask", "request", "explain", "thanks"], heard: ["hold", "why", "consider"] });
  assert.equal(finished(SCRIPT, walk), true);
});

test("an answer the node does not have leaves the walk as it was", () => {
  const walk = startWalk(SCRIPT);
  assert.equal(hear(SCRIPT, walk, "why"), walk);
  assert.equal(hear(SCRIPT, walk, "nonsense"), walk);
});

test("back goes one step, and stays at the start", () => {
  const walk = hear(SCRIPT, hear(SCRIPT, startWalk(SCRIPT), "hold"), "why");
  assert.equal(here(back(walk)), "request");
  assert.equal(here(back(back(walk))), "ask");
  const start = startWalk(SCRIPT);
  assert.equal(back(start), start);
});

test("a stored walk replays up to the first answer that does not fit", () => {
  assert.deepEqual(replay(SCRIPT, ["hold", "why"]).nodes, ["ask", "request", "explain"]);
  assert.deepEqual(replay(SCRIPT, ["hold", "out", "why"]).heard, ["hold"]);
  assert.deepEqual(replay(SCRIPT, ["hold", 7]).heard, ["hold"]);
  assert.deepEqual(replay(SCRIPT, "hold"), startWalk(SCRIPT));
  assert.deepEqual(replay(SCRIPT, null), startWalk(SCRIPT));
});
