/* Site search on every way text arrives. Material's search reads its box on key release only,
 * so text committed from an input method's candidate bar, dictated or pasted (no key release)
 * left the results on "type a keyword". Each such change is passed on as a key release;
 * Material then reads the box as usual, and ignores a value it has already searched.
 * Bundled to assets/javascripts/search-input.js (mkdocs.yml extra_javascript). */
const box = document.querySelector("[data-md-component=search-query]");
if (box) {
  const readBox = () => box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  box.addEventListener("input", (event) => {
    if (!(/** @type {InputEvent} */ (event)).isComposing) readBox(); // mid-composition text is not the query yet
  });
  box.addEventListener("compositionend", readBox);
}
