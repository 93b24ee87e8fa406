/* The messages between the page and the engine host (types in types.d.ts), built and checked
 * here on both sides. A message that does not fit is a protocol error, named plainly. Pure. */

export const STAGES = /** @type {const} */ (["download", "python", "engine"]);

export class ProtocolError extends Error {}

/** @param {number} id @param {string} call @param {unknown[]} args @param {number} timeoutMs
 * @returns {import("./types").EngineRequest} */
export function request(id, call, args, timeoutMs) {
  return { type: "request", id, call, args, timeoutMs };
}

/** @param {number} id @param {unknown} value @returns {import("./types").EngineReply} */
export function replyOk(id, value) {
  return { type: "reply", id, ok: true, value };
}

/** @param {number} id @param {unknown} error @returns {import("./types").EngineReply} */
export function replyFailed(id, error) {
  const message = error instanceof Error ? error.message : String(error);
  return { type: "reply", id, ok: false, error: message || "unknown error" };
}

/** @param {import("./types").BootStage} stage @param {number} received @param {number} expected
 * @returns {import("./types").EngineProgress} */
export function progress(stage, received, expected) {
  return { type: "progress", stage, received, expected };
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
/** @param {unknown} value */
const isId = (value) => Number.isSafeInteger(value) && /** @type {number} */ (value) > 0;
/** @param {unknown} value */
const isCount = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/** Check a message sent to the engine host.
 * @param {unknown} data @returns {import("./types").EngineRequest} */
export function checkRequest(data) {
  if (!isObject(data) || data.type !== "request") {
    throw new ProtocolError("expected {type: \"request\", id, call, args, timeoutMs}, got " + describe(data));
  }
  if (!isId(data.id)) throw new ProtocolError("request id must be a positive integer, got " + describe(data.id));
  if (typeof data.call !== "string" || !/^[a-z][A-Za-z_]*$/.test(data.call)) {
    throw new ProtocolError("request call must be a name like \"evaluate\", got " + describe(data.call));
  }
  if (!Array.isArray(data.args)) throw new ProtocolError("request args must be an array, got " + describe(data.args));
  if (!isCount(data.timeoutMs) || !data.timeoutMs) {
    throw new ProtocolError("request timeoutMs must be a positive number, got " + describe(data.timeoutMs));
  }
  return /** @type {import("./types").EngineRequest} */ (/** @type {unknown} */ (data));
}

/** Check a message from the engine host.
 * @param {unknown} data @returns {import("./types").EngineMessageOut} */
export function checkMessage(data) {
  if (isObject(data) && data.type === "progress") {
    if (!STAGES.includes(/** @type {any} */ (data.stage))) {
      throw new ProtocolError("progress stage must be one of " + STAGES.join(", ") + ", got " + describe(data.stage));
    }
    if (!isCount(data.received) || !isCount(data.expected)) {
      throw new ProtocolError("progress received/expected must be byte counts, got " + describe([data.received, data.expected]));
    }
    return /** @type {import("./types").EngineProgress} */ (/** @type {unknown} */ (data));
  }
  if (isObject(data) && data.type === "reply") {
    if (!isId(data.id)) throw new ProtocolError("reply id must be a positive integer, got " + describe(data.id));
    if (data.ok === true && "value" in data) return /** @type {import("./types").EngineReply} */ (/** @type {unknown} */ (data));
    if (data.ok === false && typeof data.error === "string") return /** @type {import("./types").EngineReply} */ (/** @type {unknown} */ (data));
    throw new ProtocolError("reply must be {ok: true, value} or {ok: false, error: string}, got " + describe(data));
  }
  throw new ProtocolError("expected a reply or progress message, got " + describe(data));
}

/** A short, safe description of a value for an error message. @param {unknown} value */
function describe(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    text = undefined;
  }
  text = text === undefined ? String(value) : text;
  return text.length > 80 ? text.slice(0, 77) + "..." : text;
}
