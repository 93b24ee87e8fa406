/* The reader's answers: which are valid, and how a link fragment carries them. Pure: knows
 * only the questions of the page configuration (ids and option ids), nothing of the DOM. */

/** Bytes of fragment or stored answers the page is willing to read. */
export const MAX_INPUT = 4096;

/**
 * @typedef {Record<string, string>} Answers
 * @typedef {object} Parsed what a link or storage held
 * @property {Answers} answers only known question ids with known option ids
 * @property {number} dropped how many parts were left out
 * @property {string[]} invalid known questions whose value was left out
 * @property {boolean} otherVersion made under other rules
 * @property {boolean} unreadable nothing could be read at all (too long, not JSON, wrong shape)
 * @property {boolean} present a link carried answers (a plain anchor does not)
 */

/** @param {Partial<Parsed>} [extra] @returns {Parsed} */
export function emptyResult(extra) {
  return { answers: {}, dropped: 0, invalid: [], otherVersion: false, unreadable: false,
    present: false, ...extra };
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The codec for one page's questions and rules version.
 * @param {{questions: {id: string, options: string[]}[], rulesVersion: string | number}} config
 */
export function answerCodec(config) {
  const version = String(config.rulesVersion);
  const questionOptions = new Map(config.questions.map((q) => [q.id, q.options]));

  /** Keep only known question ids with known option ids, from [key, value] pairs.
   * @param {Iterable<[string, unknown]>} entries */
  function sanitizeEntries(entries) {
    /** @type {Answers} */
    const answers = {};
    /** @type {string[]} */
    const invalid = [];
    let dropped = 0;
    for (const [key, value] of entries) {
      const options = questionOptions.get(key);
      const repeated = Object.prototype.hasOwnProperty.call(answers, key);
      if (options && typeof value === "string" && options.includes(value) && !repeated) {
        answers[key] = value;
      } else {
        dropped += 1;
        if (options && !invalid.includes(key)) invalid.push(key);
      }
    }
    for (const key of invalid) delete answers[key];
    return { answers, dropped, invalid };
  }

  /** @param {unknown} candidate @returns {Parsed} */
  function sanitize(candidate) {
    if (candidate == null) return emptyResult();
    if (!isPlainObject(candidate)) return emptyResult({ dropped: 1, unreadable: true });
    return emptyResult(sanitizeEntries(Object.entries(candidate)));
  }

  /** `#elapsed=days&quota=open&v=3` -> answers; unknown or malformed parts are dropped.
   * @param {unknown} hash @returns {Parsed} */
  function parseFragment(hash) {
    const text = String(hash == null ? "" : hash).replace(/^#/, "");
    if (!text) return emptyResult();
    if (text.length > MAX_INPUT) return emptyResult({ dropped: 1, unreadable: true, present: true });
    /** @type {[string, string][]} */
    const pairs = [];
    let versions = 0;
    let otherVersion = false;
    for (const [key, value] of new URLSearchParams(text)) {
      if (key === "v") {
        versions += 1;
        if (value !== version) otherVersion = true;
      } else {
        pairs.push([key, value]);
      }
    }
    // A bare "#section-id" is an ordinary anchor, not an answer link.
    if (!versions && !text.includes("=")) return emptyResult();
    const result = sanitizeEntries(pairs);
    return emptyResult({
      answers: result.answers,
      invalid: result.invalid,
      dropped: result.dropped + Math.max(versions - 1, 0),
      otherVersion,
      present: true,
    });
  }

  /** @param {Answers} answers @returns {string} "#q=o&...&v=N", in question order */
  function toFragment(answers) {
    const params = new URLSearchParams();
    for (const q of config.questions) if (answers[q.id]) params.set(q.id, answers[q.id]);
    params.set("v", version);
    return "#" + params.toString();
  }

  return { version, questionIds: [...questionOptions.keys()], sanitize, sanitizeEntries,
    parseFragment, toFragment };
}

/** @typedef {ReturnType<typeof answerCodec>} AnswerCodec */
