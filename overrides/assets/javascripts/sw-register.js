/* Register the site's service worker (served pages only; file:// has none). On the checklist
 * page it waits until the engine has started, so precaching never competes with it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var url = new URL(script.getAttribute("data-sw"), location.href);

  function register() {
    navigator.serviceWorker.register(url.href, { scope: new URL("./", url).href }).catch(function (error) {
      console.warn("offline support unavailable:", error && error.message);
    });
  }

  if (document.querySelector("[data-checker-form]")) {
    document.addEventListener("naitei:engine-settled", register, { once: true });
  } else {
    window.addEventListener("load", register, { once: true });
  }
})();
