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
  const LINK_PATTERN = /^([a-z0-9-]+)\.md(#[a-z0-9-]+)?$/;

  const configElement = document.getElementById("checker-config");
  const form = document.querySelector("[data-checker-form]");
  const verdict = document.querySelector("[data-checker-verdict]");
  if (!configElement || !form || !verdict) return;

  const config = JSON.parse(configElement.textContent);
  const ui = config.ui;
  const siteBase = new URL((configElement.dataset.base || ".") + "/", location.href);
  const statusBox = document.getElementById("checker-status");
  const noticeBox = document.getElementById("checker-notice");
  const questionOptions = new Map(config.questions.map((q) => [q.id, q.options]));
  const storagePrefix = "naitei-checker/";
  const storageKey = storagePrefix + "v" + config.rulesVersion + "/answers";
  const ticksKey = storagePrefix + "v" + config.rulesVersion + "/ticks";

  // ---------------------------------------------------------------- parsing (pure)

  /** Keep only known question ids with known option ids; report what was dropped. */
  function sanitize(candidate) {
    const answers = {};
    let dropped = 0;
    if (!candidate || typeof candidate !== "object" || Array.isArray(candidate)) {
      return { answers, dropped: candidate == null ? 0 : 1 };
    }
    for (const [key, value] of Object.entries(candidate)) {
      const options = questionOptions.get(key);
      if (options && typeof value === "string" && options.includes(value)) answers[key] = value;
      else dropped += 1;
    }
    return { answers, dropped };
  }

  /** `#elapsed=days&quota=open&v=3` -> answers; unknown or malformed parts are dropped. */
  function parseFragment(hash) {
    const text = (hash || "").replace(/^#/, "");
    if (!text) return { answers: {}, dropped: 0, present: false };
    if (text.length > MAX_INPUT) return { answers: {}, dropped: 1, present: true };
    let params;
    try {
      params = new URLSearchParams(text);
    } catch (error) {
      return { answers: {}, dropped: 1, present: true };
    }
    const candidate = {};
    let dropped = 0;
    let isAnswerLink = false;
    for (const [key, value] of params) {
      if (key === "v") {
        isAnswerLink = true;
        if (value !== String(config.rulesVersion)) dropped += 1;
      } else if (Object.prototype.hasOwnProperty.call(candidate, key)) {
        dropped += 1;
      } else {
        candidate[key] = value;
      }
    }
    const result = sanitize(candidate);
    const present = isAnswerLink || Object.keys(candidate).length > 0;
    // A bare "#section-id" is an ordinary anchor, not an answer link.
    if (!isAnswerLink && Object.keys(result.answers).length === 0 && !text.includes("=")) {
      return { answers: {}, dropped: 0, present: false };
    }
    return { answers: result.answers, dropped: result.dropped + dropped, present };
  }

  function toFragment(answers) {
    const params = new URLSearchParams();
    for (const q of config.questions) if (answers[q.id]) params.set(q.id, answers[q.id]);
    params.set("v", String(config.rulesVersion));
    return "#" + params.toString();
  }

  // ---------------------------------------------------------------- storage

  const storage = (function () {
    try {
      const probe = storagePrefix + "probe";
      localStorage.setItem(probe, "1");
      localStorage.removeItem(probe);
      return localStorage;
    } catch (error) {
      return null;
    }
  })();

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

  /** Saved answers of this rules version, else of the newest older version (with a notice). */
  function loadStoredAnswers() {
    const current = readStored(storageKey);
    if (current) {
      if (current.bad) return { answers: {}, dropped: 1 };
      return sanitize(current.value && current.value.answers);
    }
    if (!storage) return { answers: {}, dropped: 0 };
    const older = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key && key.startsWith(storagePrefix + "v") && key.endsWith("/answers")) older.push(key);
    }
    if (!older.length) return { answers: {}, dropped: 0 };
    older.sort();
    const previous = readStored(older[older.length - 1]);
    if (!previous || previous.bad) return { answers: {}, dropped: 1 };
    const result = sanitize(previous.value && previous.value.answers);
    return { answers: result.answers, dropped: result.dropped + 1 };
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

  function showNotice(text) {
    if (!noticeBox) return;
    noticeBox.textContent = text;
    noticeBox.hidden = !text;
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

  function docLink(link) {
    const match = typeof link === "string" ? LINK_PATTERN.exec(link) : null;
    return match ? match[1] + ".html" + (match[2] || "") : null;
  }

  function messageItem(message) {
    const item = element("li", { "data-id": message.id });
    if (message.effect) item.dataset.effect = message.effect;
    item.append(element("span", {}, message.text));
    const href = docLink(message.link);
    if (href) {
      item.append(" ");
      item.append(element("a", { href: href }, ui["verdict.more"] || "→"));
    }
    return item;
  }

  function loadTicks() {
    const stored = readStored(ticksKey);
    return stored && !stored.bad && stored.value && typeof stored.value === "object" ? stored.value : {};
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
        current[step.id] = box.checked;
        writeStored(ticksKey, current);
      });
      const label = element("label", { for: id }, step.text);
      item.replaceChildren(box, label);
      const href = docLink(step.link);
      if (href) item.append(" ", element("a", { href: href }, ui["verdict.more"] || "→"));
      list.append(item);
    }
    return list;
  }

  function section(titleKey, list) {
    const wrapper = element("div", { class: "checker-verdict__section" });
    wrapper.append(element("h3", {}, ui[titleKey]), list);
    return wrapper;
  }

  function renderVerdict(result, answers) {
    verdict.setAttribute("aria-busy", "true");
    verdict.dataset.level = result.level;
    const parts = [];
    const heading = element("h2", { class: "checker-verdict__level", id: "checker-verdict-heading" });
    heading.append(element("span", { class: "checker-verdict__icon", "aria-hidden": "true" }, ui["level.icon." + result.level] || ""));
    heading.append(" ", element("span", {}, result.level_label));
    parts.push(element("p", { class: "checker-verdict__kicker" }, ui["verdict.heading"]), heading);
    parts.push(element("p", { class: "checker-verdict__summary" }, result.summary));
    if (result.unanswered && result.unanswered.length) {
      parts.push(element("p", { class: "checker-verdict__unanswered" },
        ui["form.unanswered"] + ": " + new Intl.ListFormat(config.lang).format(result.unanswered_labels || result.unanswered)));
    }
    if (result.warnings && result.warnings.length) {
      const list = element("ul", { class: "checker-warnings" });
      result.warnings.forEach((w) => list.append(messageItem(w)));
      parts.push(section("verdict.warnings", list));
    }
    const reasons = element("ul", { class: "checker-reasons" });
    result.reasons.forEach((r) => reasons.append(messageItem(r)));
    parts.push(section("verdict.reasons", reasons));
    parts.push(section("verdict.steps", stepsList(result.steps)));
    parts.push(element("p", { class: "checker-verdict__disclaimer" }, result.disclaimer || ui["verdict.disclaimer"]));
    parts.push(printSummary(answers));
    verdict.replaceChildren(...parts);
    verdict.removeAttribute("aria-busy");
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
    const date = new Date().toLocaleDateString(config.lang === "ja" ? "ja-JP" : "en-GB");
    box.append(list, element("p", {}, ui["print.date"] + " " + date + " · " + ui["print.version"] + " " + config.rulesVersion));
    return box;
  }

  // ---------------------------------------------------------------- the engine

  function scriptURL(path) {
    return new URL(path, siteBase).href;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src.split("/").pop()));
      document.head.append(script);
    });
  }

  function engineConfig() {
    const dir = scriptURL(config.engine.dir + "/");
    return {
      indexURL: dir,
      stdLibURL: dir + config.engine.stdlib,
      lockfile: config.engine.lockfile,
      package: config.engine.package,
      hostURL: scriptURL("assets/checker/engine-host.js"),
    };
  }

  /** Served pages: a Web Worker keeps the page responsive while Python starts. */
  function workerEngine(cfg, onStage) {
    const worker = new Worker(scriptURL("assets/checker/worker.js"));
    const pending = new Map();
    let counter = 0;
    const ready = new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "stage") onStage(message.stage);
        else if (message.type === "ready") resolve();
        else if (message.type === "failed") reject(new Error(message.message));
        else if (message.type === "result" && pending.has(message.id)) {
          pending.get(message.id)(message.json);
          pending.delete(message.id);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || "worker failed"));
      };
    });
    worker.postMessage({ type: "boot", cfg });
    return {
      ready,
      evaluate(answers) {
        counter += 1;
        const id = counter;
        return new Promise((resolve) => {
          pending.set(id, resolve);
          worker.postMessage({ type: "evaluate", id, answers, lang: config.lang });
        });
      },
    };
  }

  /** Pages opened from disk: no workers or fetch there, so Python runs on the page itself. */
  function pageEngine(cfg, onStage) {
    let host = null;
    const ready = (async () => {
      for (const name of ["pyodide.asm.js", "file-payload.js", "pyodide.js"]) {
        await loadScript(cfg.indexURL + name);
      }
      await loadScript(cfg.hostURL);
      host = await window.NaiteiEngineHost.boot(cfg, onStage);
    })();
    return {
      ready,
      evaluate: (answers) => Promise.resolve(host.evaluate(JSON.stringify(answers), config.lang)),
    };
  }

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
      showNotice(result.error);
      return;
    }
    renderVerdict(result, answers);
    verdict.dataset.ready = "true";
  }

  function onAnswerChanged() {
    const answers = readForm();
    const fragment = toFragment(answers);
    if (!writeStored(storageKey, { answers: answers })) {
      if (storage) showNotice(ui["status.no_storage"]);
    }
    history.replaceState(null, "", fragment);
    updateLanguageLinks(fragment);
    refresh();
  }

  function clearAnswers() {
    fillForm({});
    if (storage) {
      try {
        storage.removeItem(storageKey);
        storage.removeItem(ticksKey);
      } catch (error) { /* nothing to clear */ }
    }
    history.replaceState(null, "", location.pathname + location.search);
    updateLanguageLinks("");
    showNotice("");
    refresh();
  }

  async function copyLink() {
    const link = location.href.split("#")[0] + toFragment(readForm());
    const output = document.getElementById("checker-link");
    try {
      await navigator.clipboard.writeText(link);
      if (output) { output.value = link; output.hidden = false; }
      setActionMessage(ui["copied"]);
    } catch (error) {
      if (output) {
        output.value = link;
        output.hidden = false;
        output.select();
      }
      setActionMessage(ui["copy.manual"] || "");
    }
  }

  function setActionMessage(text) {
    const box = document.getElementById("checker-action-message");
    if (box) box.textContent = text;
  }

  function restore() {
    const fromLink = parseFragment(location.hash);
    const stored = fromLink.present ? { answers: {}, dropped: 0 } : loadStoredAnswers();
    const source = fromLink.present ? fromLink : stored;
    fillForm(source.answers);
    if (fromLink.present) updateLanguageLinks(location.hash);
    const notices = [];
    if (source.dropped) notices.push(ui[fromLink.present ? "notice.bad_link" : "notice.bad_storage"]);
    if (!storage) notices.push(ui["status.no_storage"]);
    showNotice(notices.join(" "));
  }

  function start() {
    document.documentElement.classList.add("checker-js");
    for (const hidden of form.querySelectorAll("[data-needs-js]")) hidden.hidden = false;
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
    const onStage = (stage) => setStatus("status." + stage, "loading");
    try {
      const cfg = engineConfig();
      engine = location.protocol === "file:" ? pageEngine(cfg, onStage) : workerEngine(cfg, onStage);
    } catch (error) {
      failed(error);
      return;
    }
    withTimeout(engine.ready, BOOT_TIMEOUT_MS).then(() => {
      engineReady = true;
      setStatus("status.ready", "ready");
      document.documentElement.dataset.checkerEngine = "ready";
      document.dispatchEvent(new Event("naitei:engine-settled"));
      refresh();
    }, failed);
  }

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
