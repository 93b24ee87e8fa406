import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "./protocol.js";
import { noStore } from "./snapshot-store.js";
import { engineHost } from "./worker-host.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

function setUp() {
  const posted = [];
  const snapshots = [];
  const calls = [];
  const host = engineHost({
    post: (message) => posted.push(message),
    loadScript: async () => {},
    store: noStore,
    start: async (cfg, { onProgress }) => {
      onProgress("download", 5, 10);
      return {
        restored: false,
        call: (name, args) => { calls.push([name, args]); return { called: name }; },
        takeSnapshot: () => { snapshots.push(calls.length); return async () => {}; },
      };
    },
  });
  return { host, posted, snapshots, calls };
}

test("boot reports progress, takes the snapshot before any call, then answers by id", async () => {
  const { host, posted, snapshots } = setUp();
  host.handle(request(1, "evaluate", [], 1000));
  await tick();
  assert.deepEqual(posted.shift(), { type: "reply", id: 1, ok: false, error: "the engine has not started" });
  host.handle(request(2, "boot", [{ indexURL: "x/" }], 1000));
  await tick();
  assert.deepEqual(posted, [
    { type: "progress", stage: "download", received: 5, expected: 10 },
    { type: "reply", id: 2, ok: true, value: { restored: false } },
  ]);
  assert.deepEqual(snapshots, [0], "taken with no call made yet");
});

test("engine calls and storeSnapshot are answered; storing twice stores once", async () => {
  const { host, posted, calls } = setUp();
  host.handle(request(1, "boot", [{ indexURL: "x/" }], 1000));
  await tick();
  host.handle(request(2, "evaluate", [{ quota: "open" }, "en"], 1000));
  host.handle(request(3, "storeSnapshot", [], 1000));
  host.handle(request(4, "storeSnapshot", [], 1000));
  await tick();
  assert.deepEqual(calls, [["evaluate", [{ quota: "open" }, "en"]]]);
  const value = (id) => posted.find((m) => m.id === id).value;
  assert.deepEqual([value(2), value(3), value(4)], [{ called: "evaluate" }, { saved: true }, { saved: false }]);
});

test("a bad request is answered with what was wrong; a second boot is refused", async () => {
  const { host, posted } = setUp();
  host.handle({ type: "request", id: 7, call: "evaluate", args: [], timeoutMs: -1 });
  host.handle(request(8, "boot", [{ indexURL: "x/" }], 1000));
  await tick();
  host.handle(request(9, "boot", [{ indexURL: "x/" }], 1000));
  await tick();
  assert.match(posted[0].error, /timeoutMs must be a positive number/);
  assert.equal(posted.at(-1).error, "the engine is already started");
});
