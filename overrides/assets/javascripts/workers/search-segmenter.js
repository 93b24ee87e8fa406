/* Search worker for Japanese pages: Material's own worker, plus word segmentation of the query.
 *
 * Material's worker splits indexed Japanese text into words with TinySegmenter (lunr.segmenter)
 * but looks up a query's kana/kanji run as one word, so a phrase such as 取り消しの手順 finds
 * nothing. This script segments those runs the same way before Material's worker reads the
 * query. overrides/hooks/search_i18n.py points `__config.search` at it and, in the built site,
 * fills in the name of Material's (hashed) worker below.
 *
 * It stays in workers/ because Material's worker finds its lunr scripts at "../lunr" from here.
 * From file:// the iframe-worker shim runs it as a <script> in a hidden iframe, where
 * importScripts is asynchronous and relative URLs resolve against the page, so Material's
 * worker is resolved against this script's own URL. */
(function () {
  "use strict";
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var JAPANESE = /[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}ー]+/gu;
  var WORKER = "__MATERIAL_SEARCH_WORKER__"; // filled in by overrides/hooks/search_i18n.py
  var here = self.document ? self.document.currentScript.src : self.location.href;

  // Registered before Material's listener, so Material reads the segmented query.
  self.addEventListener("message", function (event) {
    var message = event.data;
    var segmenter = self.lunr && self.lunr.segmenter; // set up by Material on its setup message
    if (message && message.type === QUERY && typeof message.data === "string" && segmenter) {
      message.data = message.data.replace(JAPANESE, function (run) {
        return segmenter.segment(run).join(" ");
      });
    }
  });

  self.importScripts(new URL(WORKER, here).href);
})();
