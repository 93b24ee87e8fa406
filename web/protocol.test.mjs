import assert from "node:assert/strict";
import { test } from "node:test";
import { ProtocolError, checkMessage, checkRequest, progress, replyFailed, replyOk, request } from "./protocol.js";

test("what the builders make passes the checks", () => {
  const made = request(1, "evaluate", [{ quota: "open" }, "en"], 5000);
  assert.equal(checkRequest(made), made);
  for (const message of [replyOk(1, { level: "high" }), replyFailed(2, new Error("no")), progress("download", 10, 100)]) {
    assert.equal(checkMessage(message), message);
  }
  assert.deepEqual(replyFailed(3, new Error("")), { type: "reply", id: 3, ok: false, error: "unknown error" });
});

test("a request without id, call, args or timeout is refused, naming the field", () => {
  const good = request(1, "evaluate", [], 5000);
  const cases = {
    id: { ...good, id: 0 },
    call: { ...good, call: "__proto__" },
    args: { ...good, args: "x" },
    timeoutMs: { ...good, timeoutMs: 0 },
  };
  for (const [field, bad] of Object.entries(cases)) {
    assert.throws(() => checkRequest(bad), (error) => error instanceof ProtocolError && error.message.includes(field), field);
  }
  assert.throws(() => checkRequest("boot"), /expected \{type: "request"/);
});

test("a reply or progress that does not fit is refused", () => {
  assert.throws(() => checkMessage({ type: "reply", id: 1, ok: true }), /reply must be/);
  assert.throws(() => checkMessage({ type: "reply", id: 1, ok: false, error: 3 }), /reply must be/);
  assert.throws(() => checkMessage({ type: "progress", stage: "boot", received: 1, expected: 2 }), /stage must be one of/);
  assert.throws(() => checkMessage({ type: "progress", stage: "python", received: -1, expected: 2 }), /byte counts/);
  assert.throws(() => checkMessage({ type: "result", json: "{}" }), /expected a reply or progress/);
});
