/* Every served page but the checklist (whose own script waits until the reader pauses)
 * registers the service worker that keeps the site available offline, as soon as the page
 * has loaded and the browser is idle. From a second page on (the reader has shown intent), the
 * worker then fetches the engine first, so that a reader who opens the checklist after reading
 * a page or two finds it ready; a single page read costs no engine download. */
import { registerServiceWorker } from "../service-worker.js";

const IDLE_TIMEOUT_MS = 2000; // at the latest this long after load, idle or not

const script = document.currentScript;
const url = script && script.getAttribute("data-sw");
/** @param {() => void} run */
const whenIdle = (run) => ("requestIdleCallback" in window
  ? requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(run, 0));
if (url) addEventListener("load", () => whenIdle(() => registerServiceWorker(url, { enginePage: false })), { once: true });
