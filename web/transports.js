/* Channels from the page to an engine host (see Transport in types.d.ts). */

/** Served pages: the host in a Web Worker, so the page never freezes while Python starts.
 * A worker's error (or a message that cannot be read) is a failure of the channel; a worker
 * that exits says nothing, which the client notices as a request left unanswered.
 * @param {string} url @returns {import("./types").Transport} */
export function workerTransport(url) {
  const worker = new Worker(url);
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.onmessage = (event) => onMessage(event.data);
      worker.onmessageerror = () => onFailure("a message from the engine could not be read");
      worker.onerror = (event) => {
        event.preventDefault();
        onFailure("the engine's worker failed: " + (event.message || "unknown error"));
      };
    },
    close: () => worker.terminate(),
  };
}

/** Pages opened from disk (file://, where workers are refused): the same host on the page,
 * reached through the same messages, one task later (as a worker would answer).
 * @param {(post: (message: unknown) => void) => {handle: (message: unknown) => void}} makeHost
 * @returns {import("./types").Transport} */
export function inPageTransport(makeHost) {
  /** @type {(data: unknown) => void} */
  let deliver = () => {};
  let closed = false;
  const host = makeHost((message) => setTimeout(() => { if (!closed) deliver(message); }, 0));
  return {
    post: (message) => setTimeout(() => host.handle(message), 0),
    listen(onMessage) {
      deliver = onMessage;
    },
    close() {
      closed = true;
    },
  };
}
