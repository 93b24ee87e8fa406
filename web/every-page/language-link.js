/* The language switch keeps the place: a link to the other language gets this page's fragment
 * (`#composer` stays `#composer`; heading ids are the same in both languages) when the reader
 * is about to follow it, unless it already carries one of its own (the checklist puts its
 * answers there). Bundled to assets/javascripts/language-link.js (mkdocs.yml extra_javascript). */
import { withFragment } from "./links.js";

/** @param {Event} event */
function keepPlace(event) {
  const target = /** @type {Element | null} */ (event.target);
  const link = target && target.closest ? target.closest("a.md-select__link[hreflang]") : null;
  if (!link) return;
  const href = withFragment(link.getAttribute("href") || "", location.href, location.hash);
  if (href) link.setAttribute("href", href);
}

for (const type of ["pointerdown", "focusin", "click"]) document.addEventListener(type, keepPlace, true);
