/* The page's side of the engine: requests with an id and a timeout over a transport (a Web
 * Worker, or the host on the page itself), checked replies, and one restart when a running
 * engine fails. Pure: the transport and the timers are handed in.
 *
 * A request fails when the engine stays silent for its timeout while it is pending: the boot
 * follows progress (bytes arriving keep it alive), not the clock. A worker error or exit (or a
 * request left unanswered) rejects every pending request, reports "failed", and, if the engine
 * had been ready, starts it once more. */
import { ProtocolError, checkMessage, request } from "./protocol.js";

export const BOOT_SILENCE_MS = 20000;
export const CALL_TIMEOUT_MS = 5000;

export class EngineUnavailable extends Error {}

/**
 * @typedef {"loading" | "ready" | "failed"} EngineState
 * @typedef {{restored?: boolean, restarted?: boolean, error?: string, willRestart?: boolean}} StateInfo
 * @typedef {{resolve: (value: unknown) => void, reject: (error: Error) => void,
 *            timeoutMs: number, timer: unknown}} Pending
 * @typedef {{transport: import("./types").Transport, pending: Map<number, Pending>, closed: boolean}} Link
 */

/**
 * @param {{
 *   connect: () => import("./types").Transport,
 *   boot: () => import("./types").BootConfig,
 *   onState: (state: EngineState, info: StateInfo) => void,
 *   onProgress?: (progress: import("./types").EngineProgress) => void,
 *   bootSilenceMs?: number, callTimeoutMs?: number, restarts?: number,
 *   setTimer?: (f: () => void, ms: number) => unknown, clearTimer?: (handle: unknown) => void,
 * }} options
 */
export function engineClient(options) {
  const {
    connect, boot, onState, onProgress = () => {},
    bootSilenceMs = BOOT_SILENCE_MS, callTimeoutMs = CALL_TIMEOUT_MS,
    setTimer = setTimeout, clearTimer = (h) => clearTimeout(/** @type {number} */ (h)),
  } = options;
  let restartsLeft = options.restarts ?? 1;
  let nextId = 0;
  /** @type {EngineState} */
  let state = "loading";
  let everReady = false;
  /** @type {Link | null} */
  let link = null;

  /** @param {EngineState} next @param {StateInfo} info */
  function setState(next, info) {
    state = next;
    onState(next, info);
  }

  function start() {
    /** @type {Map<number, Pending>} */
    const pending = new Map();
    /** @type {Link} */
    const current = { transport: connect(), pending, closed: false };
    link = current;
    current.transport.listen(
      (data) => { if (link === current) receive(data); },
      (reason) => { if (link === current) fail(reason); },
    );
    send("boot", [boot()], bootSilenceMs).then(
      (value) => {
        everReady = true;
        const restored = Boolean(value && /** @type {{restored?: unknown}} */ (value).restored);
        setState("ready", { restored, restarted: restartsLeft < (options.restarts ?? 1) });
      },
      (error) => {
        if (link === current && !current.closed) {
          close(current);
          setState("failed", { error: error.message, willRestart: false });
        }
      },
    );
  }

  /** @param {string} call @param {unknown[]} args @param {number} timeoutMs @returns {Promise<unknown>} */
  function send(call, args, timeoutMs) {
    const current = link;
    if (!current || current.closed) return Promise.reject(new EngineUnavailable("the engine is not running"));
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      /** @type {Pending} */
      const entry = { resolve, reject, timeoutMs, timer: null };
      current.pending.set(id, entry);
      arm(id, entry);
      try {
        current.transport.post(request(id, call, args, timeoutMs));
      } catch (error) {
        fail("could not send " + call + ": " + String(error));
      }
    });
  }

  /** (Re)start the silence timer of one pending request. @param {number} id @param {Pending} entry */
  function arm(id, entry) {
    if (entry.timer !== null) clearTimer(entry.timer);
    entry.timer = setTimer(() => fail("no answer to request " + id + " within " + entry.timeoutMs + " ms"), entry.timeoutMs);
  }

  /** @param {unknown} data */
  function receive(data) {
    if (!link) return;
    let message;
    try {
      message = checkMessage(data);
    } catch (error) {
      fail(error instanceof ProtocolError ? "protocol error: " + error.message : String(error));
      return;
    }
    for (const [id, entry] of link.pending) arm(id, entry); // any message is a sign of life
    if (message.type === "progress") {
      onProgress(message);
      return;
    }
    const entry = link.pending.get(message.id);
    if (!entry) return; // answered after its request was given up
    link.pending.delete(message.id);
    clearTimer(entry.timer);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(new Error(message.error));
  }

  /** The channel failed: reject what is pending, report, restart once if it had been ready.
   * @param {string} reason */
  function fail(reason) {
    const current = link;
    if (!current || current.closed) return;
    close(current);
    const willRestart = everReady && restartsLeft > 0;
    setState("failed", { error: reason, willRestart });
    if (willRestart) {
      restartsLeft -= 1;
      everReady = false;
      setState("loading", { restarted: true });
      start();
    }
  }

  /** @param {Link} current */
  function close(current) {
    current.closed = true;
    for (const entry of current.pending.values()) {
      clearTimer(entry.timer);
      entry.reject(new EngineUnavailable("the engine stopped"));
    }
    current.pending.clear();
    try {
      current.transport.close();
    } catch (error) { /* already gone */ }
  }

  return {
    start,
    get state() { return state; },
    /** An engine call ("evaluate", ...) with its arguments; rejects unless the engine is ready.
     * @param {string} call @param {unknown[]} args @param {number} [timeoutMs] */
    call(call, args, timeoutMs = callTimeoutMs) {
      if (state !== "ready") return Promise.reject(new EngineUnavailable("the engine is " + state));
      return send(call, args, timeoutMs);
    },
  };
}

/** @typedef {ReturnType<typeof engineClient>} EngineClient */
