/* Every served page but the checklist (whose own script waits until the reader pauses)
 * registers the service worker that keeps the site available offline, once it has loaded. */
import { registerServiceWorker } from "../service-worker.js";

const script = document.currentScript;
const url = script && script.getAttribute("data-sw");
if (url) addEventListener("load", () => registerServiceWorker(url), { once: true });
