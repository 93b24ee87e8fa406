/* Registers the site's service worker (served pages only; file:// has none). */

/** @param {string} url the service worker's URL (sw.js at the site root) */
export function registerServiceWorker(url) {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  const href = new URL(url, location.href);
  navigator.serviceWorker.register(href.href, { scope: new URL("./", href).href }).catch((error) => {
    console.warn("offline support unavailable:", error && error.message);
  });
}
