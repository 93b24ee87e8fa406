/* The checklist form, the status line and the notice box: what the template renders (see
 * overrides/partials/checker-form.html) and what this script changes in it. */
import { element } from "./dom.js";
import { percentArrived, share as shareOf } from "./progress.js";
import { fillText } from "./text.js";

/** The page's parts, found once; null when this page has no checklist. */
export function findParts() {
  const form = /** @type {HTMLFormElement | null} */ (document.querySelector("[data-checker-form]"));
  const verdict = /** @type {HTMLElement | null} */ (document.querySelector("[data-checker-verdict]"));
  if (!form || !verdict) return null;
  return {
    form,
    verdict,
    status: document.getElementById("checker-status"),
    notice: document.getElementById("checker-notice"),
    link: /** @type {HTMLInputElement | null} */ (document.getElementById("checker-link")),
    actionMessage: document.getElementById("checker-action-message"),
    progress: document.getElementById("checker-progress"),
    jump: /** @type {HTMLAnchorElement | null} */ (document.querySelector(".checker-progress__jump")),
    answers: document.getElementById("checker-answers"),
    restart: document.querySelector("#checker-answers [data-action=restart]"),
    /** @param {string} name */
    action: (name) => form.querySelector("[data-action=" + name + "]"),
  };
}

/** @typedef {NonNullable<ReturnType<typeof findParts>>} Parts */

/** @param {HTMLFormElement} form @param {string[]} questionIds */
export function readForm(form, questionIds) {
  /** @type {Record<string, string>} */
  const answers = {};
  for (const id of questionIds) {
    const checked = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="' + id + '"]:checked'));
    if (checked) answers[id] = checked.value;
  }
  return answers;
}

/** @param {HTMLFormElement} form @param {Record<string, string>} answers */
export function fillForm(form, answers) {
  for (const input of form.querySelectorAll("input[type=radio]")) {
    const radio = /** @type {HTMLInputElement} */ (input);
    radio.checked = answers[radio.name] === radio.value;
  }
}

/** Show the hidden parts that need this script (buttons, status line). @param {HTMLFormElement} form */
export function revealScripted(form) {
  document.documentElement.classList.add("checker-js");
  const container = form.closest(".checker") || form; // the status line sits above the form
  for (const hidden of container.querySelectorAll("[data-needs-js]")) /** @type {HTMLElement} */ (hidden).hidden = false;
}

/** Notices by topic ("restore", "storage", "engine"), shown together in the notice box, joined
 * by the page language's gap between sentences. @param {HTMLElement | null} box @param {string} gap */
export function noticeBoard(box, gap) {
  /** @type {Map<string, string>} */
  const notices = new Map();
  /** @param {string} topic @param {string} [text] */
  return function setNotice(topic, text) {
    if (text) notices.set(topic, text);
    else notices.delete(topic);
    if (!box) return;
    const joined = [...notices.values()].join(gap);
    if (box.textContent !== joined) box.textContent = joined;
    box.hidden = !joined;
  };
}

/** Under each question whose value in a link or storage was unusable, say so, tied to it.
 * @param {string[]} ids @param {string} text */
export function markInvalid(ids, text) {
  for (const id of ids) {
    const fieldset = document.getElementById("question-" + id);
    if (!fieldset || document.getElementById("error-" + id)) continue;
    const message = element("p", { class: "checker-question__error", id: "error-" + id }, text);
    const hint = fieldset.querySelector(".checker-question__hint");
    if (hint) hint.after(message);
    else fieldset.append(message);
    const described = (fieldset.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    fieldset.setAttribute("aria-describedby", described.concat("error-" + id).join(" "));
  }
}

/** @param {string} id */
export function unmarkInvalid(id) {
  const message = document.getElementById("error-" + id);
  if (!message) return;
  const fieldset = document.getElementById("question-" + id);
  if (fieldset) {
    const described = (fieldset.getAttribute("aria-describedby") || "").split(/\s+/)
      .filter((token) => token && token !== "error-" + id);
    fieldset.setAttribute("aria-describedby", described.join(" "));
  }
  message.remove();
}

/** The status line: a text and a state ("loading", "ready", "failed"), with the share of the
 * engine's bytes that have arrived while it loads, as a bar and a percentage. The line is a
 * live region: screen readers hear each text once, and neither the bar nor the percentage
 * (both aria-hidden), which change several times a second.
 * @param {HTMLElement | null} box @param {Record<string, string>} ui */
export function statusLine(box, ui) {
  let shown = "";
  const bar = /** @type {HTMLProgressElement | null} */ (box && box.querySelector("progress"));
  const share = /** @type {HTMLElement | null} */ (box && box.querySelector("[data-status-share]"));
  return {
    /** @param {string} key @param {"loading" | "ready" | "failed"} state */
    set(key, state) {
      if (!box || shown === key + " " + state) return; // a live region: say each once
      shown = key + " " + state;
      box.dataset.state = state;
      const label = box.querySelector("[data-status-text]") || box;
      label.textContent = ui[key] || "";
      const help = /** @type {HTMLElement | null} */ (box.querySelector("[data-status-failed]"));
      if (help) help.hidden = state !== "failed"; // the template's link to how it decides
      if (bar) bar.hidden = state !== "loading";
      if (share && state !== "loading") share.hidden = true;
    },
    /** @param {number} received bytes of the engine's files so far @param {number} expected */
    progress(received, expected) {
      if (!(expected > 0)) return;
      if (bar) {
        bar.max = 1;
        bar.value = shareOf(received, expected);
      }
      if (share && box && box.dataset.state === "loading") {
        const text = fillText(ui["status.progress"] || "", { percent: percentArrived(received, expected) });
        if (share.textContent !== text) share.textContent = text;
        share.hidden = false;
      }
    },
  };
}
