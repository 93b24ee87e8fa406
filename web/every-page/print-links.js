/* Printouts say where things are: each link in the text carries its full address for the
 * print stylesheet (`a[data-print-url]::after`), and the page ends with the site's and the
 * page's addresses. Only on a served site: from disk, addresses are paths on one computer. The
 * page's address is printed without its fragment, which may hold the reader's answers.
 * Bundled to assets/javascripts/print-links.js (mkdocs.yml extra_javascript). */
import { printedAddress, printsAddress } from "./links.js";

function markLinks() {
  for (const link of document.querySelectorAll(".md-content .md-typeset a[href]")) {
    const anchor = /** @type {HTMLAnchorElement} */ (link);
    if (printsAddress(anchor.getAttribute("href") || "", anchor.href, anchor.classList.contains("headerlink"))) {
      anchor.setAttribute("data-print-url", anchor.href);
    }
  }
}

/** A label the page's head gives (main.html, in the page's language). @param {string} name */
const label = (name) => document.querySelector(`meta[name="naitei-print-${name}"]`)?.getAttribute("content") || "";

function addAddresses() {
  const content = document.querySelector(".md-content__inner");
  const home = document.querySelector("a.md-logo");
  if (!content || !home || content.querySelector(".print-address")) return;
  const labels = { site: label("site"), page: label("page") };
  const block = document.createElement("p");
  block.className = "print-address";
  block.append(labels.site + printedAddress(home.getAttribute("href") || "./", location.href),
    document.createElement("br"), labels.page + printedAddress(location.href.split("?")[0], location.href));
  content.append(block);
}

function prepare() {
  markLinks();
  addAddresses();
}

if (/^https?:$/.test(location.protocol)) {
  prepare();
  addEventListener("beforeprint", prepare);
  const print = "matchMedia" in window ? matchMedia("print") : null; // older browsers: beforeprint only
  if (print && "addEventListener" in print) print.addEventListener("change", (event) => { if (event.matches) prepare(); });
}
