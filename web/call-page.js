/* The call page: when to phone (the plan, from the engine, at the time in Japan now), "add to
 * calendar", and the script one step at a time, the reader tapping what the company said.
 *
 * The details are the composer's (the same store and field ids: typed once, on either page),
 * kept in this browser only, never in the link. The position in the script is kept for this
 * tab (sessionStorage), as the answers tapped, replayed against the script on reload. Until the
 * engine is ready, and if it fails, the whole script rendered at build time reads as before.
 * Nothing here inserts HTML. */
import { back, finished, hear, here, replay, startWalk } from "./call-walk.js";
import { findCallParts, renderPlan, renderStep } from "./call-view.js";
import { noticeBoard, statusLine } from "./form-view.js";
import { QUIET_MS, downloadText, engineStatus, latestReply, readPageConfig, registerWorkerWhenPaused, say, storageOrNull, whenParsed } from "./page-controller.js";
import { startPageEngine } from "./page-engine.js";
import { pauseScheduler, whenPausedOnce } from "./scheduler.js";
import { COMPOSER_PREFIX, DETAILS_KEY, loadStoredDetails, openStore } from "./storage.js";
import { tokyoNow } from "./tokyo-time.js";

/** How long typing must pause before the plan follows. */
const PLAN_PAUSE_MS = 400;
/** This tab's place in the script: the answers tapped. */
export const WALK_KEY = "naitei-call/walk";

export function startCallPage() {
  const found = readPageConfig("call-config");
  if (!found) return;
  /** @type {import("./types").CallConfig} */
  const config = found.config;
  const html = document.documentElement.dataset;
  const background = pauseScheduler({ quietMs: QUIET_MS });
  const store = openStore(storageOrNull(() => window.localStorage), COMPOSER_PREFIX);
  /** @type {ReturnType<typeof callPage> | null} */
  let page = null;
  html.callEngine = "loading";
  const engine = startPageEngine(config.engine, found.siteBase, {
    whenPaused: background.whenPaused,
    onProgress: (progress) => page?.progress(progress),
    onState(state, info) {
      if (state === "failed") console.warn("call engine stopped:", info.error);
      html.callEngine = state;
      if (state !== "loading") background.open();
      page?.engineChanged();
    },
  });
  registerWorkerWhenPaused(background.whenPaused, found.siteBase);
  whenParsed(() => {
    const parts = findCallParts();
    if (!parts) return;
    page = callPage(parts, config, store, engine);
    page.engineChanged();
  });
}

/**
 * @param {import("./call-view.js").CallParts} parts @param {import("./types").CallConfig} config
 * @param {import("./storage.js").Store} store @param {import("./engine-client.js").EngineClient} engine
 */
function callPage(parts, config, store, engine) {
  const ui = config.ui;
  const formIds = [...parts.form.querySelectorAll("input[name]")].map((input) => /** @type {HTMLInputElement} */ (input).name);
  const setNotice = noticeBoard(parts.notice, config.sentenceGap);
  const line = statusLine(parts.status, ui);
  const status = engineStatus(line);
  const replies = latestReply();
  const pauses = pauseScheduler({ quietMs: PLAN_PAUSE_MS });
  const planSoon = whenPausedOnce(pauses, () => refresh());
  const tab = storageOrNull(() => window.sessionStorage);
  /** @type {import("./types").CallPlan | null} */
  let plan = null;
  /** @type {import("./call-walk.js").Walk | null} */
  let walk = null;

  /** Every saved detail (the composer's too), with `changes` over them, saved back.
   * @param {Record<string, string>} changes */
  function saveDetails(changes) {
    const details = { ...loadStoredDetails(store, config.fields).details, ...changes };
    if (!store.write(DETAILS_KEY, { details })) setNotice("storage", ui["storage.none"]);
    return details;
  }

  function formDetails() {
    /** @type {Record<string, string>} */
    const details = {};
    for (const id of formIds) details[id] = /** @type {HTMLInputElement} */ (parts.form.elements.namedItem(id)).value;
    return details;
  }

  async function refresh() {
    if (engine.state !== "ready") return;
    const details = loadStoredDetails(store, config.fields).details;
    Object.assign(details, formDetails()); // what is on the form, even where storage is blocked
    const ticket = replies.next();
    let result;
    try {
      result = /** @type {import("./types").CallPlan | import("./types").CallPlanError} */ (
        await engine.call("plan", [details, config.lang, tokyoNow(new Date()), true]));
    } catch (error) {
      return; // the engine stopped: its state says so, and the static script stays
    }
    if (!replies.isLatest(ticket)) return;
    if ("error" in result) {
      setNotice("engine", ui["plan.refused"]);
      return;
    }
    setNotice("engine", "");
    plan = result;
    renderPlan(parts, plan);
    walk = replay(plan.script, walk ? walk.heard : storedWalk());
    showStep(false);
    document.documentElement.dataset.callShown = "plan";
  }

  /** The answers tapped in this tab, as stored. */
  function storedWalk() {
    try {
      return JSON.parse(tab?.getItem(WALK_KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  /** @param {boolean} moved the reader tapped: their focus follows to the new step */
  function showStep(moved) {
    if (!plan || !walk) return;
    renderStep(parts, plan.script, here(walk), walk.nodes.length, ui, config.emails, config.lang);
    parts.walk.dataset.finished = String(finished(plan.script, walk));
    try {
      tab?.setItem(WALK_KEY, JSON.stringify(walk.heard));
    } catch (error) { /* this tab cannot keep the place: it starts again on reload */ }
    if (moved) {
      parts.title.focus({ preventScroll: true });
      parts.walk.scrollIntoView({ block: "start" });
    }
  }

  /** @param {(walk: import("./call-walk.js").Walk) => import("./call-walk.js").Walk} step */
  function move(step) {
    if (!plan || !walk) return;
    walk = step(walk);
    showStep(true);
  }

  function onDetailsChanged() {
    saveDetails(formDetails());
    say(parts.formMessage, "");
    planSoon();
  }

  function clearDetails() {
    for (const id of formIds) /** @type {HTMLInputElement} */ (parts.form.elements.namedItem(id)).value = "";
    /** @type {Record<string, string>} */
    const blank = Object.fromEntries(formIds.map((id) => [id, ""]));
    saveDetails(blank);
    say(parts.formMessage, ui["form.cleared"]);
    refresh();
  }

  function addToCalendar() {
    if (!plan || !plan.ics) return;
    downloadText(plan.ics, ui["plan.calendar_file"], "text/calendar;charset=utf-8");
    say(parts.actionMessage, ui["plan.calendar_saved"]);
  }

  const saved = loadStoredDetails(store, config.fields);
  for (const id of formIds) {
    /** @type {HTMLInputElement} */ (parts.form.elements.namedItem(id)).value = saved.details[id] || "";
  }
  if (!store.writable) setNotice("storage", ui["storage.none"]);
  for (const hidden of document.querySelectorAll("[data-call-companion] [data-needs-js]")) {
    /** @type {HTMLElement} */ (hidden).hidden = false;
  }
  pauses.open();
  parts.form.addEventListener("input", onDetailsChanged);
  parts.form.addEventListener("submit", (event) => event.preventDefault());
  parts.action("clear")?.addEventListener("click", clearDetails);
  parts.action("calendar")?.addEventListener("click", addToCalendar);
  parts.action("back")?.addEventListener("click", () => move(back));
  parts.action("restart")?.addEventListener("click", () => move(() => startWalk(/** @type {any} */ (plan).script)));
  parts.answers.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest("[data-answer]");
    if (button) move((current) => hear(/** @type {any} */ (plan).script, current, /** @type {HTMLElement} */ (button).dataset.answer || ""));
  });
  // the email this outcome calls for is chosen in the composer before the reader gets there
  parts.outcomeEmail.addEventListener("click", () => {
    const email = parts.outcomeEmail.dataset.email;
    if (email) saveDetails({ call_status: email });
  });

  return {
    /** @param {import("./types").EngineProgress} progress */
    progress(progress) {
      if (status.shown === "loading") line.progress(progress.received, progress.expected);
    },
    engineChanged() {
      if (status.show(engine.state) && engine.state === "ready") refresh();
    },
  };
}
