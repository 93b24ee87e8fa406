/* The pages' keys in the browser's storage: the checklist's answers and ticked steps per rules
 * version, and the composer's details. Pure: the Storage object is handed in (null when the
 * page may not use one). */
import { MAX_INPUT, emptyResult, isPlainObject } from "./answers.js";

export const PREFIX = "naitei-checker/";
/** The composer's own keys: its "clear" forgets the details and leaves the checklist alone
 * (and the checklist's, the details). */
export const COMPOSER_PREFIX = "naitei-composer/";
export const DETAILS_KEY = COMPOSER_PREFIX + "details";
/** The engine's note of its stored snapshot: a key of its own, outside both pages' prefixes,
 * so neither page's "clear" forgets it while the snapshot stays stored. */
export const SNAPSHOT_NOTE = "naitei-engine/snapshot";
const ANSWERS_KEY = /^naitei-checker\/v([^/]{1,32})\/answers$/;

/**
 * @typedef {{bad: true} | {value: unknown}} Stored
 * @param {Storage | null} area @param {string} [prefix] the keys that are this page's own
 */
export function openStore(area, prefix = PREFIX) {
  let writable = false;
  if (area) {
    try {
      area.getItem(prefix + "probe");
    } catch (error) {
      area = null;
    }
  }
  if (area) {
    try {
      area.setItem(prefix + "probe", "1");
      area.removeItem(prefix + "probe");
      writable = true;
    } catch (error) {
      // full, or read-only: read what is there
    }
  }
  const storage = area;

  /** null when nothing is stored under `key`; {bad: true} when it cannot be read.
   * @param {string} key @returns {Stored | null} */
  function read(key) {
    if (!storage) return null;
    try {
      const raw = storage.getItem(key);
      if (raw == null) return null;
      if (raw.length > MAX_INPUT) return { bad: true };
      return { value: JSON.parse(raw) };
    } catch (error) {
      return { bad: true };
    }
  }

  /** @param {string} key @param {unknown} value @returns {boolean} whether it was saved */
  function write(key, value) {
    if (!storage) return false;
    try {
      storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  /** Our keys (every rules version, or the composer's), or [] when storage cannot be listed. */
  function ownKeys() {
    /** @type {string[]} */
    const keys = [];
    if (!storage) return keys;
    try {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key && key.startsWith(prefix)) keys.push(key);
      }
    } catch (error) { /* unreadable storage: nothing of ours */ }
    return keys;
  }

  /** Remove every key of ours. */
  function clear() {
    for (const key of ownKeys()) {
      try {
        storage?.removeItem(key);
      } catch (error) { /* nothing to clear */ }
    }
  }

  return { available: Boolean(storage), writable, read, write, ownKeys, clear };
}

/** @typedef {ReturnType<typeof openStore>} Store */

/** @param {string} version */
export function keysFor(version) {
  return { answers: PREFIX + "v" + version + "/answers", ticks: PREFIX + "v" + version + "/ticks" };
}

/** The answers key of the newest other rules version (numeric order: v10 after v9), if any.
 * @param {string[]} keys @param {string} current @returns {string | null} */
export function newestOtherVersionKey(keys, current) {
  const found = keys.filter((key) => ANSWERS_KEY.test(key) && key !== current);
  const version = (/** @type {string} */ key) => /** @type {RegExpExecArray} */ (ANSWERS_KEY.exec(key))[1];
  found.sort((a, b) => version(a).localeCompare(version(b), "en", { numeric: true }));
  return found.length ? found[found.length - 1] : null;
}

/** Saved answers of this rules version, else of the newest other version (with a notice).
 * @param {Store} store @param {import("./answers.js").AnswerCodec} codec
 * @returns {import("./answers.js").Parsed} */
export function loadStoredAnswers(store, codec) {
  if (!store.available) return emptyResult();
  const key = keysFor(codec.version).answers;
  let stored = store.read(key);
  let otherVersion = false;
  if (!stored) {
    const other = newestOtherVersionKey(store.ownKeys(), key);
    stored = other ? store.read(other) : null;
    otherVersion = Boolean(stored);
  }
  if (!stored) return emptyResult();
  const answers = "value" in stored && isPlainObject(stored.value) ? stored.value.answers : undefined;
  if (!isPlainObject(answers)) return emptyResult({ dropped: 1, unreadable: true, otherVersion });
  return emptyResult({ ...codec.sanitizeEntries(Object.entries(answers)), otherVersion });
}

/** The ticked steps: only `true` values survive. @param {Store} store @param {string} key */
export function loadTicks(store, key) {
  const stored = store.read(key);
  /** @type {Record<string, true>} */
  const ticks = {};
  if (stored && "value" in stored && isPlainObject(stored.value)) {
    for (const [id, ticked] of Object.entries(stored.value)) if (ticked === true) ticks[id] = true;
  }
  return ticks;
}

/** The composer's saved details: text values of known fields only; anything else is dropped
 * and counted (a damaged record as a whole is `unreadable`).
 * @param {Store} store @param {string[]} fieldIds
 * @returns {{details: Record<string, string>, dropped: number, unreadable: boolean}} */
export function loadStoredDetails(store, fieldIds) {
  /** @type {Record<string, string>} */
  const details = {};
  const stored = store.read(DETAILS_KEY);
  if (!stored) return { details, dropped: 0, unreadable: false };
  const saved = "value" in stored && isPlainObject(stored.value) ? stored.value.details : undefined;
  if (!isPlainObject(saved)) return { details, dropped: 1, unreadable: true };
  let dropped = 0;
  for (const [id, value] of Object.entries(saved)) {
    if (fieldIds.includes(id) && typeof value === "string") details[id] = value;
    else dropped += 1;
  }
  return { details, dropped, unreadable: false };
}
