/* The composer's texts, apart from the DOM: the draft's lines, the smallest change from one
 * draft to the next, the "unfilled" line, the mailto: link and the text file. Pure. */

/** The longest mailto: URL offered: mail apps (and the systems that hand links to them) cut
 * or refuse longer ones, so past it the body goes by copy and paste. */
export const MAILTO_LIMIT = 1800;

/** @typedef {import("./types").ComposeLine} Line */

/**
 * A part's lines as the Japanese and its gloss in the draft's language ("" without a gloss),
 * as the templates page renders them at build time (site_build/pages/composer.py draft_lines).
 * @param {import("./types").ComposeResult} draft @param {string} part @returns {Line[]}
 */
export function draftLines(draft, part) {
  if (draft.gloss) return (draft.gloss[part] || []).map((line) => ({ ja: line.ja, gloss: line[draft.lang] || "" }));
  const text = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (draft))[part];
  return typeof text === "string" && text ? text.split("\n").map((ja) => ({ ja, gloss: "" })) : [];
}

/** @param {Line} a @param {Line} b */
const sameLine = (a, b) => a.ja === b.ja && a.gloss === b.gloss;

/**
 * The edits that turn `before` into `after`, touching as few lines as possible, so that a live
 * region announces only what changed: the unchanged lines at both ends stay; in between, lines
 * replaced one for one where the counts match, else the middle as one block. Apply them from
 * the last to the first (each `at` counts in `before`).
 * @param {Line[]} before @param {Line[]} after
 * @returns {{at: number, remove: number, insert: Line[]}[]}
 */
export function lineChanges(before, after) {
  const shorter = Math.min(before.length, after.length);
  let head = 0;
  while (head < shorter && sameLine(before[head], after[head])) head += 1;
  let tail = 0;
  while (tail < shorter - head
      && sameLine(before[before.length - 1 - tail], after[after.length - 1 - tail])) tail += 1;
  const removed = before.length - head - tail;
  const inserted = after.slice(head, after.length - tail);
  if (removed !== inserted.length) return removed || inserted.length ? [{ at: head, remove: removed, insert: inserted }] : [];
  /** @type {{at: number, remove: number, insert: Line[]}[]} */
  const changes = [];
  inserted.forEach((line, i) => {
    if (!sameLine(before[head + i], line)) changes.push({ at: head + i, remove: 1, insert: [line] });
  });
  return changes;
}

/** `template` with each {name} replaced by values[name] (the only placeholders the texts use).
 * @param {string} template @param {Record<string, string>} values */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole));
}

/**
 * The line above the draft: the needed details still blank, or that none is.
 * @param {string[]} unfilled field ids @param {Record<string, string>} labels
 * @param {Record<string, string>} ui
 */
export function unfilledText(unfilled, labels, ui) {
  if (!unfilled.length) return ui["draft.complete"] || "";
  const names = unfilled.map((id) => labels[id] || id).join(ui["list_separator"] || ", ");
  return fill(ui["draft.unfilled"] || "{fields}", { fields: names });
}

/** @param {string} text */
const encode = (text) => encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));

/**
 * A mailto: link (no address: the reader adds the company's) with the subject and the body,
 * or with the subject only when the whole would pass `limit`, or null when even that would.
 * @param {string} subject @param {string} body @param {number} [limit]
 * @returns {{href: string, withBody: boolean} | null}
 */
export function mailtoLink(subject, body, limit = MAILTO_LIMIT) {
  const short = "mailto:?subject=" + encode(subject);
  const full = short + "&body=" + encode(body);
  if (full.length <= limit) return { href: full, withBody: true };
  if (short.length <= limit) return { href: short, withBody: false };
  return null;
}

/**
 * The text file: each non-empty part under its name, after an optional note (the English
 * page's reminder that the Japanese is what goes to the company).
 * @param {{part: string, name: string, text: string}[]} parts @param {string} [note]
 */
export function textFile(parts, note) {
  const blocks = parts.filter((p) => p.text).map((p) => p.name + "\n" + "-".repeat(32) + "\n" + p.text);
  if (note) blocks.unshift(note);
  return blocks.join("\n\n") + "\n";
}
