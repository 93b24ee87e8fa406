/* Bytes of the engine's files as they arrive, reported as signs of life: a start is judged by
 * progress, not by the clock. Pure: the clock is handed in. */

/**
 * Counts bytes per file and reports the total, at most every `intervalMs` (and always when a
 * file completes), so a slow network sends a steady trickle of small messages.
 * @param {{sizes: Record<string, number>, report: (received: number, expected: number) => void,
 *          intervalMs?: number, now?: () => number}} options
 */
export function byteCounter({ sizes, report, intervalMs = 200, now = () => Date.now() }) {
  const expected = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  /** @type {Map<string, number>} */
  const received = new Map();
  let last = -Infinity;
  const total = () => [...received.values()].reduce((sum, bytes) => sum + bytes, 0);

  return {
    expected,
    total,
    /** @param {string} name @param {number} bytes more bytes of `name` arrived */
    add(name, bytes) {
      received.set(name, (received.get(name) || 0) + bytes);
      if (now() - last >= intervalMs) {
        last = now();
        report(total(), expected);
      }
    },
    /** @param {string} name `name` arrived whole (its size, if the server sent it otherwise) */
    done(name) {
      if (!received.has(name)) received.set(name, sizes[name] || 0);
      last = now();
      report(total(), expected);
    },
  };
}

/** A response whose body counts its bytes as they are read; the same headers and status.
 * @param {Response} response @param {(bytes: number) => void} onBytes @param {() => void} onDone */
export function countedResponse(response, onBytes, onDone) {
  if (!response.body) {
    onDone();
    return response;
  }
  const counter = new TransformStream({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
    flush() {
      onDone();
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

/** The share of the bytes that have arrived, 0..1 (0 when nothing is expected).
 * @param {number} received @param {number} expected */
export function share(received, expected) {
  return expected > 0 ? Math.min(1, received / expected) : 0;
}

/** The whole percent of the bytes that have arrived, 0..100: 100 only once every byte is here
 * (rounded down), never more. @param {number} received @param {number} expected */
export function percentArrived(received, expected) {
  return expected > 0 ? Math.min(100, Math.floor((Math.max(0, received) * 100) / expected)) : 0;
}
