/* The checklist page: restores answers, starts the Python engine, shows the verdict.
 *
 * Layers: the questions are plain HTML (readable and printable without JavaScript); this
 * script restores saved answers at once; the verdict comes from the engine (checker/ on
 * Pyodide) as soon as it has started. Nothing here inserts HTML: all text goes through
 * textContent, so nothing from the URL, storage or the engine can run as script. */
(function () {
  "use strict";

  const MAX_INPUT = 4096; // bytes of fragment or stored answers we are willing to read
  const BOOT_TIMEOUT_MS = 30000;

  const configElement = document.getElementById("checker-config");
  const form = document.querySelector("[data-checker-form]");
  const verdict = document.querySelector("[data-checker-verdict]");
  if (!configElement || !form || !verdict) return;

  const config = JSON.parse(configElement.textContent);
  const ui = config.ui;
  const statusBox = document.getElementById("checker-status");
  const noticeBox = document.getElementById("checker-notice");
  const questionOptions = new Map(config.questions.map((q) => [q.id, q.options]));
  const storagePrefix = "naitei-checker/";
  const storageKey = storagePrefix + "v" + config.rulesVersion + "/answers";
  const ticksKey = storagePrefix + "v" + config.rulesVersion + "/ticks";

  // ---------------------------------------------------------------- parsing (pure)
  //
  // A parse result: {answers, dropped, invalid, otherVersion, unreadable, present}. `answers`
  // holds only known question ids with known option ids; `dropped` counts what was left out;
  // `invalid` lists the known questions whose value was left out (their fields say so);
  // `otherVersion` says the answers were saved under other rules; `unreadable` that nothing
  // could be read at all (too long, not JSON, wrong shape).

  function emptyResult(extra) {
    const empty = { answers: {}, dropped: 0, invalid: [], otherVersion: false, unreadable: false, present: false };
    return Object.assign(empty, extra);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** Keep only known question ids with known option ids, from [key, value] pairs. */
  function sanitizeEntries(entries) {
    const answers = {};
    const invalid = [];
    let dropped = 0;
    for (const [key, value] of entries) {
      const options = questionOptions.get(key);
      const repeated = Object.prototype.hasOwnProperty.call(answers, key);
      if (options && typeof value === "string" && options.includes(value) && !repeated) {
        answers[key] = value;
      } else {
        dropped += 1;
        if (options && !invalid.includes(key)) invalid.push(key);
      }
    }
    for (const key of invalid) delete answers[key];
    return { answers, dropped, invalid };
  }

  /** Keep only known question ids with known option ids; report what was dropped. */
  function sanitize(candidate) {
    if (candidate == null) return emptyResult();
    if (!isPlainObject(candidate)) return emptyResult({ dropped: 1, unreadable: true });
    return emptyResult(sanitizeEntries(Object.entries(candidate)));
  }

  /** `#elapsed=days&quota=open&v=3` -> answers; unknown or malformed parts are dropped. */
  function parseFragment(hash) {
    const text = String(hash == null ? "" : hash).replace(/^#/, "");
    if (!text) return emptyResult();
    if (text.length > MAX_INPUT) return emptyResult({ dropped: 1, unreadable: true, present: true });
    const pairs = [];
    let versions = 0;
    let otherVersion = false;
    for (const [key, value] of new URLSearchParams(text)) {
      if (key === "v") {
        versions += 1;
        if (value !== String(config.rulesVersion)) otherVersion = true;
      } else {
        pairs.push([key, value]);
      }
    }
    // A bare "#section-id" is an ordinary anchor, not an answer link.
    if (!versions && !text.includes("=")) return emptyResult();
    const result = sanitizeEntries(pairs);
    return emptyResult({
      answers: result.answers,
      invalid: result.invalid,
      dropped: result.dropped + Math.max(versions - 1, 0),
      otherVersion: otherVersion,
      present: true,
    });
  }

  function toFragment(answers) {
    const params = new URLSearchParams();
    for (const q of config.questions) if (answers[q.id]) params.set(q.id, answers[q.id]);
    params.set("v", String(config.rulesVersion));
    return "#" + params.toString();
  }

  // ---------------------------------------------------------------- storage

  /** localStorage if this page may read it (null if not), and whether a write succeeds. */
  const store = (function () {
    let area = null;
    try {
      area = window.localStorage;
      area.getItem(storagePrefix + "probe");
    } catch (error) {
      return { area: null, writable: false };
    }
    try {
      area.setItem(storagePrefix + "probe", "1");
      area.removeItem(storagePrefix + "probe");
      return { area: area, writable: true };
    } catch (error) {
      return { area: area, writable: false }; // full, or read-only: read what is there
    }
  })();
  const storage = store.area;

  /** null when nothing is stored under `key`; {bad: true} when it cannot be read. */
  function readStored(key) {
    if (!storage) return null;
    try {
      const raw = storage.getItem(key);
      if (raw == null) return null;
      if (raw.length > MAX_INPUT) return { bad: true };
      return { value: JSON.parse(raw) };
    } catch (error) {
      return { bad: true };
    }
  }

  function writeStored(key, value) {
    if (!storage) return false;
    try {
      storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  /** Our keys in storage (every rules version), or [] when storage cannot be listed. */
  function ownKeys() {
    const keys = [];
    try {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key && key.startsWith(storagePrefix)) keys.push(key);
      }
    } catch (error) { /* unreadable storage: nothing of ours */ }
    return keys;
  }

  /** The answers key of the newest other rules version, if any. */
  function otherVersionKey() {
    const pattern = /^naitei-checker\/v([^/]{1,32})\/answers$/;
    const keys = ownKeys().filter((key) => pattern.test(key) && key !== storageKey);
    const version = (key) => pattern.exec(key)[1];
    keys.sort((a, b) => version(a).localeCompare(version(b), "en", { numeric: true }));
    return keys.length ? keys[keys.length - 1] : null;
  }

  /** Saved answers of this rules version, else of the newest other version (with a notice). */
  function loadStoredAnswers() {
    if (!storage) return emptyResult();
    let stored = readStored(storageKey);
    let otherVersion = false;
    if (!stored) {
      const key = otherVersionKey();
      stored = key ? readStored(key) : null;
      otherVersion = Boolean(stored);
    }
    if (!stored) return emptyResult();
    const answers = !stored.bad && isPlainObject(stored.value) ? stored.value.answers : undefined;
    if (!isPlainObject(answers)) {
      return emptyResult({ dropped: 1, unreadable: true, otherVersion: otherVersion });
    }
    return emptyResult(Object.assign(sanitizeEntries(Object.entries(answers)), { otherVersion: otherVersion }));
  }

  // ---------------------------------------------------------------- form state

  function readForm() {
    const answers = {};
    for (const q of config.questions) {
      const checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) answers[q.id] = checked.value;
    }
    return answers;
  }

  function fillForm(answers) {
    for (const input of form.querySelectorAll("input[type=radio]")) {
      input.checked = answers[input.name] === input.value;
    }
  }

  // Notices by topic: "restore" (what a link or storage held) and "storage" (cannot save).
  const notices = new Map();

  function setNotice(topic, text) {
    if (text) notices.set(topic, text);
    else notices.delete(topic);
    if (!noticeBox) return;
    const joined = [...notices.values()].join(" ");
    if (noticeBox.textContent !== joined) noticeBox.textContent = joined;
    noticeBox.hidden = !joined;
  }

  /** Under each question whose value in a link or storage was unusable, say so, tied to it. */
  function markInvalid(ids) {
    for (const id of ids) {
      const fieldset = document.getElementById("question-" + id);
      if (!fieldset || document.getElementById("error-" + id)) continue;
      const message = element("p", { class: "checker-question__error", id: "error-" + id },
        ui["notice.bad_value"]);
      const hint = fieldset.querySelector(".checker-question__hint");
      if (hint) hint.after(message);
      else fieldset.append(message);
      const described = (fieldset.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      fieldset.setAttribute("aria-describedby", described.concat("error-" + id).join(" "));
    }
  }

  function unmarkInvalid(id) {
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

  function setStatus(key, state) {
    if (!statusBox) return;
    statusBox.dataset.state = state;
    const label = statusBox.querySelector("[data-status-text]") || statusBox;
    label.textContent = ui[key] || "";
    const progress = statusBox.querySelector("progress");
    if (progress) progress.hidden = state !== "loading";
  }

  /** Keep the answers when the reader switches language. */
  function updateLanguageLinks(fragment) {
    for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
      const url = new URL(link.getAttribute("href"), location.href);
      url.hash = fragment;
      link.setAttribute("href", url.href);
    }
  }

  // ---------------------------------------------------------------- verdict rendering

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text != null) node.textContent = text;
    return node;
  }

  /** The link resolved at build time ({href, title}), or null for an unknown one. */
  function docLink(link) {
    const links = config.links || {};
    return typeof link === "string" && Object.prototype.hasOwnProperty.call(links, link)
      ? links[link] : null;
  }

  /** "Read more in “Step by step”": the title of the heading the link leads to. */
  function moreText(target) {
    if (target.title && ui["verdict.more_in"]) return ui["verdict.more_in"].replace("{page}", target.title);
    return ui["verdict.more"] || "→";
  }

  function messageItem(message) {
    const item = element("li", { "data-id": message.id });
    if (message.effect) item.dataset.effect = message.effect;
    item.append(element("span", {}, message.text));
    const target = docLink(message.link);
    if (target) {
      item.append(" ");
      item.append(element("a", { href: target.href }, moreText(target)));
    }
    return item;
  }

  function loadTicks() {
    const stored = readStored(ticksKey);
    const ticks = {};
    if (stored && !stored.bad && isPlainObject(stored.value)) {
      for (const [id, ticked] of Object.entries(stored.value)) if (ticked === true) ticks[id] = true;
    }
    return ticks;
  }

  function stepsList(steps) {
    const ticks = loadTicks();
    const list = element("ul", { class: "checker-steps" });
    for (const step of steps) {
      const item = messageItem(step);
      const id = "step-" + step.id;
      const box = element("input", { type: "checkbox", id: id });
      box.checked = ticks[step.id] === true;
      box.addEventListener("change", () => {
        const current = loadTicks();
        if (box.checked) current[step.id] = true;
        else delete current[step.id];
        noteSaved(writeStored(ticksKey, current));
      });
      const label = element("label", { for: id }, step.text);
      item.replaceChildren(box, label);
      const target = docLink(step.link);
      if (target) item.append(" ", element("a", { href: target.href }, moreText(target)));
      list.append(item);
    }
    return list;
  }

  function section(titleKey, list) {
    const wrapper = element("div", { class: "checker-verdict__section" });
    wrapper.append(element("h3", {}, ui[titleKey]), list);
    return wrapper;
  }

  /** `node` marked with what it shows, so an unchanged part can be recognised next time. */
  function keyed(node, shown) {
    node.dataset.key = JSON.stringify(shown);
    return node;
  }

  /** Put `parts` in `container`, keeping each old part whose content is unchanged: the browser
   * then neither lays it out nor announces it again (this keeps a verdict within one frame). */
  function updateParts(container, parts) {
    const old = [...container.children];
    parts.forEach((part, index) => {
      const current = old[index];
      if (!current) container.append(part);
      else if (current.dataset.key !== part.dataset.key) current.replaceWith(part);
    });
    old.slice(parts.length).forEach((node) => node.remove());
  }

  function renderVerdict(result, answers) {
    verdict.setAttribute("aria-busy", "true");
    verdict.dataset.level = result.level;
    const parts = [];
    const heading = element("h2", { class: "checker-verdict__level", id: "checker-verdict-heading" });
    heading.append(element("span", { class: "checker-verdict__icon", "aria-hidden": "true" }, ui["level.icon." + result.level] || ""));
    heading.append(" ", element("span", {}, result.level_label));
    parts.push(keyed(element("p", { class: "checker-verdict__kicker" }, ui["verdict.heading"]), "kicker"));
    parts.push(keyed(heading, [result.level, result.level_label]));
    parts.push(keyed(element("p", { class: "checker-verdict__summary" }, result.summary), result.summary));
    if (result.unanswered && result.unanswered.length) {
      const labels = result.unanswered_labels || result.unanswered;
      parts.push(keyed(element("p", { class: "checker-verdict__unanswered" },
        ui["form.unanswered"] + ": " + labels.join(ui["form.list_separator"])), labels));
    }
    if (result.warnings && result.warnings.length) {
      const list = element("ul", { class: "checker-warnings" });
      result.warnings.forEach((w) => list.append(messageItem(w)));
      parts.push(keyed(section("verdict.warnings", list), result.warnings));
    }
    const reasons = element("ul", { class: "checker-reasons" });
    result.reasons.forEach((r) => reasons.append(messageItem(r)));
    parts.push(keyed(section("verdict.reasons", reasons), result.reasons));
    parts.push(keyed(section("verdict.steps", stepsList(result.steps)), result.steps));
    const disclaimer = result.disclaimer || ui["verdict.disclaimer"];
    parts.push(keyed(element("p", { class: "checker-verdict__disclaimer" }, disclaimer), disclaimer));
    parts.push(keyed(printSummary(answers), answers));
    updateParts(verdict, parts);
    verdict.removeAttribute("aria-busy");
  }

  /** YYYY-MM-DD in local time: clear in both languages, and without Intl, whose first use
   * costs tens of milliseconds on a cold page. */
  function isoDate(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  /** Shown only on paper: the answers, the date and the rules version. */
  function printSummary(answers) {
    const box = element("div", { class: "checker-print-only" });
    const list = element("dl");
    for (const q of config.questions) {
      list.append(element("dt", {}, q.text));
      const option = q.labels && answers[q.id] ? q.labels[answers[q.id]] : null;
      list.append(element("dd", {}, option || ui["print.unanswered"] || "—"));
    }
    const date = isoDate(new Date());
    box.append(list, element("p", {}, ui["print.date"] + " " + date + " · " + ui["print.version"] + " " + config.rulesVersion));
    return box;
  }

  // ---------------------------------------------------------------- the engine
  // Started from the page head by engine-start.js, so Python boots while the page renders.

  function withTimeout(promise, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out")), ms);
      promise.then((value) => { clearTimeout(timer); resolve(value); },
                   (error) => { clearTimeout(timer); reject(error); });
    });
  }

  // ---------------------------------------------------------------- wiring

  let engine = null;
  let engineReady = false;
  let latest = 0;

  async function refresh() {
    const answers = readForm();
    if (!engineReady) return;
    latest += 1;
    const ticket = latest;
    const result = JSON.parse(await engine.evaluate(answers));
    if (ticket !== latest) return; // a newer answer is already on its way
    if (result.error) {
      setNotice("engine", result.error);
    } else {
      renderVerdict(result, answers);
      verdict.dataset.ready = "true";
    }
  }

  /** After a write: if it failed, tell the reader that answers will not be kept. */
  function noteSaved(saved) {
    if (!saved) setNotice("storage", ui["status.no_storage"]);
  }

  function onAnswerChanged(event) {
    if (event && event.target && event.target.name) unmarkInvalid(event.target.name);
    refresh(); // the engine starts on the new answers before the bookkeeping below
    const answers = readForm();
    noteSaved(writeStored(storageKey, { answers: answers }));
    const fragment = toFragment(answers);
    updateLanguageLinks(fragment);
    rememberAddress(fragment);
    updateAddressSoon();
  }

  // The address carries the answers too, but history.replaceState costs several milliseconds,
  // so it follows once the new verdict has been painted. A reload in between would find the
  // older address: this tab's latest one is also kept in sessionStorage, which a reload reads.
  const ADDRESS_KEY = "naitei-checker/address";
  let addressPending = false;

  function rememberAddress(fragment) {
    try {
      sessionStorage.setItem(ADDRESS_KEY, fragment);
    } catch (error) {
      // no session storage: a reload right after an answer may show the one before
    }
  }

  /** This tab's latest address when the page is reloaded (or reached by back/forward). */
  function rememberedAddress() {
    const navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (!navigation || (navigation.type !== "reload" && navigation.type !== "back_forward")) return null;
    try {
      return sessionStorage.getItem(ADDRESS_KEY);
    } catch (error) {
      return null;
    }
  }

  function updateAddress() {
    if (!addressPending) return;
    addressPending = false;
    history.replaceState(null, "", toFragment(readForm()));
  }

  function updateAddressSoon() {
    if (addressPending) return;
    addressPending = true;
    requestAnimationFrame(() => setTimeout(updateAddress, 0));
  }

  window.addEventListener("pagehide", updateAddress);

  /** Forget every answer and tick, of every rules version, on the page and in storage. */
  function clearAnswers() {
    fillForm({});
    for (const id of questionOptions.keys()) unmarkInvalid(id);
    if (storage) {
      for (const key of ownKeys()) {
        try {
          storage.removeItem(key);
        } catch (error) { /* nothing to clear */ }
      }
    }
    history.replaceState(null, "", location.pathname + location.search);
    rememberAddress("");
    addressPending = false;
    updateLanguageLinks("");
    setNotice("restore", "");
    refresh();
  }

  async function copyLink() {
    const link = location.href.split("#")[0] + toFragment(readForm());
    const output = document.getElementById("checker-link");
    if (output) { // shown at once, whether or not the clipboard accepts it
      output.value = link;
      output.hidden = false;
    }
    try {
      await navigator.clipboard.writeText(link);
      setActionMessage(ui["copied"]);
    } catch (error) {
      if (output) output.select();
      setActionMessage(ui["copy.manual"] || "");
    }
  }

  function setActionMessage(text) {
    const box = document.getElementById("checker-action-message");
    if (box) box.textContent = text;
  }

  /** Answers from the link if it carries any (else from storage); nothing is written here. */
  function restore() {
    const remembered = rememberedAddress();
    if (remembered !== null && remembered !== location.hash) {
      history.replaceState(null, "", remembered || location.pathname + location.search);
    }
    const fromLink = parseFragment(location.hash);
    const useLink = fromLink.present && !fromLink.unreadable;
    const source = useLink ? fromLink : loadStoredAnswers();
    rememberAddress(useLink ? location.hash : "");
    fillForm(source.answers);
    markInvalid(source.invalid);
    if (useLink) updateLanguageLinks(toFragment(source.answers));
    const said = [];
    if (fromLink.unreadable) said.push(ui["notice.unreadable_link"]);
    if (!useLink && source.unreadable) said.push(ui["notice.unreadable_storage"]);
    else if (source.otherVersion) said.push(ui["notice.old_version"]);
    if (source.dropped && !source.unreadable) said.push(ui[useLink ? "notice.bad_link" : "notice.bad_storage"]);
    setNotice("restore", said.join(" "));
    if (!store.writable) setNotice("storage", ui["status.no_storage"]);
  }

  function start() {
    document.documentElement.classList.add("checker-js");
    const container = form.closest(".checker") || form; // the status line sits above the form
    for (const hidden of container.querySelectorAll("[data-needs-js]")) hidden.hidden = false;
    restore();
    form.addEventListener("change", onAnswerChanged);
    form.addEventListener("submit", (event) => event.preventDefault());
    const clear = form.querySelector("[data-action=clear]");
    const copy = form.querySelector("[data-action=copy]");
    const print = form.querySelector("[data-action=print]");
    if (clear) clear.addEventListener("click", clearAnswers);
    if (copy) copy.addEventListener("click", copyLink);
    if (print) print.addEventListener("click", () => window.print());

    setStatus("status.loading", "loading");
    engine = window.NaiteiEngine;
    if (!engine) {
      failed(new Error("engine-start.js did not run"));
      return;
    }
    engine.onStage((stage) => setStatus("status." + stage, "loading"));
    withTimeout(engine.ready, BOOT_TIMEOUT_MS).then((started) => {
      engineReady = true;
      document.documentElement.dataset.checkerStart = started && started.restored ? "restored" : "fresh";
      setStatus("status.ready", "ready");
      performance.mark("naitei:engine-ready");
      document.documentElement.dataset.checkerEngine = "ready";
      document.dispatchEvent(new Event("naitei:engine-settled"));
      refresh();
    }, failed);
  }

  // Pure helpers for tests and the curious: parse a fragment, read storage, sanitize answers.
  window.NaiteiChecklist = Object.freeze({
    parseFragment: parseFragment,
    sanitize: sanitize,
    loadStoredAnswers: loadStoredAnswers,
    toFragment: toFragment,
    storageKey: storageKey,
    ticksKey: ticksKey,
    rulesVersion: String(config.rulesVersion),
    maxInput: MAX_INPUT,
  });

  function failed(error) {
    setStatus("status.failed", "failed");
    if (statusBox) {
      statusBox.append(" ", element("a", { href: "how-it-decides.html" }, ui["status.failed_link"]));
    }
    document.documentElement.dataset.checkerEngine = "failed";
    document.dispatchEvent(new Event("naitei:engine-settled"));
    console.warn("checker engine did not start:", error && error.message);
  }

  start();
})();
