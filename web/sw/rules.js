/* The service worker's decisions, pure (tested in rules.test.mjs): which cache, which files,
 * which request answers from the cache first, and which offline page stands in for a page.
 * `files` is the build's list (site-relative paths in two groups, see sw.js); `base` is the
 * worker's own address, which every path is relative to. */

/** The prefix of every cache this worker owns; the version follows it. */
export const CACHE_PREFIX = "naitei-guide-";
/** Content-addressed files: the engine folder, and Material's hashed bundles. */
export const IMMUTABLE = /\/assets\/checker\/engine\/|\/assets\/(javascripts|stylesheets)\/(workers\/)?[^/]+\.[0-9a-f]{8}\.min\./;
/** The engine's files. */
export const ENGINE = /\/assets\/checker\/engine\//;
/** Files fetched at once while filling the cache. */
export const PARALLEL = 4;
/** A cached file matches whatever its query string or Vary header. */
export const MATCH = { ignoreSearch: true, ignoreVary: true };

/** @typedef {{checker: string[], site: string[]}} SiteFiles */

/** The cache of this version. @param {string} version */
export function cacheName(version) {
  return CACHE_PREFIX + version;
}

/** The caches an older version left (to delete once this one is active).
 * @param {string[]} keys every cache name @param {string} current this version's */
export function staleCaches(keys, current) {
  return keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== current);
}

/** Whether the worker was registered for a connection that saves data. @param {string} href */
export function savesData(href) {
  return new URL(href).searchParams.get("save-data") === "on";
}

/** A site-relative path as an absolute URL. @param {string} file @param {string} base */
export function absolute(file, base) {
  return new URL(file, base).href;
}

/** Every file this worker may keep, as absolute URLs. @param {SiteFiles} files @param {string} base */
export function siteFileSet(files, base) {
  return new Set([...files.checker, ...files.site].map((file) => absolute(file, base)));
}

/** The site file a URL names ("…/en/" is "…/en/index.html"), or null.
 * @param {string} href @param {Set<string>} known from siteFileSet @param {string} base */
export function siteFile(href, known, base) {
  const url = new URL(href, base);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return known.has(url.href) ? url.href : null;
}

/** Whether a file is content-addressed (safe to take from any cache). @param {string} href */
export function isImmutable(href) {
  return IMMUTABLE.test(new URL(href).pathname);
}

/** How a site file is fetched: a content-addressed one may come from the HTTP cache, any
 * other is revalidated (an unchanged file costs a 304, not its body). @param {string} href
 * @returns {RequestCache} */
export function fetchMode(href) {
  return isImmutable(href) ? "force-cache" : "no-cache";
}

/** The pages that start the engine (the checker group's pages). @param {SiteFiles} files */
export function enginePages(files) {
  return files.checker.filter((file) => file.endsWith(".html"));
}

/** The engine folder's files. @param {SiteFiles} files @param {string} base */
export function engineFiles(files, base) {
  return files.checker.filter((file) => ENGINE.test(new URL(file, base).pathname));
}

/** The offline pages, deepest folder first ("en/offline.html" before "offline.html").
 * @param {SiteFiles} files */
export function offlinePages(files) {
  return files.site.filter((file) => /(^|\/)offline\.html$/.test(file))
    .sort((a, b) => b.split("/").length - a.split("/").length);
}

/** The offline page for the page at `href`: its language folder's, else the root's (absolute),
 * or null. @param {string} href @param {string[]} pages from offlinePages @param {string} base */
export function offlinePageFor(href, pages, base) {
  const path = new URL(href).href;
  for (const file of pages) {
    const folder = new URL(file.replace(/offline\.html$/, "") || "./", base).href;
    if (path.startsWith(folder)) return absolute(file, base);
  }
  return null;
}

/** How the worker answers a request: not at all (another origin, not a GET), from the cache
 * first (content-addressed files), or from the network first (everything else, so an online
 * reader always gets the newest pages with the newest scripts).
 * @param {{method: string, url: string}} request @param {string} origin the worker's
 * @returns {"cache-first" | "network-first" | null} */
export function route(request, origin) {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== origin) return null;
  return IMMUTABLE.test(url.pathname) ? "cache-first" : "network-first";
}
