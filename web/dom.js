/* The one DOM helper the views share: an element with attributes and text (never HTML). */

/** @param {string} tag @param {Record<string, string>} [attributes] @param {string | null} [text] */
export function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text != null) node.textContent = text;
  return node;
}

/** Attributes the reader sets on a node (a folded part opened): patching keeps them. */
const READERS_STATE = new Set(["open"]);

/** The same element apart from its children and the reader's state.
 * @param {Element} a @param {Element} b */
function sameShell(a, b) {
  if (a.tagName !== b.tagName) return false;
  const names = b.getAttributeNames().filter((name) => !READERS_STATE.has(name));
  return names.length === a.getAttributeNames().filter((name) => !READERS_STATE.has(name)).length
    && names.every((name) => a.getAttribute(name) === b.getAttribute(name));
}

/** @param {Node} node */
const idOf = (node) => (node instanceof Element ? node.getAttribute("data-id") : null);

/** Make `parent`'s children equal to `next`, touching only what differs: an unchanged node
 * stays (no new layout, and its state kept: a ticked box, an opened part), a changed node with
 * the same shell is patched inside, and children with a `data-id` are matched by it, so a step
 * added or dropped leaves the others in place.
 * @param {Element} parent @param {Node[]} next */
export function patchChildren(parent, next) {
  const wanted = new Set(next.map(idOf));
  /** @type {Map<string, Node>} */
  const kept = new Map();
  for (const node of [...parent.childNodes]) {
    const id = idOf(node);
    if (id === null) continue;
    if (wanted.has(id)) kept.set(id, node);
    else node.remove();
  }
  next.forEach((node, index) => {
    const id = idOf(node);
    const match = id === null ? undefined : kept.get(id);
    const here = parent.childNodes[index] || null;
    if (match) {
      if (match !== here) parent.insertBefore(match, here);
      update(match, node);
    } else if (!here) parent.append(node);
    else if (id !== null || idOf(here) !== null) parent.insertBefore(node, here);
    else update(here, node);
  });
  while (parent.childNodes.length > next.length) parent.lastChild?.remove();
}

/** @param {Node} old @param {Node} node */
function update(old, node) {
  if (old.isEqualNode(node)) return;
  if (old instanceof Element && node instanceof Element && sameShell(old, node)) patchChildren(old, [...node.childNodes]);
  else /** @type {ChildNode} */ (old).replaceWith(node);
}
