/* The templates page's composer: the reader's details -> the Japanese email and phone notes,
 * drafted by the engine (checker.browser.compose_json) a moment after the reader pauses.
 *
 * The details are kept in this browser only (never sent, never in the link); "clear" forgets
 * them. The engine (the checklist's, in the same folder) starts when the reader turns to the
 * form, comes back with details saved, or arrives at the composer's heading: a reader who only
 * reads the models loads no Pyodide byte. Until it is ready, and if it fails, the draft for
 * blank details rendered at build time stays, with the models below it. Nothing here inserts
 * HTML. */
import { mailtoLink, textFile, unfilledText } from "./composer-text.js";
import { clearFieldErrors, clearFieldNotices, fillDetails, findComposer, readDetails, renderDraft, revealComposer, shownTexts, showFieldError, showFieldNotice } from "./composer-view.js";
import { localIsoDate } from "./dates.js";
import { noticeBoard, statusLine } from "./form-view.js";
import { QUIET_MS, copyWithFeedback, downloadText, engineStatus, latestReply, readPageConfig, registerWorkerWhenPaused, say, storageOrNull, whenParsed } from "./page-controller.js";
import { startPageEngine } from "./page-engine.js";
import { restorePlan } from "./restore.js";
import { pauseScheduler, whenPausedOnce } from "./scheduler.js";
import { COMPOSER_PREFIX, DETAILS_KEY, loadStoredDetails, openStore } from "./storage.js";

/** How long typing must pause before the draft follows. */
const DRAFT_PAUSE_MS = 400;

/** The section heading the composer sits under (the verdict's link points at it).
 * @param {HTMLElement} root */
function sectionHeading(root) {
  for (let node = root.previousElementSibling; node; node = node.previousElementSibling) {
    if (node.tagName === "H2") return node;
  }
  return null;
}

export function startComposer() {
  const found = readPageConfig("composer-config");
  if (!found) return;
  /** @type {import("./types").ComposerConfig} */
  const config = found.config;
  const siteBase = found.siteBase;
  const html = document.documentElement.dataset;
  const background = pauseScheduler({ quietMs: QUIET_MS });
  const ids = config.fields.map((field) => field.id);
  const store = openStore(storageOrNull(() => window.localStorage), COMPOSER_PREFIX);
  /** @type {ReturnType<typeof composerForm> | null} */
  let page = null;
  /** @type {import("./engine-client.js").EngineClient | null} */
  let engine = null;

  /** Start the engine, once. */
  function startEngine() {
    if (engine) return;
    html.composerEngine = "loading";
    engine = startPageEngine(config.engine, siteBase, {
      whenPaused: background.whenPaused,
      onProgress: (progress) => page?.progress(progress),
      onState(state, info) {
        if (state === "failed") console.warn("composer engine stopped:", info.error);
        html.composerEngine = state;
        if (state !== "loading") background.open();
        page?.engineChanged();
      },
    });
  }

  const saved = loadStoredDetails(store, ids);
  if (Object.values(saved.details).some(Boolean)) startEngine(); // from the head: no wait
  else background.open(); // nothing to wait for: background work once the page is quiet
  registerWorkerWhenPaused(background.whenPaused, siteBase);
  whenParsed(() => {
    const parts = findComposer();
    if (!parts) return;
    page = composerForm(parts, config, store, saved, () => engine, startEngine, background);
    const heading = sectionHeading(parts.root);
    if (heading && location.hash === "#" + heading.id) startEngine();
    page.engineChanged();
  });
}

/**
 * The form wired to the engine.
 * @param {import("./composer-view.js").ComposerParts} parts
 * @param {import("./types").ComposerConfig} config @param {import("./storage.js").Store} store
 * @param {ReturnType<typeof loadStoredDetails>} saved what storage held when the page opened
 * @param {() => import("./engine-client.js").EngineClient | null} currentEngine
 * @param {() => void} startEngine @param {ReturnType<typeof pauseScheduler>} background
 */
function composerForm(parts, config, store, saved, currentEngine, startEngine, background) {
  const ui = config.ui;
  const ids = config.fields.map((field) => field.id);
  /** @type {Record<string, string>} */
  const labels = Object.fromEntries(config.fields.map((field) => [field.id, field.label]));
  const setNotice = noticeBoard(parts.notice, config.sentenceGap);
  const line = statusLine(parts.status, ui);
  const status = engineStatus(line);
  const replies = latestReply();
  const drafts = pauseScheduler({ quietMs: DRAFT_PAUSE_MS });
  const draftSoon = whenPausedOnce(drafts, () => refresh());
  let refused = false; // the last answer refused a detail
  let quietNext = Object.values(saved.details).some(Boolean); // restored: shown, not announced
  /** @param {boolean} written after a write: if it failed, details will not be kept */
  const noteSaved = (written) => { if (!written) setNotice("storage", ui["status.no_storage"]); };

  function updateSend() {
    const texts = Object.fromEntries(shownTexts(parts).map((p) => [p.part, p.text]));
    const link = mailtoLink(texts.subject || "", texts.email || "");
    if (parts.mailto) {
      parts.mailto.hidden = !link;
      if (link) parts.mailto.href = link.href;
    }
    if (parts.mailtoNote) {
      const note = !link ? ui["send.mailto_too_long"] : link.withBody ? "" : ui["send.mailto_subject_only"];
      say(parts.mailtoNote, note);
      parts.mailtoNote.hidden = !note;
    }
  }

  async function refresh() {
    const engine = currentEngine();
    if (!engine || engine.state !== "ready") return;
    const details = readDetails(parts.form, ids);
    const ticket = replies.next();
    let result;
    try {
      result = /** @type {import("./types").ComposeResult | import("./types").ComposeError} */ (
        await engine.call("compose", [details, config.lang, localIsoDate(new Date())]));
    } catch (error) {
      return; // the engine stopped: its state says so, and the details and the draft stay
    }
    if (!replies.isLatest(ticket)) return; // newer details are on their way
    clearFieldErrors(parts.root);
    if ("error" in result) { // the last good draft stays; the message goes beside the field
      const beside = result.field !== null && showFieldError(result.field, result.message);
      setNotice("engine", beside ? "" : result.message);
      say(parts.formMessage, result.message); // said once, politely, where the reader types
      refused = true;
      return;
    }
    setNotice("engine", "");
    if (refused) say(parts.formMessage, "");
    refused = false;
    clearFieldNotices(parts.root);
    for (const notice of result.notices) showFieldNotice(notice.field, notice.message);
    renderDraft(parts, result, unfilledText(result.unfilled, labels, ui), { quiet: quietNext });
    quietNext = false;
    updateSend();
  }

  function onDetailsChanged() {
    startEngine();
    noteSaved(store.write(DETAILS_KEY, { details: readDetails(parts.form, ids) }));
    say(parts.formMessage, "");
    draftSoon();
    background.poke();
  }

  /** Forget the details, on the page and in storage. */
  function clearDetails() {
    fillDetails(parts.form, ids, {});
    clearFieldErrors(parts.root);
    clearFieldNotices(parts.root);
    store.clear();
    setNotice("restore", "");
    setNotice("engine", "");
    if (!store.writable) setNotice("storage", ui["status.no_storage"]);
    say(parts.formMessage, ui["form.cleared"]);
    refresh();
  }

  /** @param {HTMLElement} button a copy button, `data-copy` naming its part */
  function copyPart(button) {
    const part = button.dataset.copy || "";
    const entry = shownTexts(parts).find((p) => p.part === part);
    if (!entry) return;
    const box = parts.parts.find((p) => p.part === part)?.box || null;
    copyWithFeedback(entry.text, { button, region: parts.actionMessage, box },
      { done: ui["copy.done"], manual: ui["copy.manual"], manualLabel: ui["copy.manual_label"] });
  }

  function download() {
    const text = textFile(shownTexts(parts), config.gloss ? ui["send_note"] : "");
    downloadText(text, ui["send.file_name"], "text/plain;charset=utf-8");
  }

  /** The saved details back on the form (restore.js: the composer has no link, so storage),
   * with a notice for any that could not be. */
  function restore() {
    const plan = restorePlan({ hash: "", remembered: null, toFragment: () => "",
      parse: () => ({ answers: {}, dropped: 0, unreadable: false }),
      stored: { answers: saved.details, dropped: saved.dropped, unreadable: saved.unreadable } });
    const misfits = fillDetails(parts.form, ids, plan.answers);
    if (plan.notices.length || misfits.length) setNotice("restore", ui["notice.bad_storage"]);
    if (!store.writable) setNotice("storage", ui["status.no_storage"]);
  }

  revealComposer(parts.root);
  restore();
  drafts.open();
  const date = parts.form.querySelector("input[type=date]");
  if (date) date.setAttribute("max", localIsoDate(new Date()));
  parts.form.addEventListener("input", onDetailsChanged);
  parts.form.addEventListener("change", onDetailsChanged);
  parts.form.addEventListener("focusin", startEngine);
  parts.form.addEventListener("submit", (event) => event.preventDefault());
  parts.action("clear")?.addEventListener("click", clearDetails);
  parts.action("download")?.addEventListener("click", download);
  for (const button of parts.root.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => copyPart(/** @type {HTMLElement} */ (button)));
  }
  updateSend();

  return {
    /** While the engine starts (not while a restart keeps the failure shown).
     * @param {import("./types").EngineProgress} progress */
    progress(progress) {
      if (status.shown === "loading") line.progress(progress.received, progress.expected);
    },
    /** Show the engine's state; a draft as soon as it is ready (again). */
    engineChanged() {
      const engine = currentEngine();
      const state = engine ? engine.state : "idle";
      if (status.show(state) && state === "ready") refresh();
    },
  };
}
