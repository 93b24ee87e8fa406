/** The build's data for the service worker, given by esbuild `define` (site_build/offline.py). */
declare const SW_DATA: {
  /** a hash of every precached file: a new version replaces the old caches */
  version: string;
  /** site-relative paths: the engine's and what pages load by themselves, then the rest */
  files: { checker: string[]; site: string[] };
};
