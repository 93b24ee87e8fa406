import assert from "node:assert/strict";
import { test } from "node:test";
import { printedAddress, printsAddress, withFragment } from "./links.js";

const PAGE = "https://example.org/guide/templates.html";

test("the language link takes the page's fragment, unless it has one or the page has none", () => {
  assert.equal(withFragment("en/templates.html", PAGE, "#composer"), "https://example.org/guide/en/templates.html#composer");
  assert.equal(withFragment("en/checklist.html#quota=open&v=3", PAGE, "#composer"), null);
  assert.equal(withFragment("en/templates.html", PAGE, ""), null);
});

test("a printed address is absolute and leaves the fragment out", () => {
  assert.equal(printedAddress("checklist.html#quota=open&v=3", PAGE), "https://example.org/guide/checklist.html");
  assert.equal(printedAddress("./", PAGE), "https://example.org/guide/");
});

test("only links that leave the page to a web, mail or phone address print their address", () => {
  assert.equal(printsAddress("faq.html", "https://example.org/guide/faq.html", false), true);
  assert.equal(printsAddress("mailto:a@example.org", "mailto:a@example.org", false), true);
  assert.equal(printsAddress("tel:0312345678", "tel:0312345678", false), true);
  assert.equal(printsAddress("#steps", PAGE + "#steps", false), false);
  assert.equal(printsAddress("faq.html#x", "https://example.org/guide/faq.html#x", true), false);
  assert.equal(printsAddress("javascript:void(0)", "javascript:void(0)", false), false);
});
