import assert from "node:assert/strict";
import { test } from "node:test";
import { pauseScheduler, whenPausedOnce } from "./scheduler.js";

/** Fake timers: advance(ms) runs what falls due. */
function fakeTimers() {
  let now = 0;
  const timers = new Map();
  let next = 0;
  return {
    setTimer(f, ms) { next += 1; timers.set(next, { at: now + ms, f }); return next; },
    clearTimer(handle) { timers.delete(handle); },
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...timers]) {
        if (timer.at <= now) { timers.delete(handle); timer.f(); }
      }
    },
  };
}

test("nothing runs before the engine has settled, then once answering pauses", () => {
  const timers = fakeTimers();
  const scheduler = pauseScheduler({ quietMs: 100, ...timers });
  const ran = [];
  scheduler.whenPaused(() => ran.push("search"));
  scheduler.whenPaused(() => ran.push("service worker"));
  timers.advance(1000);
  assert.deepEqual(ran, []);
  scheduler.open();
  timers.advance(60);
  scheduler.poke(); // the reader answered: wait again
  timers.advance(60);
  assert.deepEqual(ran, []);
  timers.advance(50);
  assert.deepEqual(ran, ["search", "service worker"]);
  timers.advance(1000);
  assert.deepEqual(ran, ["search", "service worker"], "each task runs once");
});

test("a task queued later waits for its own pause; a failing task does not stop the others", () => {
  const timers = fakeTimers();
  const scheduler = pauseScheduler({ quietMs: 100, ...timers });
  scheduler.open();
  const ran = [];
  const warn = console.warn;
  console.warn = () => {};
  try {
    scheduler.whenPaused(() => { throw new Error("boom"); });
    scheduler.whenPaused(() => ran.push("snapshot"));
    timers.advance(99);
    assert.deepEqual(ran, []);
    timers.advance(1);
    assert.deepEqual(ran, ["snapshot"]);
  } finally {
    console.warn = warn;
  }
});

test("flush runs the queue at once", () => {
  const timers = fakeTimers();
  const scheduler = pauseScheduler({ quietMs: 100, ...timers });
  const ran = [];
  scheduler.whenPaused(() => ran.push(1));
  scheduler.flush();
  assert.deepEqual(ran, [1]);
});

test("whenPausedOnce: many calls while typing, one run after the pause; again after the next", () => {
  const timers = fakeTimers();
  const scheduler = pauseScheduler({ quietMs: 400, ...timers });
  scheduler.open();
  let runs = 0;
  const draftSoon = whenPausedOnce(scheduler, () => { runs += 1; });
  for (let key = 0; key < 10; key += 1) {
    draftSoon();
    timers.advance(300); // typing: never a 400 ms pause
  }
  assert.equal(runs, 0);
  timers.advance(100);
  assert.equal(runs, 1, "one run for ten calls");
  timers.advance(5000);
  assert.equal(runs, 1);
  draftSoon();
  timers.advance(400);
  assert.equal(runs, 2, "a later call runs again");
});
