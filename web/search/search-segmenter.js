/* Search worker for Japanese pages: Material's own worker, plus word segmentation of the query.
 *
 * Material's worker splits indexed Japanese text into words with TinySegmenter (lunr.segmenter)
 * but looks up a query's kana/kanji run as one word, so a phrase such as 取り消しの手順 finds
 * nothing. This script segments those runs the same way (query.js) before Material's worker
 * reads the query. The search hook points `__config.search` at it; the build bundles it to
 * assets/javascripts/workers/search-segmenter.js with the name of Material's (hashed) worker
 * as MATERIAL_SEARCH_WORKER (site_build/scripts.py place_site_scripts).
 *
 * It stays in workers/ because Material's worker finds its lunr scripts at "../lunr" from there.
 * From file:// the iframe-worker shim runs it as a <script> in a hidden iframe, where
 * importScripts is asynchronous and relative URLs resolve against the page, so Material's
 * worker is resolved against this script's own URL. */
import { isQuery, segmentQuery } from "./query.js";

/** The worker's scope, or the shim's iframe window (which has a document). */
const scope = /** @type {WorkerGlobalScope & {document?: {currentScript: {src: string}},
  lunr?: {segmenter?: {segment: (text: string) => string[]}}}} */ (/** @type {unknown} */ (self));
const here = scope.document ? scope.document.currentScript.src : scope.location.href;

// Registered before Material's listener, so Material reads the segmented query.
scope.addEventListener("message", (event) => {
  const message = /** @type {MessageEvent} */ (event).data;
  const segmenter = scope.lunr && scope.lunr.segmenter; // set up by Material on its setup message
  if (isQuery(message) && segmenter) message.data = segmentQuery(message.data, (run) => segmenter.segment(run));
});

/** @type {WorkerGlobalScope} */ (scope).importScripts(new URL(MATERIAL_SEARCH_WORKER, here).href);
