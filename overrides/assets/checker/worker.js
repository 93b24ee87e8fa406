/* Web Worker for served pages: Python starts here, so the page never freezes while it boots.
 * Messages in: {type: "boot", cfg} and {type: "evaluate", id, answers, lang}.
 * Messages out: {type: "stage"|"ready"|"failed"|"result"|"saved", ...}; "ready" says whether
 * the engine was restored from a saved snapshot, "saved" that one was saved for next time. */
(function () {
  "use strict";
  const QUIET_MS = 1500; // store the snapshot only once answering has paused this long
  let engine = null;
  let storeSnapshot = null;
  let quietTimer = 0;

  function whenQuiet() {
    clearTimeout(quietTimer);
    if (!storeSnapshot) return;
    quietTimer = setTimeout(() => {
      const store = storeSnapshot;
      storeSnapshot = null;
      store().then(
        () => self.postMessage({ type: "saved" }),
        (error) => console.info("checker: engine state not saved:", error && error.message),
      );
    }, QUIET_MS);
  }

  self.onmessage = async (event) => {
    const message = event.data || {};
    if (message.type === "boot") {
      try {
        const cfg = message.cfg;
        // the site ships this file with snapshot-store.js and engine-host.js built in (one
        // request); run from the sources, it imports them
        if (!self.NaiteiSnapshotStore) importScripts(cfg.snapshotStoreURL);
        // cfg.snapshotSaved: the page noted that one was saved; reading starts before all else
        const found = cfg.snapshotSaved ? self.NaiteiSnapshotStore.find(cfg.indexURL) : Promise.resolve(null);
        if (!self.NaiteiEngineHost) importScripts(cfg.hostURL);
        engine = await self.NaiteiEngineHost.boot(cfg, (stage) => self.postMessage({ type: "stage", stage }), found);
      } catch (error) {
        self.postMessage({ type: "failed", message: String((error && error.message) || error) });
        return;
      }
      self.postMessage({ type: "ready", restored: engine.restored });
      // the snapshot is taken in this same task, before any answer can reach the engine;
      // storing it waits until answering pauses
      try {
        storeSnapshot = engine.takeSnapshot();
      } catch (error) {
        console.info("checker: engine state not saved:", error && error.message);
      }
      whenQuiet();
    } else if (message.type === "evaluate" && engine) {
      const json = engine.evaluate(JSON.stringify(message.answers), message.lang);
      self.postMessage({ type: "result", id: message.id, json });
      whenQuiet();
    }
  };
})();
