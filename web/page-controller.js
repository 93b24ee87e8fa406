/* What every engine page does the same way (the checklist, the composer, the call page): read
 * its configuration, show the engine's state on its status line, keep only the latest
 * engine reply, copy to the clipboard, and offer a file to download. The functions that take
 * no DOM are pure (tested in page-controller.test.mjs). */
import { element } from "./dom.js";

/** The page's configuration block and the site root it names, or null on another page.
 * @param {string} id @returns {{config: any, siteBase: URL} | null} */
export function readPageConfig(id) {
  const block = document.getElementById(id);
  if (!block) return null;
  return { config: JSON.parse(block.textContent || "{}"),
    siteBase: new URL((block.dataset.base || ".") + "/", location.href) };
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
    const selection = window.getSelection();
    if (box && selection) {
      const range = document.createRange();
      range.selectNodeContents(box);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    return "manual";
  }
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
