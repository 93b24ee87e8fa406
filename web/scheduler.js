/* One "when the reader pauses" scheduler for the page's background work (storing the engine
 * snapshot, starting the search worker, registering the service worker): nothing runs until
 * the engine has settled, then each task runs once answering has paused for `quietMs`. The
 * composer's draft and the checklist's address wait for a shorter pause, each on an instance
 * of its own (whenPausedOnce).
 * Pure: the timer functions are handed in. */

/**
 * @param {{quietMs: number, setTimer?: (f: () => void, ms: number) => unknown,
 *          clearTimer?: (handle: unknown) => void}} options
 */
export function pauseScheduler({ quietMs, setTimer = setTimeout, clearTimer = (h) => clearTimeout(/** @type {number} */ (h)) }) {
  /** @type {(() => void)[]} */
  const queue = [];
  let open = false;
  /** @type {unknown} */
  let timer = null;

  function run() {
    timer = null;
    for (const task of queue.splice(0)) {
      try {
        task();
      } catch (error) {
        console.warn("checker: background task failed:", error);
      }
    }
  }

  function arm() {
    if (timer !== null) clearTimer(timer);
    timer = open && queue.length ? setTimer(run, quietMs) : null;
  }

  return {
    /** Run `task` once the reader pauses. @param {() => void} task */
    whenPaused(task) {
      queue.push(task);
      arm();
    },
    /** The reader did something: wait again. */
    poke() {
      if (timer !== null) arm();
    },
    /** The engine has settled (ready or failed): start counting. */
    open() {
      open = true;
      arm();
    },
    /** Run what is queued now (the reader asked for it). */
    flush() {
      if (timer !== null) clearTimer(timer);
      run();
    },
  };
}

/**
 * A function that asks for `task` once the reader pauses, however often it is called
 * meanwhile: each call starts the wait again, and the task runs once (a debounce on the
 * scheduler's own timer).
 * @param {ReturnType<typeof pauseScheduler>} scheduler @param {() => void} task
 */
export function whenPausedOnce(scheduler, task) {
  let queued = false;
  return () => {
    if (queued) {
      scheduler.poke();
      return;
    }
    queued = true;
    scheduler.whenPaused(() => {
      queued = false;
      task();
    });
  };
}
