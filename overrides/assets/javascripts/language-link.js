/* The language switch keeps the place: a link to the other language gets this page's fragment
 * (`#composer` stays `#composer`; heading ids are the same in both languages) when the reader
 * is about to follow it, unless it already carries one of its own (the checklist puts its
 * answers there). */
(function () {
  "use strict";
  function keepPlace(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.md-select__link[hreflang]") : null;
    if (!link || !location.hash) return;
    var url = new URL(link.getAttribute("href") || "", location.href);
    if (url.hash) return;
    url.hash = location.hash;
    link.setAttribute("href", url.href);
  }
  ["pointerdown", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, keepPlace, true);
  });
})();
