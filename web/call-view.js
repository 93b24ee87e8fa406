/* The call page's view: the plan in words and dates, and one step of the script at a time.
 * Text only (never HTML); furigana as <ruby> elements built here. */
import { element } from "./dom.js";
import { fillText } from "./text.js";

/** @typedef {NonNullable<ReturnType<typeof findCallParts>>} CallParts */

export function findCallParts() {
  const root = document.querySelector("[data-call-companion]");
  const walkRoot = document.querySelector("[data-call-walk]");
  const form = /** @type {HTMLFormElement | null} */ (document.querySelector("[data-call-form]"));
  if (!root || !walkRoot || !form) return null;
  /** @param {Element} scope @param {string} name */
  const find = (scope, name) => /** @type {HTMLElement} */ (scope.querySelector("[" + name + "]"));
  return {
    root: /** @type {HTMLElement} */ (root),
    form,
    status: document.getElementById("call-status"),
    notice: document.getElementById("call-notice"),
    formMessage: document.getElementById("call-form-message"),
    actionMessage: document.getElementById("call-action-message"),
    plan: find(root, "data-call-plan"),
    headline: find(root, "data-plan-headline"),
    notices: find(root, "data-plan-notices"),
    skipped: find(root, "data-plan-skipped"),
    skippedList: find(root, "data-plan-skipped-list"),
    followUp: find(root, "data-plan-follow-up"),
    walk: /** @type {HTMLElement} */ (walkRoot),
    count: find(walkRoot, "data-walk-count"),
    title: find(walkRoot, "data-walk-title"),
    who: find(walkRoot, "data-walk-who"),
    lines: find(walkRoot, "data-walk-lines"),
    answersBox: find(walkRoot, "data-walk-answers-box"),
    answers: find(walkRoot, "data-walk-answers"),
    outcome: find(walkRoot, "data-walk-outcome"),
    outcomeNext: find(walkRoot, "data-outcome-next"),
    outcomeDate: find(walkRoot, "data-outcome-date"),
    outcomeEmail: /** @type {HTMLAnchorElement} */ (find(walkRoot, "data-outcome-email")),
    outcomeEmailName: find(walkRoot, "data-outcome-email-name"),
    /** @param {string} name */
    action: (name) => /** @type {HTMLButtonElement | null} */ (
      document.querySelector("[data-call-companion] [data-action=" + name + "], [data-call-walk] [data-action=" + name + "]")),
  };
}

/** Replace a list's items with one per text. @param {HTMLElement} list @param {string[]} texts */
function listOf(list, texts) {
  list.replaceChildren(...texts.map((text) => element("li", {}, text)));
}

/** @param {CallParts} parts @param {import("./types").CallPlan} plan */
export function renderPlan(parts, plan) {
  parts.plan.dataset.now = plan.now; // the moment in Japan the plan counts from
  parts.headline.textContent = plan.headline;
  listOf(parts.notices, plan.notices);
  parts.notices.hidden = plan.notices.length === 0;
  listOf(parts.skippedList, plan.skipped.map((day) => day.text));
  parts.skipped.hidden = plan.skipped.length === 0;
  parts.followUp.textContent = plan.follow_up_text;
  parts.plan.hidden = false;
}

/** One line to say: the Japanese (with furigana from its reading segments) and its meaning
 * in the page's language. @param {import("./types").CallLine} line @param {string} lang */
function lineItem(line, lang) {
  const item = element("li", { class: "call-line" });
  if (!line.ruby) {
    item.append(element("span", { class: "call-line__ja" }, line.ja));
    return item;
  }
  const ja = element("span", { class: "call-line__ja", lang: "ja" });
  for (const [text, reading] of line.ruby) {
    if (!reading) {
      ja.append(text);
      continue;
    }
    const ruby = element("ruby", {}, text);
    ruby.append(element("rp", {}, "（"), element("rt", {}, reading), element("rp", {}, "）"));
    ja.append(ruby);
  }
  item.append(ja, element("span", { class: "call-line__en" }, /** @type {string} */ (line[lang] || "")));
  return item;
}

/**
 * The step the reader is at: what to say and the company's answers as buttons, or the outcome.
 * @param {CallParts} parts @param {import("./types").CallScript} script @param {string} nodeId
 * @param {number} step 1 for the start @param {Record<string, string>} ui
 * @param {Record<string, string>} emails the composer's email variants' names
 * @param {string} lang the page's language (the lines' meaning is under its id)
 */
export function renderStep(parts, script, nodeId, step, ui, emails, lang) {
  const node = script.nodes[nodeId];
  parts.walk.dataset.node = nodeId;
  parts.count.textContent = fillText(ui["walk.step"], { count: step });
  parts.title.textContent = node.title;
  parts.who.textContent = ui["walk.who." + node.who] || "";
  parts.lines.replaceChildren(...node.lines.map((line) => lineItem(line, lang)));
  parts.answers.replaceChildren(...node.answers.map((answer) =>
    element("button", { type: "button", class: "md-button call-walk__answer", "data-answer": answer.id }, answer.label)));
  parts.answersBox.hidden = node.answers.length === 0;
  const outcome = node.outcome;
  parts.outcome.hidden = !outcome;
  if (outcome) {
    parts.outcomeNext.textContent = outcome.next;
    parts.outcomeDate.textContent = outcome.retry || outcome.follow_up || "";
    parts.outcomeDate.hidden = !parts.outcomeDate.textContent;
    parts.outcomeEmail.dataset.email = outcome.email;
    parts.outcomeEmailName.textContent = fillText(ui["walk.email_name"], { email: emails[outcome.email] || "" });
  }
  const backButton = parts.action("back");
  if (backButton) backButton.disabled = step === 1;
  parts.walk.hidden = false;
}
