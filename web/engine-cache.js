/* One download of each engine file per visit, whoever asks: the engine's worker keeps what it
 * fetches from the engine folder in a cache the service worker looks into before it fetches
 * (web/sw/sw.js takes content-addressed files from any cache), and answers from any cache
 * that already holds the file (the service worker's, once it has filled its own). */

export const SHARED_CACHE = "naitei-engine-files";
const ENGINE_PATH = /\/assets\/checker\/engine\//;

/** A fetch that answers engine files from any cache, and keeps each one it downloads.
 * @param {typeof fetch} baseFetch @param {CacheStorage | undefined} storage
 * @returns {typeof fetch} */
export function sharedCacheFetch(baseFetch, storage) {
  if (!storage) return baseFetch;
  return async (resource, init) => {
    const url = resource instanceof Request ? resource.url : String(resource);
    const method = (init && init.method) || (resource instanceof Request ? resource.method : "GET");
    if (method !== "GET" || !ENGINE_PATH.test(new URL(url).pathname)) return baseFetch(resource, init);
    const cached = await storage.match(url, { ignoreSearch: true }).catch(() => undefined);
    if (cached) return cached;
    const response = await baseFetch(resource, init);
    if (response.status === 200) {
      const copy = response.clone();
      storage.open(SHARED_CACHE).then((cache) => cache.put(url, copy)).catch(() => {});
    }
    return response;
  };
}
