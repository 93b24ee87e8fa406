/* The one DOM helper the views share: an element with attributes and text (never HTML). */

/** @param {string} tag @param {Record<string, string>} [attributes] @param {string | null} [text] */
export function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text != null) node.textContent = text;
  return node;
}
