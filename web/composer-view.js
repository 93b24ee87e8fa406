/* The composer's form and draft: what overrides/partials/composer-form.html renders and what
 * the templates page's script changes in it. Text only (textContent): nothing from the reader,
 * the storage or the engine is ever inserted as HTML. */
import { draftLines, lineChanges } from "./composer-text.js";
import { element } from "./dom.js";

/** The composer's parts, found once; null when the page has none. */
export function findComposer() {
  const form = /** @type {HTMLFormElement | null} */ (document.querySelector("[data-composer-form]"));
  const draft = /** @type {HTMLElement | null} */ (document.querySelector("[data-composer-draft]"));
  if (!form || !draft) return null;
  const root = /** @type {HTMLElement} */ (form.closest(".composer") || form.parentElement || document.body);
  return {
    root,
    form,
    draft,
    status: document.getElementById("composer-status"),
    notice: document.getElementById("composer-notice"),
    formMessage: document.getElementById("composer-form-message"),
    actionMessage: document.getElementById("composer-action-message"),
    draftStatus: /** @type {HTMLElement | null} */ (draft.querySelector("[data-draft-status]")),
    mailto: /** @type {HTMLAnchorElement | null} */ (root.querySelector("[data-mailto]")),
    mailtoNote: /** @type {HTMLElement | null} */ (root.querySelector("[data-mailto-note]")),
    /** The draft's parts in the page's order, each with its name and its lines' box. */
    parts: [...draft.querySelectorAll("[data-draft-part]")].map((node) => ({
      node: /** @type {HTMLElement} */ (node),
      part: /** @type {HTMLElement} */ (node).dataset.draftPart || "",
      name: (node.querySelector("h4") || node).textContent || "",
      box: /** @type {HTMLElement} */ (node.querySelector("[data-draft-text]") || node),
    })),
    /** @param {string} name */
    action: (name) => /** @type {HTMLElement | null} */ (root.querySelector("[data-action=" + name + "]")),
  };
}

/** @typedef {NonNullable<ReturnType<typeof findComposer>>} ComposerParts */

/** Show the parts that need this script (buttons, status line). @param {HTMLElement} root */
export function revealComposer(root) {
  for (const hidden of root.querySelectorAll("[data-needs-js]")) /** @type {HTMLElement} */ (hidden).hidden = false;
}

/** Every field's text ("" when blank), in the order of `ids`.
 * @param {HTMLFormElement} form @param {string[]} ids */
export function readDetails(form, ids) {
  /** @type {Record<string, string>} */
  const details = {};
  for (const id of ids) {
    const control = /** @type {HTMLInputElement | RadioNodeList | null} */ (form.elements.namedItem(id));
    const unticked = control instanceof HTMLInputElement && control.type === "checkbox" && !control.checked;
    details[id] = control && !unticked ? control.value : "";
  }
  return details;
}

/** Put `details` in the form (blank where absent); returns the ids whose value did not fit
 * (a choice that is not offered, a date the browser refused).
 * @param {HTMLFormElement} form @param {string[]} ids @param {Record<string, string>} details */
export function fillDetails(form, ids, details) {
  for (const input of form.querySelectorAll("input")) {
    const field = /** @type {HTMLInputElement} */ (input);
    if (!ids.includes(field.name)) continue;
    const value = Object.prototype.hasOwnProperty.call(details, field.name) ? details[field.name] : "";
    if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === value;
    else field.value = value;
  }
  const shown = readDetails(form, ids);
  return ids.filter((id) => (details[id] || "") !== shown[id]);
}

/** @param {Element} node @param {string} token @param {boolean} present */
function describedBy(node, token, present) {
  const tokens = (node.getAttribute("aria-describedby") || "").split(/\s+/).filter((t) => t && t !== token);
  if (present) tokens.push(token);
  if (tokens.length) node.setAttribute("aria-describedby", tokens.join(" "));
  else node.removeAttribute("aria-describedby");
}

/** The field's control that a message describes: its input, or its fieldset of choices.
 * @param {HTMLElement} field */
const controlOf = (field) => (field.tagName === "FIELDSET" ? field : field.querySelector("input") || field);

/** Say beside field `id` what is wrong with it, tied to its control; false when the form has
 * no such field. @param {string} id @param {string} message */
export function showFieldError(id, message) {
  const field = document.getElementById("composer-field-" + id);
  if (!field) return false;
  const noteId = "composer-error-" + id;
  const note = document.getElementById(noteId) || field.appendChild(element("p", { class: "composer-field__error", id: noteId }));
  note.textContent = message;
  const control = controlOf(field);
  describedBy(control, noteId, true);
  if (control.tagName === "INPUT") control.setAttribute("aria-invalid", "true");
  return true;
}

/** Advice beside field `id` (a notice, not a refusal: the detail is kept), tied to its
 * control. @param {string} id @param {string} message */
export function showFieldNotice(id, message) {
  const field = document.getElementById("composer-field-" + id);
  if (!field) return;
  const noteId = "composer-notice-" + id;
  const note = document.getElementById(noteId) || field.appendChild(element("p", { class: "composer-field__notice", id: noteId }));
  note.textContent = message;
  describedBy(controlOf(field), noteId, true);
}

/** Remove every field's notice. @param {HTMLElement} root */
export function clearFieldNotices(root) {
  for (const note of root.querySelectorAll(".composer-field__notice")) {
    if (note.parentElement) describedBy(controlOf(/** @type {HTMLElement} */ (note.parentElement)), note.id, false);
    note.remove();
  }
}

/** Remove every field's message. @param {HTMLElement} root */
export function clearFieldErrors(root) {
  for (const note of root.querySelectorAll(".composer-field__error")) {
    const field = note.parentElement;
    if (field) {
      const control = controlOf(field);
      describedBy(control, note.id, false);
      control.removeAttribute("aria-invalid");
    }
    note.remove();
  }
}

/** One line as the template renders it: blank, Japanese only, or Japanese with its meaning.
 * @param {import("./types").ComposeLine} line @param {boolean} glossed */
function lineNode(line, glossed) {
  if (!line.ja) return element("div", { class: "composer-line composer-line--blank" });
  if (!glossed) return element("div", { class: "composer-line" }, line.ja);
  const row = element("div", { class: "composer-line" });
  row.append(element("span", { class: "composer-line__ja", lang: "ja" }, line.ja),
    element("span", { class: "composer-line__en" }, line.gloss));
  return row;
}

/** The lines a box shows now. @param {HTMLElement} box @returns {import("./types").ComposeLine[]} */
function shownLines(box) {
  return [...box.children].map((row) => {
    const ja = row.querySelector(".composer-line__ja");
    const en = row.querySelector(".composer-line__en");
    return ja ? { ja: ja.textContent || "", gloss: (en && en.textContent) || "" } : { ja: row.textContent || "", gloss: "" };
  });
}

/** Each part's Japanese text as shown (what the copy buttons copy and the file holds).
 * @param {ComposerParts} parts */
export function shownTexts(parts) {
  return parts.parts.map(({ part, name, box }) => ({ part, name, text: shownLines(box).map((l) => l.ja).join("\n") }));
}

/**
 * Show a draft: only the lines that changed are replaced (the region is live: a screen reader
 * hears what changed, not the whole email again). `quiet`: the first draft after a reload,
 * shown without an announcement.
 * @param {ComposerParts} parts @param {import("./types").ComposeResult} draft
 * @param {string} statusText @param {{quiet?: boolean}} [options]
 */
export function renderDraft(parts, draft, statusText, { quiet = false } = {}) {
  const region = parts.draft;
  if (quiet) region.setAttribute("aria-live", "off");
  if (parts.draftStatus && parts.draftStatus.textContent !== statusText) parts.draftStatus.textContent = statusText;
  for (const { node, part, box } of parts.parts) {
    const lines = draftLines(draft, part);
    for (const change of lineChanges(shownLines(box), lines).reverse()) {
      for (let i = 0; i < change.remove; i += 1) box.children[change.at].remove();
      const next = box.children[change.at] || null;
      for (const line of change.insert) box.insertBefore(lineNode(line, draft.gloss !== null), next);
    }
    node.hidden = !lines.length;
  }
  region.dataset.ready = "true";
  if (quiet) setTimeout(() => region.setAttribute("aria-live", "polite"), 0);
}
