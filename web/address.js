/* The page address carries the answers. history.replaceState costs several milliseconds (in
 * Chromium, more than the engine's answer), so it follows once answering pauses, never between
 * an answer and its verdict; a reload in between would find the older address, so this tab's
 * latest one is also kept in sessionStorage, which a reload reads, and leaving the page writes
 * it at once. */

import { whenPausedOnce } from "./scheduler.js";

const ADDRESS_KEY = "naitei-checker/address";

/**
 * @param {() => string} currentFragment the fragment for the answers now on the form
 * @param {ReturnType<typeof import("./scheduler.js").pauseScheduler>} pause when answering pauses
 */
export function pageAddress(currentFragment, pause) {
  let pending = false;

  /** @param {string} fragment */
  function remember(fragment) {
    try {
      sessionStorage.setItem(ADDRESS_KEY, fragment);
    } catch (error) {
      // no session storage: a reload right after an answer may show the one before
    }
  }

  function update() {
    if (!pending) return;
    pending = false;
    history.replaceState(null, "", currentFragment());
  }

  addEventListener("pagehide", update);
  const updateWhenPaused = whenPausedOnce(pause, update);

  return {
    remember,
    /** This tab's latest address when the page is reloaded (or reached by back/forward). */
    remembered() {
      const entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
      const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (entries[0]);
      if (!navigation || (navigation.type !== "reload" && navigation.type !== "back_forward")) return null;
      try {
        return sessionStorage.getItem(ADDRESS_KEY);
      } catch (error) {
        return null;
      }
    },
    /** Once answering pauses. */
    updateSoon() {
      pending = true;
      updateWhenPaused();
    },
    /** No answers in the address any more. */
    clear() {
      history.replaceState(null, "", location.pathname + location.search);
      remember("");
      pending = false;
    },
    /** @param {string} fragment */
    replace(fragment) {
      history.replaceState(null, "", fragment || location.pathname + location.search);
    },
  };
}

/** Keep the answers when the reader switches language. @param {string} fragment */
export function updateLanguageLinks(fragment) {
  for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
    const url = new URL(link.getAttribute("href") || "", location.href);
    url.hash = fragment;
    link.setAttribute("href", url.href);
  }
}
