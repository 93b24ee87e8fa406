/* Types shared by the browser code: the page configuration (written by the site build), the
 * engine's result (mirrors checker.result.Result.to_dict; tests/test_web_types.py compares the
 * two) and the messages between the page and the engine. Checked by `tsc` in `make lint`. */

/** What the site build writes into `<script type="application/json" id="checker-config">`. */
export interface PageConfig {
  lang: string;
  rulesVersion: string | number;
  questions: QuestionConfig[];
  /** Every UI text of the page in its language (checker/ui.toml). */
  ui: Record<string, string>;
  engine: EngineFiles;
  /** Links named in the rules data ("page.md#anchor"), resolved at build time. */
  links?: Record<string, LinkTarget>;
  /** The steps under which the page shows the next call window (rules.toml `call_window`). */
  callWindowSteps: string[];
  /** Where the verdict's primary button leads (rules.toml `draft_link`, a key of `links`). */
  draftLink: string;
  /** What joins two sentences in the page's language (languages.toml `sentence_gap`). */
  sentenceGap: string;
}

export interface QuestionConfig {
  id: string;
  text: string;
  options: string[];
  labels: Record<string, string>;
}

export interface LinkTarget {
  /** Relative to the checklist page in its language. */
  href: string;
  /** The target heading's title in that language. */
  title: string;
}

export interface EngineFiles {
  /** The content-addressed engine folder, relative to the site root. */
  dir: string;
  stdlib: string;
  lockfile: Lockfile;
  package: string;
  /** Size in bytes of each file the engine downloads (for the progress share). */
  sizes: Record<string, number>;
  /** Engine calls run once after a fresh start, before the snapshot is taken. */
  warmUp: [string, unknown[]][];
}

export interface Lockfile {
  info: Record<string, unknown>;
  packages: Record<string, { file_name: string; sha256: string; [key: string]: unknown }>;
}

/** What the page hands the engine host to start it (the "boot" call's argument). */
export interface BootConfig {
  indexURL: string;
  stdLibURL: string;
  lockfile: Lockfile;
  package: string;
  sizes: Record<string, number>;
  warmUp: [string, unknown[]][];
  /** The page noted a snapshot saved for this engine: look for it first. */
  snapshotSaved: boolean;
  /** Served pages run the host in a Web Worker; pages opened from disk on the page. */
  inPage: boolean;
}

// ------------------------------------------------------------------ the engine's result

/** checker.model.Message.to_dict */
export interface EngineMessage {
  id: string;
  text: string;
  link: string | null;
  effect?: string | null;
}

/** checker.result.Result.to_dict */
export interface EngineResult {
  rules_version: string;
  lang: string;
  level: string;
  level_label: string;
  summary: string;
  reasons: EngineMessage[];
  steps: EngineMessage[];
  /** Ids of the steps the verdict leads with (the rest are "other things you can do"). */
  main_steps: string[];
  warnings: EngineMessage[];
  unanswered: string[];
  unanswered_labels: string[];
  answers: Record<string, string>;
  disclaimer: string;
}

/** What checker.browser returns instead of a result when the input is refused. */
export interface EngineError {
  error: string;
}

// ------------------------------------------------------------------ the composer

/** What the site build writes into `<script type="application/json" id="composer-config">` on
 * the templates page (overrides/hooks/composer_models.py, engine from checker_assets). */
export interface ComposerConfig {
  lang: string;
  /** Whether this language's pages show the Japanese with its meaning beside it (languages.toml). */
  gloss: boolean;
  /** Every text of the composer in its language (checker/compose.toml [ui], dotted keys). */
  ui: Record<string, string>;
  /** The details, in the form's order. */
  fields: ComposerField[];
  /** What joins two sentences in the page's language (languages.toml `sentence_gap`). */
  sentenceGap: string;
  engine: EngineFiles;
}

export interface ComposerField {
  id: string;
  label: string;
}

/** One line of a draft: the Japanese to send and, for English readers, its meaning. */
/** A draft line as the page shows it: the Japanese and its gloss ("" without one). */
export interface ComposeLine {
  ja: string;
  gloss: string;
}

/** checker.compose.compose (the "compose" engine call's value). */
export interface ComposeResult {
  lang: string;
  call_status: string;
  subject: string;
  email: string;
  phone: string;
  phone_if_out: string;
  /** Needed details left blank (shown as ［…］ in the texts). */
  unfilled: string[];
  /** Other blank details (the draft does without them). */
  missing: string[];
  /** Advice beside kept details (mostly Latin letters where Japanese goes). */
  notices: ComposeNotice[];
  /** For lang "en": each part as lines; null for "ja". */
  gloss: Record<string, Record<string, string>[]> | null;
}

/** A word of advice beside one field; the draft is made all the same. */
export interface ComposeNotice {
  field: string;
  code: string;
  message: string;
}

/** checker.compose.compose_json's answer to refused details. */
export interface ComposeError {
  /** English, naming the field id (for developers). */
  error: string;
  /** The field to blame, or null when no one field is. */
  field: string | null;
  /** What is wrong and what is accepted, in the page's language. */
  message: string;
}

// ------------------------------------------------------------------ the call page

/** What the site build writes into `<script type="application/json" id="call-config">` on the
 * call page (overrides/hooks/call_page.py, engine from checker_assets). */
export interface CallConfig {
  lang: string;
  /** Every text of the call page in its language (checker/call.toml [page.<lang>]). */
  ui: Record<string, string>;
  /** Every field id of the composer's details (the one store both pages share). */
  fields: string[];
  /** The composer's email variants (call_status id -> its name in the page's language). */
  emails: Record<string, string>;
  /** What joins two sentences in the page's language (languages.toml `sentence_gap`). */
  sentenceGap: string;
  engine: EngineFiles;
}

/** One line to say: the Japanese and, for English readers, its readings and meaning. */
export interface CallLine {
  ja: string;
  /** [text, reading] pairs; the reading is "" where the text needs none. */
  ruby?: [string, string][];
  /** The meaning, under the id of each glossed language. */
  [lang: string]: string | [string, string][] | undefined;
}

export interface CallOutcome {
  id: string;
  /** The composer's call_status for the email to send now. */
  email: string;
  next: string;
  follow_up: string | null;
  retry: string | null;
}

export interface CallNode {
  who: string;
  title: string;
  lines: CallLine[];
  answers: { id: string; label: string; to: string }[];
  outcome: CallOutcome | null;
}

export interface CallScript {
  start: string;
  nodes: Record<string, CallNode>;
  company: string;
}

/** checker.plan.plan (the "plan" engine call's value, with `ics` when asked). */
export interface CallPlan {
  lang: string;
  now: string;
  call_at: string;
  call_until: string;
  skipped: { date: string; reason: string; text: string }[];
  follow_up_on: string;
  retry_at: string;
  headline: string;
  windows_note: string;
  follow_up_text: string;
  retry_text: string;
  notices: string[];
  script: CallScript;
  ics?: string;
}

/** checker.browser.plan_json's answer to refused input. */
export interface CallPlanError {
  error: string;
  field: string | null;
}

// ------------------------------------------------------------------ page <-> engine

export type BootStage = "download" | "python" | "engine";

/** Page -> engine. `timeoutMs`: how long the engine may stay silent while it is pending. */
export interface EngineRequest {
  type: "request";
  id: number;
  /** "boot", "storeSnapshot", or the name of a checker.browser function without "_json". */
  call: string;
  args: unknown[];
  timeoutMs: number;
}

/** Engine -> page: the answer to one request. */
export type EngineReply =
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: string };

/** Engine -> page, while it starts: a sign of life with the bytes received so far. */
export interface EngineProgress {
  type: "progress";
  stage: BootStage;
  received: number;
  expected: number;
}

export type EngineMessageOut = EngineReply | EngineProgress;

/** The "boot" call's value. */
export interface BootResult {
  restored: boolean;
}

/** A channel to an engine host: a Web Worker, or the host on the page itself. */
export interface Transport {
  post(request: EngineRequest): void;
  /** Messages, and failures of the channel itself (a worker's error or exit). */
  listen(onMessage: (data: unknown) => void, onFailure: (reason: string) => void): void;
  close(): void;
}

/** The part of Pyodide the adapter uses. */
export interface PyodideLike {
  FS: { writeFile(path: string, data: Uint8Array): void };
  runPython(code: string): unknown;
  pyimport(name: string): Record<string, unknown>;
  makeMemorySnapshot(): Uint8Array;
}

declare global {
  /** Set by pyodide.js. */
  var loadPyodide: ((options: Record<string, unknown>) => Promise<PyodideLike>) | undefined;
  /** Set by pyodide.asm.js. */
  var _createPyodideModule: unknown;
  /** Set by file-payload.js (pages opened from disk only). */
  var __naiteiPayload: Record<string, string> | undefined;
  /** Present in workers only. */
  var importScripts: ((...urls: string[]) => void) | undefined;
  interface FileSystemFileHandle {
    createSyncAccessHandle(): Promise<SyncAccessHandle>;
  }
  interface SyncAccessHandle {
    getSize(): number;
    read(buffer: Uint8Array, options: { at: number }): number;
    write(buffer: Uint8Array, options: { at: number }): number;
    truncate(size: number): void;
    flush(): void;
    close(): void;
  }
  interface FileSystemDirectoryHandle {
    keys(): AsyncIterableIterator<string>;
  }
  interface Uint8ArrayConstructor {
    fromBase64?(text: string): Uint8Array;
  }
}
