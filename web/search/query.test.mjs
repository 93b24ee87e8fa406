import assert from "node:assert/strict";
import { test } from "node:test";
import { QUERY, isQuery, segmentQuery } from "./query.js";

/** A stand-in segmenter: splits after each "の", as TinySegmenter would around a particle. */
const segment = (/** @type {string} */ run) => run.split(/(?<=の)|(?=の)/);

test("each kana/kanji run is split into words; other text stays as typed", () => {
  assert.equal(segmentQuery("取り消しの手順", segment), "取り消し の 手順");
  assert.equal(segmentQuery("email の書き方 2026", segment), "email の 書き方 2026");
  assert.equal(segmentQuery("withdraw offer", segment), "withdraw offer");
  assert.equal(segmentQuery("", segment), "");
});

test("katakana with the long-vowel mark is one run", () => {
  /** @type {string[]} */
  const runs = [];
  segmentQuery("メール・キャリアセンター", (run) => { runs.push(run); return [run]; });
  assert.deepEqual(runs, ["メール", "キャリアセンター"]);
});

test("only Material's query messages with text are segmented", () => {
  assert.equal(isQuery({ type: QUERY, data: "撤回" }), true);
  assert.equal(isQuery({ type: QUERY, data: 3 }), false);
  assert.equal(isQuery({ type: 0, data: "撤回" }), false);
  assert.equal(isQuery(null), false);
  assert.equal(isQuery("撤回"), false);
});
