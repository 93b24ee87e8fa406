/* The verdict: the engine's result as DOM, text only (textContent), with links from the
 * build-time link map. Only the nodes that changed are replaced, so a new verdict costs little
 * layout and keeps what the reader opened or ticked. */
import { localIsoDate } from "./dates.js";
import { element, patchChildren } from "./dom.js";
import { resolveLink } from "./links.js";
import { fillText } from "./text.js";

/**
 * @param {{verdict: HTMLElement, config: import("./types").PageConfig,
 *          ticks: () => Record<string, true>, onTick: (id: string, ticked: boolean) => void}} options
 */
export function verdictView({ verdict, config, ticks, onTick }) {
  const ui = config.ui;
  // What the area says before there is a level (its title, what it will show): kept to return to.
  const waitingParts = [...verdict.children].map((node) => /** @type {HTMLElement} */ (node.cloneNode(true)));
  const title = waitingParts.find((node) => node.tagName === "H2");
  /** @type {HTMLDetailsElement[]} */
  let foldedForPrint = [];
  // Printing opens the folded steps in every browser (the print CSS alone does it only where
  // ::details-content is supported), and folds them again afterwards.
  window.addEventListener("beforeprint", () => {
    foldedForPrint = [...verdict.querySelectorAll("details.checker-verdict__more:not([open])")]
      .map((node) => /** @type {HTMLDetailsElement} */ (node));
    foldedForPrint.forEach((details) => { details.open = true; });
  });
  window.addEventListener("afterprint", () => {
    foldedForPrint.forEach((details) => { details.open = false; });
    foldedForPrint = [];
  });

  /** A "read more" link after `item`'s text. A short one (steps) shows only "read more" and
   * gives the page's title to screen readers: the main steps then fit the first screen.
   * @param {HTMLElement} item @param {string | null} link @param {boolean} [short] */
  function appendLink(item, link, short = false) {
    const target = resolveLink(config.links, link, ui);
    if (!target) return;
    if (!short || !ui["verdict.more"]) {
      item.append(" ", element("a", { href: target.href }, target.text));
      return;
    }
    const anchor = element("a", { href: target.href });
    anchor.append(element("span", { "aria-hidden": "true" }, ui["verdict.more"]),
      element("span", { class: "md-visually-hidden" }, target.text));
    item.append(" ", anchor);
  }

  /** @param {import("./types").EngineMessage} message */
  function messageItem(message) {
    const item = element("li", { "data-id": message.id });
    if (message.effect) item.dataset.effect = message.effect;
    item.append(element("span", {}, message.text));
    appendLink(item, message.link);
    return item;
  }

  /** @param {import("./types").EngineMessage[]} steps @param {Record<string, string>} under */
  function stepsList(steps, under) {
    const ticked = ticks();
    const list = element("ul", { class: "checker-steps" });
    for (const step of steps) {
      const item = element("li", { "data-id": step.id });
      const id = "step-" + step.id;
      const box = /** @type {HTMLInputElement} */ (element("input", { type: "checkbox", id }));
      box.checked = ticked[step.id] === true;
      box.addEventListener("change", () => onTick(step.id, box.checked));
      const text = element("span", { class: "checker-step__text" });
      text.append(element("label", { for: id }, step.text));
      appendLink(text, step.link, true);
      if (under[step.id]) text.append(element("span", { class: "checker-step__when" }, under[step.id]));
      item.append(box, text);
      list.append(item);
    }
    return list;
  }

  /** @param {string} titleKey @param {HTMLElement} list */
  function section(titleKey, list) {
    const wrapper = element("div", { class: "checker-verdict__section" });
    wrapper.append(element("h3", {}, ui[titleKey]), list);
    return wrapper;
  }

  /** The main steps (in the order the engine gives) and the others.
   * @param {import("./types").EngineResult} result */
  function splitSteps(result) {
    const main = new Set(result.main_steps);
    return { main: result.steps.filter((s) => main.has(s.id)), others: result.steps.filter((s) => !main.has(s.id)) };
  }

  /** The main steps and the primary action, drafting the message.
   * @param {import("./types").EngineMessage[]} steps @param {Record<string, string>} under */
  function mainStepsSection(steps, under) {
    const wrapper = section("verdict.steps", stepsList(steps, under));
    const draft = resolveLink(config.links, config.draftLink, ui); // rules.toml `draft_link`
    if (draft) {
      const paragraph = element("p", { class: "checker-verdict__draft" });
      paragraph.append(element("a", { class: "md-button md-button--primary", href: draft.href }, ui["verdict.draft"]));
      wrapper.append(paragraph);
    }
    return wrapper;
  }

  /** The other steps, folded under a summary (opened on paper by the print CSS).
   * @param {import("./types").EngineMessage[]} steps @param {Record<string, string>} under */
  function otherSteps(steps, under) {
    const more = element("details", { class: "checker-verdict__more" });
    more.append(element("summary", {}, ui["verdict.other_steps"]), stepsList(steps, under));
    return more;
  }

  /** Shown only on paper: the answers, the date and the rules version. @param {Record<string, string>} answers */
  function printSummary(answers) {
    const box = element("div", { class: "checker-print-only" });
    const list = element("dl");
    for (const q of config.questions) {
      list.append(element("dt", {}, q.text));
      const option = q.labels && answers[q.id] ? q.labels[answers[q.id]] : null;
      list.append(element("dd", {}, option || ui["print.unanswered"] || "—"));
    }
    const date = localIsoDate(new Date());
    box.append(list, element("p", {}, fillText(ui["print.line"], {
      date_label: ui["print.date"], date, version_label: ui["print.version"], version: config.rulesVersion })));
    return box;
  }

  /** The verdict's first screen holds the level, the summary, the main steps and the draft
   * button; the unanswered questions, warnings, reasons and other steps follow.
   * @param {import("./types").EngineResult} result @param {Record<string, string>} answers
   * @param {Record<string, string>} [under] a line under a step, by step id (the call window) */
  function render(result, answers, under = {}) {
    verdict.setAttribute("aria-busy", "true");
    verdict.dataset.level = result.level;
    const parts = [];
    if (title) parts.push(/** @type {HTMLElement} */ (title.cloneNode(true)));
    const heading = element("h2", { class: "checker-verdict__level", id: "checker-verdict-heading" });
    heading.append(element("span", { class: "checker-verdict__icon", "aria-hidden": "true" }, ui["level.icon." + result.level] || ""));
    heading.append(" ", element("span", {}, result.level_label));
    parts.push(element("p", { class: "checker-verdict__kicker", "aria-hidden": "true" }, ui["verdict.heading"]));
    parts.push(heading);
    parts.push(element("p", { class: "checker-verdict__summary" }, result.summary));
    const steps = splitSteps(result);
    parts.push(mainStepsSection(steps.main, under));
    if (result.unanswered.length) {
      const labels = result.unanswered_labels.length ? result.unanswered_labels : result.unanswered;
      parts.push(element("p", { class: "checker-verdict__unanswered" },
        fillText(ui["form.unanswered_line"], { label: ui["form.unanswered"], list: labels.join(ui["form.list_separator"]) })));
    }
    if (result.warnings.length) {
      const list = element("ul", { class: "checker-warnings" });
      result.warnings.forEach((w) => list.append(messageItem(w)));
      parts.push(section("verdict.warnings", list));
    }
    const reasons = element("ul", { class: "checker-reasons" });
    result.reasons.forEach((r) => reasons.append(messageItem(r)));
    parts.push(section("verdict.reasons", reasons));
    if (steps.others.length) parts.push(otherSteps(steps.others, under));
    const disclaimer = result.disclaimer || ui["verdict.disclaimer"];
    parts.push(element("p", { class: "checker-verdict__disclaimer" }, disclaimer));
    parts.push(printSummary(answers));
    patchChildren(verdict, parts);
    verdict.removeAttribute("aria-busy");
    verdict.dataset.ready = "true";
  }

  /** Back to what the area says before any answer: no level (`data-ready="waiting"`). */
  function waiting() {
    if (verdict.dataset.level) {
      verdict.replaceChildren(...waitingParts.map((node) => node.cloneNode(true)));
      verdict.dataset.level = "";
    }
    verdict.dataset.ready = "waiting";
  }

  return { render, waiting };
}
