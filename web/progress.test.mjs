import assert from "node:assert/strict";
import { test } from "node:test";
import { byteCounter, countedResponse, percentArrived, share } from "./progress.js";

test("bytes are reported at most every interval, and always when a file completes", () => {
  let now = 0;
  const reports = [];
  const counter = byteCounter({ sizes: { a: 100, b: 50 }, intervalMs: 100, now: () => now, report: (r, e) => reports.push([r, e]) });
  counter.add("a", 10);
  counter.add("a", 10); // same instant: not reported
  now = 150;
  counter.add("b", 5);
  counter.done("b");
  assert.deepEqual(reports, [[10, 150], [25, 150], [25, 150]]);
  counter.done("c"); // a file not counted by the stream: its size (0 when unknown)
  assert.equal(counter.total(), 25);
});

test("a file loaded whole counts its expected size", () => {
  const counter = byteCounter({ sizes: { script: 70 }, report: () => {} });
  counter.done("script");
  assert.equal(counter.total(), 70);
  assert.equal(share(counter.total(), counter.expected), 1);
  assert.equal(share(5, 0), 0);
});

test("a counted response passes its body through unchanged and counts it", async () => {
  let bytes = 0;
  let done = false;
  const response = countedResponse(new Response("hello world", { status: 200, headers: { "X-A": "1" } }),
    (n) => { bytes += n; }, () => { done = true; });
  assert.equal(await response.text(), "hello world");
  assert.equal(bytes, 11);
  assert.equal(done, true);
  assert.equal(response.headers.get("X-A"), "1");
});

test("the percentage is whole, rounded down, reaches 100 only when every byte is here", () => {
  assert.equal(percentArrived(0, 150), 0);
  assert.equal(percentArrived(29, 100), 29); // not 28 (29 / 100 * 100 is 28.999...)
  assert.equal(percentArrived(999, 1000), 99);
  assert.equal(percentArrived(1000, 1000), 100);
  assert.equal(percentArrived(1200, 1000), 100); // more than expected: never past 100
  assert.equal(percentArrived(5, 0), 0);
  const counter = byteCounter({ sizes: { a: 3, b: 4 }, report: () => {} });
  counter.add("a", 3);
  assert.equal(percentArrived(counter.total(), counter.expected), 42);
  counter.done("b");
  assert.equal(percentArrived(counter.total(), counter.expected), 100);
});
