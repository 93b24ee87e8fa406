import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_INPUT, answerCodec } from "./answers.js";

const config = {
  rulesVersion: "3",
  questions: [
    { id: "quota", options: ["open", "filled"] },
    { id: "elapsed", options: ["days", "week"] },
  ],
};
const codec = answerCodec(config);

test("a fragment keeps known questions with known options and counts the rest", () => {
  const parsed = codec.parseFragment("#quota=open&elapsed=yesterday&zzz=1&v=3");
  assert.deepEqual(parsed.answers, { quota: "open" });
  assert.deepEqual(parsed.invalid, ["elapsed"]);
  assert.equal(parsed.dropped, 2);
  assert.equal(parsed.present, true);
  assert.equal(parsed.otherVersion, false);
});

test("a question given twice is dropped and flagged, and a repeated v counts once more", () => {
  const parsed = codec.parseFragment("quota=open&quota=filled&elapsed=days&v=3&v=3");
  assert.deepEqual(parsed.answers, { elapsed: "days" });
  assert.deepEqual(parsed.invalid, ["quota"]);
  assert.equal(parsed.dropped, 2); // the second quota, and the second v
});

test("another rules version is reported, a plain anchor is not a link", () => {
  assert.equal(codec.parseFragment("#quota=open&v=2").otherVersion, true);
  assert.deepEqual(codec.parseFragment("#about-the-checklist"), codec.parseFragment(""));
  assert.equal(codec.parseFragment("#about-the-checklist").present, false);
});

test("a fragment over the limit is refused whole", () => {
  const parsed = codec.parseFragment("#quota=open&pad=" + "x".repeat(MAX_INPUT) + "&v=3");
  assert.equal(parsed.unreadable, true);
  assert.deepEqual(parsed.answers, {});
});

test("toFragment lists answers in question order and round-trips", () => {
  const fragment = codec.toFragment({ elapsed: "week", quota: "filled" });
  assert.equal(fragment, "#quota=filled&elapsed=week&v=3");
  assert.deepEqual(codec.parseFragment(fragment).answers, { elapsed: "week", quota: "filled" });
});

test("__proto__ and constructor keys are plain unknown keys", () => {
  const parsed = codec.parseFragment("#__proto__=x&constructor=y&quota=open&v=3");
  assert.deepEqual(parsed.answers, { quota: "open" });
  assert.equal(parsed.dropped, 2);
  assert.equal(Object.getPrototypeOf(parsed.answers), Object.prototype);
});

test("sanitize refuses what is not a plain object", () => {
  assert.equal(codec.sanitize(["quota"]).unreadable, true);
  assert.equal(codec.sanitize(null).unreadable, false);
  assert.deepEqual(codec.sanitize({ quota: 1, elapsed: "days" }).answers, { elapsed: "days" });
});
