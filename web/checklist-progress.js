/* The checklist's progress, as pure decisions (tested in checklist-progress.test.mjs): how many
 * questions are answered, whether there is a level to show yet, and when the result is brought
 * into view. */

/** How many of `ids` have an answer. @param {Record<string, string>} answers @param {string[]} ids */
export function answeredCount(answers, ids) {
  return ids.filter((id) => Boolean(answers[id])).length;
}

/** A level is shown only once at least one scoring question is answered (before that the
 * verdict area says what it will show). @param {Record<string, string>} answers @param {string[]} scoringIds */
export function hasLevel(answers, scoringIds) {
  return answeredCount(answers, scoringIds) > 0;
}

/**
 * Whether the reader's last answer should bring the result into view: it was a new answer
 * (not a changed one), every scoring question is now answered, and no question after it is
 * left blank (a reader still going down the form is not taken away from it).
 * @param {{before: Record<string, string>, after: Record<string, string>, changed: string,
 *          order: string[], scoringIds: string[]}} change
 */
export function bringsResultIntoView({ before, after, changed, order, scoringIds }) {
  if (before[changed] || !after[changed]) return false;
  if (answeredCount(after, scoringIds) !== scoringIds.length) return false;
  return order.slice(order.indexOf(changed) + 1).every((id) => Boolean(after[id]));
}
