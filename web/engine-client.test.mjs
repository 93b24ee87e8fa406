import assert from "node:assert/strict";
import { test } from "node:test";
import { engineClient } from "./engine-client.js";
import { progress, replyFailed, replyOk } from "./protocol.js";

/** Fake timers: advance(ms) runs what falls due. */
function fakeTimers() {
  let now = 0;
  let next = 0;
  const timers = new Map();
  return {
    setTimer(f, ms) { next += 1; timers.set(next, { at: now + ms, f }); return next; },
    clearTimer(handle) { timers.delete(handle); },
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now && timers.has(handle)) { timers.delete(handle); timer.f(); }
      }
    },
  };
}

/** Transports that record requests; `engines[i]` is the i-th one connected. */
function fakeEngines() {
  const engines = [];
  const connect = () => {
    const engine = { sent: [], closed: false, onMessage: null, onFailure: null };
    engine.reply = (message) => engine.onMessage(message);
    engines.push(engine);
    return {
      post: (request) => engine.sent.push(request),
      listen(onMessage, onFailure) { engine.onMessage = onMessage; engine.onFailure = onFailure; },
      close() { engine.closed = true; },
    };
  };
  return { engines, connect };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function setUp(options = {}) {
  const timers = fakeTimers();
  const { engines, connect } = fakeEngines();
  const states = [];
  const client = engineClient({
    connect, boot: () => ({ indexURL: "x/" }), bootSilenceMs: 20000, callTimeoutMs: 5000,
    onState: (state, info) => states.push([state, info]), ...timers, ...options,
  });
  client.start();
  return { client, engines, states, timers };
}

test("every request carries an id, its call, its arguments and its timeout", async () => {
  const { client, engines } = setUp();
  const [boot] = engines[0].sent;
  assert.deepEqual({ ...boot, args: undefined }, { type: "request", id: 1, call: "boot", args: undefined, timeoutMs: 20000 });
  engines[0].reply(replyOk(1, { restored: true }));
  await tick();
  assert.equal(client.state, "ready");
  const answer = client.call("evaluate", [{ quota: "open" }, "en"]);
  assert.deepEqual(engines[0].sent[1], { type: "request", id: 2, call: "evaluate", args: [{ quota: "open" }, "en"], timeoutMs: 5000 });
  engines[0].reply(replyOk(2, { level: "high" }));
  assert.deepEqual(await answer, { level: "high" });
});

test("the boot follows progress: bytes arriving keep it alive past any fixed time", async () => {
  const { client, engines, states, timers } = setUp();
  for (let second = 0; second < 60; second += 1) { // a minute of bytes trickling
    timers.advance(1000);
    engines[0].reply(progress("download", second * 1000, 60000));
  }
  assert.equal(client.state, "loading");
  engines[0].reply(replyOk(1, { restored: false }));
  await tick();
  assert.deepEqual(states.at(-1), ["ready", { restored: false, restarted: false }]);
});

test("the boot fails after 20 s without any sign of life, and is not restarted", async () => {
  const { client, engines, states, timers } = setUp();
  timers.advance(19999);
  assert.equal(client.state, "loading");
  timers.advance(1);
  await tick();
  assert.equal(client.state, "failed");
  assert.match(states.at(-1)[1].error, /no answer to request 1 within 20000 ms/);
  assert.equal(engines.length, 1);
  assert.equal(engines[0].closed, true);
});

test("a runtime error during the boot is the failure, at once", async () => {
  const { client, engines, states } = setUp();
  engines[0].reply(replyFailed(1, new Error("could not load pyodide.asm.wasm")));
  await tick();
  assert.equal(client.state, "failed");
  assert.equal(states.at(-1)[1].error, "could not load pyodide.asm.wasm");
  await assert.rejects(client.call("evaluate", []), /the engine is failed/);
});

test("a worker error after ready rejects what is pending, reports the failure, restarts once", async () => {
  const { client, engines, states } = setUp();
  engines[0].reply(replyOk(1, { restored: false }));
  await tick();
  const pending = client.call("evaluate", [{}, "ja"]);
  engines[0].onFailure("the engine's worker failed: boom");
  await assert.rejects(pending, /the engine stopped/);
  assert.deepEqual(states.slice(1).map(([state]) => state), ["failed", "loading"]);
  assert.equal(states[1][1].willRestart, true);
  assert.equal(engines.length, 2, "a new engine was started");
  assert.equal(engines[0].closed, true);
  engines[1].reply(replyOk(engines[1].sent[0].id, { restored: true }));
  await tick();
  assert.deepEqual(states.at(-1), ["ready", { restored: true, restarted: true }]);
  // a second failure is final
  engines[1].onFailure("again");
  assert.equal(client.state, "failed");
  assert.equal(states.at(-1)[1].willRestart, false);
  assert.equal(engines.length, 2);
});

test("a worker that exits is noticed by a request left unanswered", async () => {
  const { client, engines, timers } = setUp();
  engines[0].reply(replyOk(1, { restored: false }));
  await tick();
  const pending = client.call("evaluate", [{}, "ja"]);
  timers.advance(5000);
  await assert.rejects(pending, /the engine stopped/);
  assert.equal(engines.length, 2);
});

test("a message outside the protocol is a failure that names it", async () => {
  const { engines, states } = setUp();
  engines[0].reply({ type: "result", json: "{}" });
  await tick();
  assert.match(states.at(-1)[1].error, /^protocol error: expected a reply or progress message/);
});

test("a late reply to a request given up is ignored", async () => {
  const { client, engines } = setUp();
  engines[0].reply(replyOk(1, { restored: false }));
  await tick();
  engines[0].reply(replyOk(99, "late"));
  assert.equal(client.state, "ready");
});
