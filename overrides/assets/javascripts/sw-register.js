/* Register the site's service worker (served pages only; file:// has none). On the checklist
 * page it waits until the engine has started and answering has paused. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var url = new URL(script.getAttribute("data-sw"), location.href);
  var QUIET_MS = 2000;

  function register() {
    navigator.serviceWorker.register(url.href, { scope: new URL("./", url).href }).catch(function (error) {
      console.warn("offline support unavailable:", error && error.message);
    });
  }

  /** On the checklist page: once the engine has started and answering has paused, so that
   * precaching the site never competes with the boot or with a verdict. */
  function registerWhenQuiet(form) {
    var timer = 0;
    function restart() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        form.removeEventListener("change", restart);
        register();
      }, QUIET_MS);
    }
    form.addEventListener("change", restart);
    restart();
  }

  var form = document.querySelector("[data-checker-form]");
  if (form) {
    document.addEventListener("naitei:engine-settled", function () { registerWhenQuiet(form); }, { once: true });
  } else {
    window.addEventListener("load", register, { once: true });
  }
})();
