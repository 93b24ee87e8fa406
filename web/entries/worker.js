/* The engine's Web Worker (served pages): Python starts here, so the page never freezes. The
 * snapshot store is chosen by feature: the origin private file system where sync access handles
 * exist (Chromium, Firefox), else IndexedDB (WebKit, which has no navigator.storage). */
import { sharedCacheFetch } from "../engine-cache.js";
import { firstSupported, idbStore, opfsStore } from "../snapshot-store.js";
import { engineHost } from "../worker-host.js";

// The engine's files, once downloaded, are where the service worker looks first.
self.fetch = sharedCacheFetch(self.fetch.bind(self), self.caches);

const host = engineHost({
  post: (message) => self.postMessage(message),
  loadScript: async (url) => {
    if (!self.importScripts) throw new Error("not a worker");
    self.importScripts(url);
  },
  store: firstSupported(opfsStore(self), idbStore(self)),
});
self.onmessage = (event) => host.handle(event.data);
