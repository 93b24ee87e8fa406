/* Ask the browser, once, to keep this site's storage (the engine's files and snapshot, the
 * saved answers and details): Safari deletes a site's storage after 7 days of use without a
 * visit unless it is kept. Asked only once the reader has used an engine page (the engine has
 * answered after the reader changed an answer or a detail), never on a page load alone. */

/**
 * A function to call after each engine answer; the first one after the reader acted asks.
 * @param {{persist?: () => Promise<boolean>} | undefined} storage navigator.storage
 * @param {() => boolean} readerActed whether the reader has done something on the page yet
 */
export function persistOnceUsed(storage, readerActed) {
  let asked = false;
  return () => {
    if (asked || !storage || typeof storage.persist !== "function" || !readerActed()) return;
    asked = true;
    storage.persist().catch(() => {}); // refused or unsupported: the storage stays best-effort
  };
}

/** A test of whether the reader has changed anything in the page's forms yet (an answer, a
 * detail): restoring saved answers on load does not count. @param {Document} doc */
export function readerChanges(doc) {
  let changed = false;
  const note = () => { changed = true; };
  doc.addEventListener("change", note, { capture: true, once: true });
  doc.addEventListener("input", note, { capture: true, once: true });
  return () => changed;
}
