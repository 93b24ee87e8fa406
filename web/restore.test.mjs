import assert from "node:assert/strict";
import { test } from "node:test";
import { answerCodec, emptyResult } from "./answers.js";
import { restorePlan } from "./restore.js";

const codec = answerCodec({ rulesVersion: 3, questions: [
  { id: "quota", options: ["open", "filled"] }, { id: "manner", options: ["brief", "polite"] }] });
const STORED = emptyResult({ answers: { quota: "filled" } });
const NOTHING = emptyResult();

/** @param {{hash?: string, remembered?: string | null, stored?: import("./answers.js").Parsed}} input */
const plan = ({ hash = "", remembered = null, stored = NOTHING }) => restorePlan({
  hash, remembered, stored, parse: codec.parseFragment, toFragment: codec.toFragment });

test("a link only: its answers, the address left as it is and remembered", () => {
  const result = plan({ hash: "#quota=open&v=3" });
  assert.equal(result.from, "link");
  assert.deepEqual(result.answers, { quota: "open" });
  assert.equal(result.address, null);
  assert.equal(result.remember, "#quota=open&v=3");
  assert.equal(result.fragment, "#quota=open&v=3");
  assert.deepEqual(result.notices, []);
});

test("storage only: its answers, nothing remembered, the language links untouched", () => {
  const result = plan({ stored: STORED });
  assert.equal(result.from, "storage");
  assert.deepEqual(result.answers, { quota: "filled" });
  assert.equal(result.address, null);
  assert.equal(result.remember, "");
  assert.equal(result.fragment, null);
  assert.deepEqual(result.notices, []);
});

test("both: the link wins over storage", () => {
  const result = plan({ hash: "#quota=open&v=3", stored: STORED });
  assert.equal(result.from, "link");
  assert.deepEqual(result.answers, { quota: "open" });
});

test("an unreadable link: storage instead, the address cleared, and the reader told", () => {
  const result = plan({ hash: "#quota=open&pad=" + "x".repeat(5000) + "&v=3", stored: STORED });
  assert.equal(result.from, "storage");
  assert.deepEqual(result.answers, { quota: "filled" });
  assert.equal(result.address, "");
  assert.equal(result.remember, "");
  assert.deepEqual(result.notices, ["unreadable_link"]);
});

test("a link taken in part: the address shows what was taken; refused values are marked", () => {
  const result = plan({ hash: "#quota=open&manner=shout&zzz=1&v=3" });
  assert.equal(result.from, "link");
  assert.deepEqual(result.answers, { quota: "open" });
  assert.deepEqual(result.invalid, ["manner"]);
  assert.equal(result.address, "#quota=open&v=3");
  assert.equal(result.remember, "#quota=open&v=3");
  assert.deepEqual(result.notices, ["bad_link"]);
});

test("the tab's remembered address differs: it is restored, and read instead of the bar's", () => {
  const result = plan({ hash: "#quota=open&v=3", remembered: "#quota=filled&manner=brief&v=3" });
  assert.deepEqual(result.answers, { quota: "filled", manner: "brief" });
  assert.equal(result.address, "#quota=filled&manner=brief&v=3");
  assert.equal(result.remember, "#quota=filled&manner=brief&v=3");
  const cleared = plan({ hash: "#quota=open&v=3", remembered: "", stored: STORED });
  assert.equal(cleared.from, "storage", "answers cleared in this tab: the old link is not read");
  assert.equal(cleared.address, "");
  const same = plan({ hash: "#quota=open&v=3", remembered: "#quota=open&v=3" });
  assert.equal(same.address, null);
});

test("nothing anywhere: nothing to restore, nothing to say", () => {
  const result = plan({});
  assert.equal(result.from, "nothing");
  assert.deepEqual(result.answers, {});
  assert.equal(result.address, null);
  assert.deepEqual(result.notices, []);
  assert.equal(plan({ hash: "#composer" }).from, "nothing", "a plain anchor carries no answers");
});

test("what storage held is told: unreadable, from older rules, or in part", () => {
  assert.deepEqual(plan({ stored: emptyResult({ unreadable: true, dropped: 1 }) }).notices, ["unreadable_storage"]);
  assert.equal(plan({ stored: emptyResult({ unreadable: true, dropped: 1 }) }).from, "storage");
  assert.deepEqual(plan({ stored: emptyResult({ answers: { quota: "open" }, otherVersion: true }) }).notices, ["old_version"]);
  assert.deepEqual(plan({ stored: emptyResult({ answers: { quota: "open" }, dropped: 2 }) }).notices, ["bad_storage"]);
  assert.deepEqual(plan({ hash: "#quota=open&v=3", stored: emptyResult({ unreadable: true }) }).notices, [],
    "storage is not read out when the link wins");
});
