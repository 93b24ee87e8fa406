/* Addresses for the site-wide scripts (language-link.js, print-links.js). Pure (tested in
 * links.test.mjs). */

/** The language link `href` (relative to the page at `page`) carrying the page's fragment
 * `hash`, or null to leave it: the page has none, or the link already has its own.
 * @param {string} href @param {string} page @param {string} hash */
export function withFragment(href, page, hash) {
  if (!hash) return null;
  const url = new URL(href, page);
  if (url.hash) return null;
  url.hash = hash;
  return url.href;
}

/** An address as printed: absolute, without its fragment (which may hold the reader's
 * answers). @param {string} href @param {string} page */
export function printedAddress(href, page) {
  const url = new URL(href, page);
  url.hash = "";
  return url.href;
}

/** Whether a link in the text gets its address printed: only links that leave the page (not
 * `#…` ones, not heading permalinks) to a web, mail or phone address.
 * @param {string} raw the link's attribute @param {string} absolute its resolved address
 * @param {boolean} permalink a heading's own link */
export function printsAddress(raw, absolute, permalink) {
  if (raw.charAt(0) === "#" || permalink) return false;
  return /^(https?:|mailto:|tel:)/.test(absolute);
}
