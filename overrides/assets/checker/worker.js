/* Web Worker for served pages: Python starts here, so the page never freezes while it boots.
 * Messages in: {type: "boot", cfg} and {type: "evaluate", id, answers, lang}.
 * Messages out: {type: "stage"|"ready"|"failed"|"result", ...}. */
"use strict";
let engine = null;

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    try {
      importScripts(message.cfg.indexURL + "pyodide.js", message.cfg.hostURL);
      engine = await self.NaiteiEngineHost.boot(message.cfg, (stage) =>
        self.postMessage({ type: "stage", stage }),
      );
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String((error && error.message) || error) });
    }
  } else if (message.type === "evaluate" && engine) {
    const json = engine.evaluate(JSON.stringify(message.answers), message.lang);
    self.postMessage({ type: "result", id: message.id, json });
  }
};
