import assert from "node:assert/strict";
import { test } from "node:test";
import { MAILTO_LIMIT, draftLines, fill, lineChanges, mailtoLink, textFile, unfilledText } from "./composer-text.js";

/** @param {string[]} texts */
const lines = (...texts) => texts.map((ja) => ({ ja, gloss: "" }));

/** Apply lineChanges' edits (last first), as the view does. */
function apply(before, changes) {
  const result = [...before];
  for (const change of [...changes].reverse()) result.splice(change.at, change.remove, ...change.insert);
  return result;
}

test("lineChanges turns one draft into the next, touching only what changed", () => {
  const before = lines("会社", "", "［氏名］です。", "本文", "［氏名］");
  const typed = lines("会社", "", "鈴木です。", "本文", "鈴木");
  const changes = lineChanges(before, typed);
  assert.deepEqual(changes.map((c) => [c.at, c.remove, c.insert.length]), [[2, 1, 1], [4, 1, 1]]);
  assert.deepEqual(apply(before, changes), typed);
  const added = lines("会社", "人事部", "", "［氏名］です。", "本文", "［氏名］");
  assert.deepEqual(lineChanges(before, added), [{ at: 1, remove: 0, insert: lines("人事部") }]);
  assert.deepEqual(apply(added, lineChanges(added, before)), before);
  assert.deepEqual(lineChanges(before, before), []);
  assert.deepEqual(apply([], lineChanges([], typed)), typed);
  assert.deepEqual(apply(typed, lineChanges(typed, [])), []);
});

test("lineChanges tells a changed meaning from an unchanged line", () => {
  const before = [{ ja: "御社", gloss: "your company" }];
  const after = [{ ja: "御社", gloss: "the company" }];
  assert.deepEqual(apply(before, lineChanges(before, after)), after);
  assert.equal(lineChanges(before, after).length, 1);
});

test("lineChanges is right for any pair of short drafts", () => {
  const pool = ["a", "b", "", "c"];
  const drafts = [[]];
  for (let n = 0; n < 3; n += 1) for (const d of [...drafts]) for (const l of pool) drafts.push([...d, l]);
  for (const a of drafts) for (const b of drafts) assert.deepEqual(apply(lines(...a), lineChanges(lines(...a), lines(...b))), lines(...b));
});

test("draftLines: the gloss on English pages, the text's lines on Japanese ones, none for an empty part", () => {
  const base = { lang: "ja", call_status: "not_yet", subject: "件名", email: "A\n\nB", phone: "", phone_if_out: "", unfilled: [], missing: [], gloss: null };
  assert.deepEqual(draftLines(base, "email"), lines("A", "", "B"));
  assert.deepEqual(draftLines(base, "phone"), []);
  const gloss = { email: [{ ja: "A", en: "a", qps: "ä" }] };
  assert.deepEqual(draftLines({ ...base, lang: "en", gloss }, "email"), [{ ja: "A", gloss: "a" }]);
  assert.deepEqual(draftLines({ ...base, lang: "qps", gloss }, "email"), [{ ja: "A", gloss: "ä" }], "the gloss in the draft's language");
  assert.deepEqual(draftLines({ ...base, lang: "en", gloss }, "phone"), []);
});

test("the unfilled line names the blank needed fields by label, or says none is", () => {
  const ui = { "draft.unfilled": "Blank: {fields}", "draft.complete": "All there.", list_separator: ", " };
  assert.equal(unfilledText(["company", "name"], { company: "Company", name: "Name" }, ui), "Blank: Company, Name");
  assert.equal(unfilledText([], {}, ui), "All there.");
  assert.equal(fill("{a} and {b}", { a: "1" }), "1 and {b}");
  assert.equal(fill("{a}", { a: "$& {a}" }), "$& {a}", "values are not patterns");
});

test("mailto: subject and body while short enough; the subject only when the body is too long; none past that", () => {
  const subject = "内定辞退の撤回のお願い（東西大学・鈴木）";
  const both = mailtoLink(subject, "本文\n二行目");
  assert.equal(both?.withBody, true);
  const url = new URL(both.href);
  assert.equal(url.protocol, "mailto:");
  assert.equal(url.searchParams.get("subject"), subject);
  assert.equal(url.searchParams.get("body"), "本文\r\n二行目", "line breaks as CRLF");
  assert.ok(both.href.length <= MAILTO_LIMIT);
  const long = mailtoLink(subject, "あ".repeat(400));
  assert.equal(long?.withBody, false);
  assert.equal(new URL(long.href).searchParams.get("subject"), subject);
  assert.equal(new URL(long.href).searchParams.has("body"), false);
  assert.equal(mailtoLink("あ".repeat(300), ""), null);
  const edge = "mailto:?subject=".length;
  assert.equal(mailtoLink("a".repeat(20), "", edge + 20 + "&body=".length)?.withBody, true);
  assert.equal(mailtoLink("a".repeat(20), "", edge + 20)?.withBody, false);
  assert.equal(mailtoLink("&body=x?#", "&")?.href, "mailto:?subject=%26body%3Dx%3F%23&body=%26");
});

test("the text file holds each non-empty part under its name, after the note", () => {
  const parts = [{ part: "subject", name: "Subject", text: "件名" }, { part: "phone_if_out", name: "Out", text: "" },
    { part: "email", name: "Email", text: "本文\n二行目" }];
  const file = textFile(parts, "The Japanese is what you send.");
  assert.equal(file, "The Japanese is what you send.\n\nSubject\n" + "-".repeat(32) + "\n件名\n\nEmail\n" + "-".repeat(32) + "\n本文\n二行目\n");
  assert.ok(!textFile(parts).startsWith("\n"));
  assert.ok(!textFile(parts).includes("Out"));
});
