import assert from "node:assert/strict";
import { test } from "node:test";
import { answeredCount, bringsResultIntoView, hasLevel } from "./checklist-progress.js";

const order = ["elapsed", "manner", "reason", "route", "residence"];
const scoringIds = ["elapsed", "manner", "reason"];
const brings = (before, after, changed) => bringsResultIntoView({ before, after, changed, order, scoringIds });

test("answers are counted only for the given questions, blank ones not", () => {
  assert.equal(answeredCount({ elapsed: "days", manner: "", other: "x" }, order), 1);
  assert.equal(answeredCount({}, order), 0);
});

test("no level before a scoring answer; one scoring answer brings it", () => {
  assert.equal(hasLevel({}, scoringIds), false);
  assert.equal(hasLevel({ route: "direct", residence: "yes" }, scoringIds), false);
  assert.equal(hasLevel({ manner: "polite" }, scoringIds), true);
});

test("answering down the form, the last answer brings the result", () => {
  const before = { elapsed: "days", manner: "polite", reason: "clear", route: "direct" };
  assert.equal(brings(before, { ...before, residence: "no" }, "residence"), true);
});

test("a reader with blank questions below the one just answered is left where they are", () => {
  const before = { elapsed: "days", manner: "polite" };
  assert.equal(brings(before, { ...before, reason: "clear" }, "reason"), false);
});

test("a blank scoring question above keeps the reader where they are", () => {
  const before = { elapsed: "days", reason: "clear", route: "direct" };
  assert.equal(brings(before, { ...before, residence: "no" }, "residence"), false);
});

test("changing an answer already given never moves the page", () => {
  const before = { elapsed: "days", manner: "polite", reason: "clear", route: "direct", residence: "no" };
  assert.equal(brings(before, { ...before, reason: "vague" }, "reason"), false);
  assert.equal(brings(before, { ...before, residence: "yes" }, "residence"), false);
});

test("filling the one blank question, wherever it is, brings it once nothing below is blank", () => {
  const before = { manner: "polite", reason: "clear", route: "direct", residence: "no" };
  assert.equal(brings(before, { ...before, elapsed: "days" }, "elapsed"), true);
});

test("clearing an answer never brings it", () => {
  const before = { elapsed: "days", manner: "polite", reason: "clear", route: "direct", residence: "no" };
  const { residence, ...after } = before;
  assert.equal(brings(before, after, "residence"), false);
});
