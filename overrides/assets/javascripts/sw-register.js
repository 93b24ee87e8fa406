/* Register the site's service worker (served pages only; file:// has none). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var url = new URL(script.getAttribute("data-sw"), location.href);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url.href, { scope: new URL("./", url).href }).catch(function (error) {
      console.warn("offline support unavailable:", error && error.message);
    });
  });
})();
