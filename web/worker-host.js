/* The engine's side of the protocol: answers each request of the page (see types.d.ts) by id,
 * in a Web Worker or, for pages opened from disk, on the page itself. Calls:
 *   "boot" [BootConfig]   start the engine (progress messages while it starts) -> {restored}
 *   "storeSnapshot" []    store the snapshot taken right after a fresh start -> {saved}
 *   any other name        that engine call (see pyodide-adapter.js) -> its result */
import { startEngine } from "./pyodide-adapter.js";
import { checkRequest, progress, replyFailed, replyOk } from "./protocol.js";

/**
 * @param {{post: (message: import("./types").EngineMessageOut) => void,
 *          loadScript: (url: string) => Promise<void>,
 *          store: import("./snapshot-store.js").SnapshotStore,
 *          start?: typeof startEngine}} options
 */
export function engineHost({ post, loadScript, store, start = startEngine }) {
  /** @type {import("./pyodide-adapter.js").Engine | null} */
  let engine = null;
  let booting = false;
  /** @type {(() => Promise<void>) | null} */
  let storeSnapshot = null;

  /** @param {import("./types").EngineRequest} request */
  async function dispatch(request) {
    if (request.call === "boot") {
      if (booting) throw new Error("the engine is already started");
      booting = true;
      const cfg = /** @type {import("./types").BootConfig} */ (request.args[0]);
      if (!cfg || typeof cfg.indexURL !== "string") throw new Error("boot needs a BootConfig with indexURL");
      const found = cfg.snapshotSaved ? store.find(cfg.indexURL) : Promise.resolve(null);
      const started = await start(cfg, {
        onProgress: (stage, received, expected) => post(progress(stage, received, expected)),
        loadScript, store, found,
      });
      // taken in this same task, before any answer can reach the engine: no reader data
      try {
        storeSnapshot = started.takeSnapshot();
      } catch (error) {
        console.info("checker: engine state not saved:", error instanceof Error ? error.message : error);
      }
      engine = started;
      return { restored: started.restored };
    }
    if (request.call === "storeSnapshot") {
      const save = storeSnapshot;
      storeSnapshot = null;
      if (!save) return { saved: false };
      await save();
      return { saved: true };
    }
    if (!engine) throw new Error("the engine has not started");
    return engine.call(request.call, request.args);
  }

  return {
    /** @param {unknown} message */
    handle(message) {
      let request;
      try {
        request = checkRequest(message);
      } catch (error) {
        const id = /** @type {{id?: unknown}} */ (message || {}).id;
        if (Number.isSafeInteger(id) && /** @type {number} */ (id) > 0) post(replyFailed(/** @type {number} */ (id), error));
        else console.warn("checker engine: ignored a message:", error instanceof Error ? error.message : error);
        return;
      }
      const id = request.id;
      dispatch(request).then((value) => post(replyOk(id, value)), (error) => post(replyFailed(id, error)));
    },
  };
}
