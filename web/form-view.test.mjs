import { test } from "node:test";
import assert from "node:assert/strict";

import { noticeBoard } from "./form-view.js";

test("the notice board joins its notices with the page language's gap, and hides when empty", () => {
  for (const gap of ["", " "]) {
    const box = { textContent: "", hidden: true };
    const setNotice = noticeBoard(/** @type {any} */ (box), gap);
    setNotice("restore", "A.");
    setNotice("storage", "B.");
    assert.equal(box.textContent, "A." + gap + "B.");
    assert.equal(box.hidden, false);
    setNotice("restore", "");
    setNotice("storage");
    assert.equal(box.textContent, "");
    assert.equal(box.hidden, true);
  }
});
