/* The checklist page: starts the engine from the page head, restores the answers once the form
 * is parsed, and shows the verdict. The questions are plain HTML (readable and printable
 * without JavaScript); nothing here inserts HTML. */
import { pageAddress, updateLanguageLinks } from "./address.js";
import { answerCodec } from "./answers.js";
import { answeredCount, bringsResultIntoView, hasLevel } from "./checklist-progress.js";
import { fillForm, findParts, markInvalid, noticeBoard, readForm, revealScripted, statusLine, unmarkInvalid } from "./form-view.js";
import { QUIET_MS, copyWithFeedback, engineStatus, latestReply, readPageConfig, registerWorkerWhenPaused, storageOrNull, whenParsed } from "./page-controller.js";
import { startPageEngine } from "./page-engine.js";
import { restorePlan } from "./restore.js";
import { pauseScheduler } from "./scheduler.js";
import { deferSearchWorker } from "./search-deferral.js";
import { keysFor, loadStoredAnswers, loadTicks, openStore } from "./storage.js";
import { fillText } from "./text.js";
import { tokyoNow } from "./tokyo-time.js";
import { verdictView } from "./verdict-view.js";

/** How long answering must pause before the address bar follows the answers. */
const ADDRESS_QUIET_MS = 400;
/** @type {Record<import("./types").BootStage, string>} */
const STAGE_TEXT = { download: "status.loading", python: "status.python", engine: "status.engine" };

export function startChecklist() {
  const found = readPageConfig("checker-config");
  if (!found) return;
  /** @type {import("./types").PageConfig} */
  const config = found.config;
  const siteBase = found.siteBase;
  const fromDisk = location.protocol === "file:";
  const html = document.documentElement.dataset;
  const scheduler = pauseScheduler({ quietMs: QUIET_MS });
  /** @type {ReturnType<typeof checklistForm> | null} */
  let page = null;
  let restarts = 0;

  const engine = startPageEngine(config.engine, siteBase, {
    whenPaused: scheduler.whenPaused,
    onProgress(progress) {
      html.checkerBytes = progress.received + "/" + progress.expected;
      page?.progress(progress);
    },
    onState(state, info) {
      if (state === "ready") {
        if (!html.checkerEngine) performance.mark("naitei:engine-ready");
        html.checkerStart = info.restored ? "restored" : "fresh";
        html.checkerEngine = "ready";
      } else if (state === "failed") {
        html.checkerEngine = "failed";
        console.warn("checker engine stopped:", info.error);
        if (info.willRestart) html.checkerRestarts = String((restarts += 1));
        html.checkerRestarting = String(Boolean(info.willRestart)); // "false": this failure is final
      }
      if (state !== "loading") scheduler.open();
      page?.engineChanged();
    },
  });
  if (!fromDisk) deferSearchWorker(scheduler.whenPaused);
  registerWorkerWhenPaused(scheduler.whenPaused, siteBase);
  whenParsed(() => {
    const parts = findParts();
    if (!parts) return;
    page = checklistForm(parts, config, engine, scheduler);
    page.engineChanged();
  });
}

/**
 * The form wired to the engine.
 * @param {import("./form-view.js").Parts} parts @param {import("./types").PageConfig} config
 * @param {import("./engine-client.js").EngineClient} engine @param {ReturnType<typeof pauseScheduler>} scheduler
 */
function checklistForm(parts, config, engine, scheduler) {
  const ui = config.ui;
  const codec = answerCodec(config);
  const keys = keysFor(codec.version);
  const area = storageOrNull(() => window.localStorage);
  const store = openStore(area);
  const setNotice = noticeBoard(parts.notice, config.sentenceGap);
  const status = statusLine(parts.status, ui);
  const current = () => readForm(parts.form, codec.questionIds);
  const addressPause = pauseScheduler({ quietMs: ADDRESS_QUIET_MS });
  addressPause.open();
  const address = pageAddress(() => codec.toFragment(current()), addressPause);
  /** @param {boolean} saved after a write: if it failed, answers will not be kept */
  const noteSaved = (saved) => { if (!saved) setNotice("storage", ui["status.no_storage"]); };
  const view = verdictView({
    verdict: parts.verdict,
    config,
    ticks: () => loadTicks(store, keys.ticks),
    onTick(id, ticked) {
      const ticks = loadTicks(store, keys.ticks);
      if (ticked) ticks[id] = true;
      else delete ticks[id];
      noteSaved(store.write(keys.ticks, ticks));
    },
  });
  const replies = latestReply();
  const engineLine = engineStatus(status); // a restart keeps the failure shown until the engine is back
  const questionOrder = codec.questionIds;
  const scoringIds = [...parts.form.querySelectorAll("fieldset[data-scoring] input[type=radio]")]
    .map((input) => /** @type {HTMLInputElement} */ (input).name)
    .filter((name, index, names) => names.indexOf(name) === index);
  /** The answers as last shown (to tell which change completed the scoring questions). */
  let shownAnswers = current();
  /** Set when an answer completed the form: the next verdict is brought into view. */
  let revealNext = false;

  async function refresh() {
    const answers = current();
    const ticket = replies.next();
    if (!hasLevel(answers, scoringIds)) { // no level before a scoring answer
      view.waiting();
      revealNext = false;
      return;
    }
    if (engine.state !== "ready") return;
    let result;
    try {
      result = /** @type {import("./types").EngineResult | import("./types").EngineError} */ (
        await engine.call("evaluate", [answers, config.lang]));
    } catch (error) {
      return; // the engine stopped: its state says so, and the answers stay on the form
    }
    if ("error" in result) {
      if (replies.isLatest(ticket)) setNotice("engine", result.error);
      return;
    }
    if (!replies.isLatest(ticket)) return; // a newer answer is already on its way
    // The next call window goes into the verdict only once it is known (asked for when the
    // engine is ready), never added afterwards: the verdict changes, and is announced, once.
    const when = callWindowNow();
    view.render(result, answers, Object.fromEntries(config.callWindowSteps.map((id) => [id, when])));
    if (revealNext) {
      revealNext = false;
      showResult(false);
    }
  }

  /** Scroll to the result; `focus` only when the reader asked for it (never while answering).
   * @param {boolean} focus */
  function showResult(focus) {
    scrollToTop(parts.verdict);
    if (focus) {
      parts.verdict.tabIndex = -1;
      parts.verdict.focus({ preventScroll: true });
    }
  }

  /** Scroll to a question and put the keyboard on its chosen (or first) option.
   * @param {string} id */
  function goToQuestion(id) {
    const radios = /** @type {HTMLInputElement[]} */ ([...parts.form.querySelectorAll(`input[name="${id}"]`)]);
    const radio = radios.find((r) => r.checked) || radios[0];
    if (!radio) return;
    const fieldset = radio.closest("fieldset");
    if (fieldset) scrollToTop(fieldset);
    radio.focus({ preventScroll: true });
  }

  /** Scroll `node` to the top of the screen at once, then again a frame later: the questions
   * between are laid out only when passed (content-visibility), so the first jump can land
   * short by their estimated heights. @param {Element} node */
  function scrollToTop(node) {
    node.scrollIntoView({ block: "start" });
    requestAnimationFrame(() => node.scrollIntoView({ block: "start" }));
  }

  /** The progress line and the "check your answers" list, for `answers`.
   * @param {Record<string, string>} answers */
  function showProgress(answers) {
    const answered = answeredCount(answers, questionOrder);
    const line = fillText(ui["progress.line"], { answered, total: questionOrder.length });
    if (parts.progress && parts.progress.textContent !== line) parts.progress.textContent = line; // announced once per change
    if (!parts.answers) return;
    parts.answers.hidden = answered === 0;
    for (const question of config.questions) {
      const shown = parts.answers.querySelector(`[data-question="${question.id}"] [data-answer]`);
      const text = (answers[question.id] && question.labels[answers[question.id]]) || ui["print.unanswered"];
      if (shown && shown.textContent !== text) shown.textContent = text;
    }
  }

  /** The next call window in words, computed by the engine for this minute in Japan ("" when
   * it cannot be: the step keeps its words, and the call page has the plan). */
  let callWindow = { minute: "", text: "", asking: false };
  /** The window for this minute if known; else "" and it is asked for, for the next verdict. */
  function callWindowNow() {
    const minute = tokyoNow(new Date());
    if (callWindow.minute !== minute) askCallWindow(minute);
    return callWindow.text;
  }
  /** @param {string} minute */
  async function askCallWindow(minute) {
    if (callWindow.asking || !config.callWindowSteps.length) return;
    callWindow.asking = true;
    try {
      const plan = /** @type {import("./types").CallPlan | import("./types").CallPlanError} */ (
        await engine.call("plan", [{}, config.lang, minute, false]));
      callWindow = { minute, text: "error" in plan ? "" : plan.headline, asking: false };
      document.documentElement.dataset.callWindow = "ready";
    } catch (error) {
      callWindow.asking = false; // the step keeps its words; the call page has the plan
    }
  }

  /** @param {Event} event */
  function onAnswerChanged(event) {
    const target = /** @type {HTMLInputElement | null} */ (event.target);
    if (target && target.name) unmarkInvalid(target.name);
    const answers = current();
    if (target && target.name && bringsResultIntoView({ before: shownAnswers, after: answers,
      changed: target.name, order: questionOrder, scoringIds })) revealNext = true;
    shownAnswers = answers;
    refresh(); // the engine starts on the new answers before the bookkeeping below
    scheduler.poke();
    showProgress(answers);
    noteSaved(store.write(keys.answers, { answers }));
    const fragment = codec.toFragment(answers);
    updateLanguageLinks(fragment);
    address.remember(fragment);
    address.updateSoon();
  }

  /** Forget every answer and tick, of every rules version, on the page and in storage. */
  function clearAnswers() {
    fillForm(parts.form, {});
    for (const id of codec.questionIds) unmarkInvalid(id);
    store.clear();
    address.clear();
    updateLanguageLinks("");
    setNotice("restore", "");
    shownAnswers = {};
    refresh();
    showProgress({});
  }

  /** Clear every answer and go back to the first question. */
  function startAgain() {
    clearAnswers();
    goToQuestion(questionOrder[0]);
  }

  function copyLink() {
    const link = location.href.split("#")[0] + codec.toFragment(current());
    if (parts.link) { // shown at once, whether or not the clipboard accepts it
      parts.link.value = link;
      parts.link.hidden = false;
    }
    const button = /** @type {HTMLElement} */ (parts.action("copy"));
    copyWithFeedback(link, { button, region: parts.actionMessage, box: parts.link },
      { done: ui["copied"], manual: ui["copy.manual"] || "", manualLabel: ui["copy.manual_label"] });
  }

  /** Answers from the link if it carries any (else from storage; restore.js decides); nothing
   * is written here. */
  function restore() {
    const plan = restorePlan({ hash: location.hash, remembered: address.remembered(),
      parse: codec.parseFragment, stored: loadStoredAnswers(store, codec), toFragment: codec.toFragment });
    if (plan.address !== null) address.replace(plan.address);
    address.remember(plan.remember);
    fillForm(parts.form, plan.answers);
    markInvalid(plan.invalid, ui["notice.bad_value"]);
    if (plan.fragment !== null) updateLanguageLinks(plan.fragment);
    /** @type {Record<import("./restore.js").RestoreNotice, string>} */
    const told = { unreadable_link: ui["notice.unreadable_link"], bad_link: ui["notice.bad_link"],
      unreadable_storage: ui["notice.unreadable_storage"], bad_storage: ui["notice.bad_storage"],
      old_version: ui["notice.old_version"] };
    setNotice("restore", plan.notices.map((notice) => told[notice]).join(config.sentenceGap));
    if (!store.writable) setNotice("storage", ui["status.no_storage"]);
  }

  revealScripted(parts.form);
  restore();
  shownAnswers = current();
  showProgress(shownAnswers);
  parts.form.addEventListener("change", onAnswerChanged);
  parts.form.addEventListener("submit", (event) => event.preventDefault());
  parts.action("clear")?.addEventListener("click", clearAnswers);
  parts.action("copy")?.addEventListener("click", copyLink);
  parts.action("print")?.addEventListener("click", () => window.print());
  parts.restart?.addEventListener("click", startAgain);
  parts.jump?.addEventListener("click", (event) => {
    event.preventDefault(); // the address keeps the answers, not an anchor
    showResult(true);
  });
  parts.answers?.addEventListener("click", (event) => {
    const link = /** @type {HTMLElement} */ (event.target).closest("a[data-change]");
    if (!(link instanceof HTMLAnchorElement)) return;
    event.preventDefault(); // the address keeps the answers, not an anchor
    goToQuestion(link.dataset.change || "");
  });

  // For tests and the curious: the page's own parser (no other file relies on it).
  Object.defineProperty(window, "NaiteiChecklist", {
    value: Object.freeze({
      parseFragment: codec.parseFragment,
      toFragment: codec.toFragment,
      loadStoredAnswers: () => loadStoredAnswers(openStore(area), codec),
    }),
  });

  return {
    /** While the engine starts (not while a restart keeps the failure shown).
     * @param {import("./types").EngineProgress} progress */
    progress(progress) {
      if (engineLine.shown !== "loading") return;
      status.set(STAGE_TEXT[progress.stage], "loading");
      status.progress(progress.received, progress.expected);
    },
    /** Show the engine's state; a verdict as soon as it is ready (again). */
    engineChanged() {
      if (!engineLine.show(engine.state) || engine.state !== "ready") return;
      refresh();
      callWindowNow();
    },
  };
}
