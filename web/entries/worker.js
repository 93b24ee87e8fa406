/* The engine's Web Worker (served pages): Python starts here, so the page never freezes. */
import { opfsStore } from "../snapshot-store.js";
import { engineHost } from "../worker-host.js";

const host = engineHost({
  post: (message) => self.postMessage(message),
  loadScript: async (url) => {
    if (!self.importScripts) throw new Error("not a worker");
    self.importScripts(url);
  },
  store: opfsStore(self),
});
self.onmessage = (event) => host.handle(event.data);
