import assert from "node:assert/strict";
import { test } from "node:test";

import { engineStatus, latestReply, statusFor } from "./page-controller.js";

test("only the latest ticket's reply may be shown", () => {
  const replies = latestReply();
  const first = replies.next();
  const second = replies.next();
  assert.equal(replies.isLatest(first), false);
  assert.equal(replies.isLatest(second), true);
});

test("each engine state has its status text", () => {
  assert.deepEqual(statusFor("loading", ""), { key: "status.loading", state: "loading" });
  assert.deepEqual(statusFor("ready", "loading"), { key: "status.ready", state: "ready" });
  assert.deepEqual(statusFor("failed", "ready"), { key: "status.failed", state: "failed" });
  assert.deepEqual(statusFor("idle", ""), { key: "status.idle", state: "ready" });
});

test("the same state again, or a restart after a failure, leaves the line alone", () => {
  assert.equal(statusFor("ready", "ready"), null);
  assert.equal(statusFor("loading", "failed"), null);
});

test("the status line is set once per change", () => {
  /** @type {string[]} */
  const said = [];
  const status = engineStatus({ set: (key, state) => said.push(key + " " + state) });
  for (const state of ["loading", "loading", "failed", "loading", "ready"]) status.show(state);
  assert.deepEqual(said, ["status.loading loading", "status.failed failed", "status.ready ready"]);
  assert.equal(status.shown, "ready");
});
