/* Texts with placeholders (checker/ui.toml: "Read more in “{page}”", "（{percent}%）"). Pure. */

/**
 * `template` with each `{name}` that `values` names replaced by its value; any other
 * placeholder stays as written, so a missing value shows rather than vanishes.
 * @param {string} template @param {Record<string, string | number>} values
 */
export function fillText(template, values) {
  return template.replace(/\{(\w+)\}/g, (placeholder, name) =>
    (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : placeholder));
}
