import assert from "node:assert/strict";
import { test } from "node:test";
import { fillText } from "./text.js";

test("each named placeholder is replaced, every time it appears", () => {
  assert.equal(fillText("（{percent}%）", { percent: 42 }), "（42%）");
  assert.equal(fillText("{a} and {a}, {b}", { a: "x", b: 0 }), "x and x, 0");
});

test("a placeholder without a value stays as written; other braces are text", () => {
  assert.equal(fillText("Read more in “{page}”", {}), "Read more in “{page}”");
  assert.equal(fillText("{toString} {not a name}", { percent: 1 }), "{toString} {not a name}");
});
