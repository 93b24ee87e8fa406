import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveLink } from "./links.js";

const ui = { "verdict.more_in": "Read more in “{page}”", "verdict.more": "Read more" };
const links = { "steps.md#contact_now": { href: "steps.html#contact_now", title: "Contact them now" } };

test("a link is looked up in the build's map, whatever characters its id holds", () => {
  assert.deepEqual(resolveLink(links, "steps.md#contact_now", ui),
    { href: "steps.html#contact_now", text: "Read more in “Contact them now”" });
});

test("no map, an unknown link or no link gives no link", () => {
  assert.equal(resolveLink(undefined, "steps.md#contact_now", ui), null);
  assert.equal(resolveLink(links, "steps.md#other", ui), null);
  assert.equal(resolveLink(links, null, ui), null);
  assert.equal(resolveLink(links, "toString", ui), null);
});

test("a target without a title reads 'Read more'", () => {
  assert.equal(resolveLink({ a: { href: "a.html", title: "" } }, "a", ui)?.text, "Read more");
});
