/* The Japanese search query split into words the way Material's worker splits the index.
 * Pure (tested in query.test.mjs). */

/** Material's SearchMessageType.QUERY: the message that carries what the reader typed. */
export const QUERY = 2;
/** A run of kana or kanji (with the long-vowel mark): text without spaces between words. */
const JAPANESE = /[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}ー]+/gu;

/** `query` with each kana/kanji run split into words by `segment` (lunr's TinySegmenter, as
 * the index was), the rest as typed: 取り消しの手順 -> "取り消し の 手順".
 * @param {string} query @param {(run: string) => string[]} segment */
export function segmentQuery(query, segment) {
  return query.replace(JAPANESE, (run) => segment(run).join(" "));
}

/** Whether a worker message is a query this worker should segment.
 * @param {unknown} message @returns {message is {type: number, data: string}} */
export function isQuery(message) {
  if (!message || typeof message !== "object") return false;
  const { type, data } = /** @type {{type?: unknown, data?: unknown}} */ (message);
  return type === QUERY && typeof data === "string";
}
