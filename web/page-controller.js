/* What every engine page does the same way (the checklist, the composer, the call page): read
 * its configuration, reach storage, register the service worker, show the engine's state on
 * its status line, keep only the latest engine reply, copy to the clipboard with feedback on
 * the button, and offer a file to download. The functions that take no DOM are pure (tested in
 * page-controller.test.mjs). */
import { element } from "./dom.js";
import { registerServiceWorker } from "./service-worker.js";

/** How long the page must be quiet before background work starts. */
export const QUIET_MS = 2000;
/** How long a button shows what just happened before its own label comes back. */
export const FEEDBACK_MS = 4000;

/** The page's configuration block and the site root it names, or null on another page.
 * @param {string} id @returns {{config: any, siteBase: URL} | null} */
export function readPageConfig(id) {
  const block = document.getElementById(id);
  if (!block) return null;
  return { config: JSON.parse(block.textContent || "{}"),
    siteBase: new URL((block.dataset.base || ".") + "/", location.href) };
}

/** A storage area, or null where the browser blocks it. @param {() => Storage} get */
export function storageOrNull(get) {
  try {
    return get();
  } catch (error) {
    return null;
  }
}

/** The service worker, registered once the reader pauses (served pages only).
 * @param {(run: () => void) => void} whenPaused @param {URL} siteBase */
export function registerWorkerWhenPaused(whenPaused, siteBase) {
  whenPaused(() => registerServiceWorker(new URL("sw.js", siteBase).href));
}

/** Put `text` in `box`, if the page has it. @param {HTMLElement | null} box @param {string} text */
export function say(box, text) {
  if (box) box.textContent = text;
}

/** Run `run` once the page is parsed. @param {() => void} run */
export function whenParsed(run) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}

/** Tickets for engine requests: only the reply to the latest one may be shown. */
export function latestReply() {
  let latest = 0;
  return {
    /** A ticket for a new request. */
    next: () => (latest += 1),
    /** @param {number} ticket */
    isLatest: (ticket) => ticket === latest,
  };
}

/**
 * The status line's text key and state for an engine state, or null when the line should stay
 * as it is (the same state again, or a restart while the failure is shown).
 * @param {string} state "idle", "loading", "ready" or "failed" @param {string} shown
 * @returns {{key: string, state: "loading" | "ready" | "failed"} | null}
 */
export function statusFor(state, shown) {
  if (state === shown || (state === "loading" && shown === "failed")) return null;
  if (state === "ready") return { key: "status.ready", state: "ready" };
  if (state === "failed") return { key: "status.failed", state: "failed" };
  if (state === "loading") return { key: "status.loading", state: "loading" };
  return { key: "status.idle", state: "ready" };
}

/** The engine's state on a status line (see form-view.js statusLine).
 * @param {{set: (key: string, state: "loading" | "ready" | "failed") => void}} line */
export function engineStatus(line) {
  let shown = "";
  return {
    /** @param {string} state @returns {boolean} whether the line changed */
    show(state) {
      const next = statusFor(state, shown);
      if (!next) return false;
      shown = state;
      line.set(next.key, next.state);
      return true;
    },
    get shown() { return shown; },
  };
}

/** Copy `text`; where there is no clipboard, select `box` for the reader to copy.
 * @param {string} text @param {HTMLElement | null} box @returns {Promise<"done" | "manual">} */
export async function copyText(text, box) {
  try {
    await navigator.clipboard.writeText(text);
    return "done";
  } catch (error) {
    select(box);
    return "manual";
  }
}

/** Select the text of `box` (a field's value, or an element's text). @param {HTMLElement | null} box */
function select(box) {
  if (box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement) {
    box.select();
    return;
  }
  const selection = window.getSelection();
  if (!box || !selection) return;
  const range = document.createRange();
  range.selectNodeContents(box);
  selection.removeAllRanges();
  selection.addRange(range);
}

/** @type {WeakMap<HTMLElement, {label: string, timer: ReturnType<typeof setTimeout>}>} */
const showing = new WeakMap();
/** @type {WeakMap<HTMLElement, HTMLElement>} the button a live region last spoke for */
const spokeFor = new WeakMap();

/** Say what a button just did on the button itself (`text` as its label, for `ms`) and in the
 * polite live region `region` near it, which screen readers announce (`spoken`, a longer
 * sentence where the label is short); then the label comes back.
 * @param {HTMLElement} button @param {HTMLElement | null} region @param {string} text
 * @param {number} [ms] @param {string} [spoken] */
export function buttonFeedback(button, region, text, ms = FEEDBACK_MS, spoken = text) {
  const before = showing.get(button);
  if (before) clearTimeout(before.timer);
  const label = before ? before.label : button.textContent || "";
  button.textContent = text;
  say(region, spoken);
  if (region) spokeFor.set(region, button);
  const timer = setTimeout(() => {
    showing.delete(button);
    button.textContent = label;
    if (region && spokeFor.get(region) === button && region.textContent === spoken) region.textContent = "";
  }, ms);
  showing.set(button, { label, timer });
}

/** Copy `text` when `button` is pressed, and say so on the button and in `region`: `texts.done`,
 * or where the clipboard refuses, `texts.manualLabel` on the button and `texts.manual` in
 * `region`, with `box` selected for copying by hand.
 * @param {string} text @param {{button: HTMLElement, region: HTMLElement | null, box: HTMLElement | null}} where
 * @param {{done: string, manual: string, manualLabel: string}} texts @returns {Promise<"done" | "manual">} */
export async function copyWithFeedback(text, { button, region, box }, texts) {
  const result = await copyText(text, box);
  if (result === "done") buttonFeedback(button, region, texts.done);
  else buttonFeedback(button, region, texts.manualLabel || texts.manual, FEEDBACK_MS, texts.manual);
  return result;
}

/** Offer `text` as a file named `name` (from memory: works offline and from disk).
 * @param {string} text @param {string} name @param {string} type a MIME type with its charset */
export function downloadText(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = element("a", { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
