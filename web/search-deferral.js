/* Material's search worker builds its index as soon as the page loads, on the other core of a
 * small phone or laptop, while Python starts. On the checklist page it starts once the reader
 * pauses (see scheduler.js), or at once when the reader searches.
 *
 * Material's bundle creates that worker itself at load and offers no hook, so this is the one
 * place where a browser built-in is stood in for on a served page: `window.Worker`, for the
 * search worker's URL only, until it has started. */

const SEARCH_WORKER = /\/workers\/search[^/]*\.js(?:[?#]|$)/;

/** Stands in for the search worker until `start()`: queues what Material posts to it and passes
 * on what it answers. */
class DeferredWorker extends EventTarget {
  /** @param {typeof Worker} NativeWorker @param {string | URL} url @param {WorkerOptions} [options] */
  constructor(NativeWorker, url, options) {
    super();
    /** @type {((event: Event) => void) | null} */
    this.onmessage = null;
    /** @type {((event: Event) => void) | null} */
    this.onerror = null;
    /** @type {((event: Event) => void) | null} */
    this.onmessageerror = null;
    /** @type {unknown[][] | null} */
    this.queue = [];
    /** @type {Worker | null} */
    this.worker = null;
    this.start = () => {
      if (this.worker) return;
      const worker = new NativeWorker(url, options);
      this.worker = worker;
      for (const type of ["message", "error", "messageerror"]) worker.addEventListener(type, (event) => this.pass(event));
      (this.queue || []).forEach((args) => worker.postMessage(...(/** @type {[unknown]} */ (args))));
      this.queue = null;
    };
  }

  /** @param {Event} event */
  pass(event) {
    const copy = event.type === "error" ? new Event("error") : new MessageEvent(event.type, { data: /** @type {MessageEvent} */ (event).data });
    this.dispatchEvent(copy);
    const handler = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this))["on" + event.type];
    if (typeof handler === "function") handler.call(this, copy);
  }

  /** @param {unknown[]} args */
  postMessage(...args) {
    if (this.worker) return this.worker.postMessage(...(/** @type {[unknown]} */ (args)));
    if (this.queue) this.queue.push(args);
    if (this.queue && this.queue.length > 1) this.start(); // past its set-up: the reader is searching
  }

  terminate() {
    if (this.worker) this.worker.terminate();
    this.queue = [];
  }
}

/** Hold back the search worker until `whenPaused` runs its task.
 * @param {(task: () => void) => void} whenPaused */
export function deferSearchWorker(whenPaused) {
  const NativeWorker = window.Worker;
  if (typeof NativeWorker !== "function" || typeof EventTarget !== "function") return;
  /** @type {DeferredWorker[]} */
  const waiting = [];
  /** @param {string | URL} url @param {WorkerOptions} [options] */
  const StandIn = function Worker(url, options) {
    if (!SEARCH_WORKER.test(String(url))) return new NativeWorker(url, options);
    const deferred = new DeferredWorker(NativeWorker, url, options);
    waiting.push(deferred);
    return deferred;
  };
  StandIn.prototype = NativeWorker.prototype;
  window.Worker = /** @type {typeof Worker} */ (/** @type {unknown} */ (StandIn));
  whenPaused(() => {
    window.Worker = NativeWorker;
    waiting.splice(0).forEach((deferred) => deferred.start());
  });
}
