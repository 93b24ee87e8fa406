/* Printouts say where things are: each link in the text carries its full address for the
 * print stylesheet (`a[data-print-url]::after`), and the page ends with the site's and the
 * page's addresses. Only on a served site: from disk, addresses are paths on one computer. The
 * page's address is printed without its fragment, which may hold the reader's answers. */
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol)) return;
  var ja = document.documentElement.lang !== "en";
  var LABELS = ja ? { site: "このサイト：", page: "このページ：" }
    : { site: "This site: ", page: "This page: " };

  function address(href) {
    var url = new URL(href, location.href);
    url.hash = "";
    return url.href;
  }

  function markLinks() {
    var links = document.querySelectorAll(".md-content .md-typeset a[href]");
    for (var i = 0; i < links.length; i += 1) {
      var link = links[i];
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) === "#" || link.classList.contains("headerlink")) continue;
      if (!/^(https?:|mailto:|tel:)/.test(link.href)) continue;
      link.setAttribute("data-print-url", link.href);
    }
  }

  function addAddresses() {
    var content = document.querySelector(".md-content__inner");
    var home = document.querySelector("a.md-logo");
    if (!content || !home || content.querySelector(".print-address")) return;
    var block = document.createElement("p");
    block.className = "print-address";
    block.append(LABELS.site + address(home.getAttribute("href") || "./"),
      document.createElement("br"), LABELS.page + address(location.href.split("?")[0]));
    content.append(block);
  }

  function prepare() {
    markLinks();
    addAddresses();
  }

  prepare();
  addEventListener("beforeprint", prepare);
  if (window.matchMedia) {
    var print = matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", function (e) { if (e.matches) prepare(); });
  }
})();
