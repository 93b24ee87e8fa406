"""A quiet, threaded static file server on 127.0.0.1 for the built site."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# What a correct static host sends; anything unlisted falls back to the mimetypes module.
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/octet-stream",
    ".tar": "application/x-tar",
    ".gz": "application/gzip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    "": "application/octet-stream",
}


class _Link:
    """One shared downlink: the bytes of every response take their turn at `rate` bytes a
    second, each response after `latency_s` (a phone's connection, for every requester: pages,
    workers and the service worker alike, which DevTools throttling does not all reach)."""

    def __init__(self, rate: int, latency_s: float) -> None:
        self.rate, self.latency_s = rate, latency_s
        self._lock = threading.Lock()
        self._free = 0.0  # when the link has sent everything reserved so far

    def send(self, source, outputfile) -> None:  # noqa: ANN001 - file objects
        time.sleep(self.latency_s)
        while data := source.read(16384):
            with self._lock:
                self._free = max(time.monotonic(), self._free) + len(data) / self.rate
                done = self._free
            time.sleep(max(0.0, done - time.monotonic()))
            outputfile.write(data)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files with explicit MIME types, `nosniff`, and no logging."""

    extensions_map = MIME_TYPES
    extra_headers: Callable[[str], dict[str, str]] | None = None
    # bytes per second for a request path (None: as fast as it goes); `sent` records, per
    # throttled path, the time of each chunk sent
    rate: Callable[[str], int | None] | None = None
    sent: dict[str, list[float]] | None = None
    link: _Link | None = None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.extra_headers is not None:
            for name, value in self.extra_headers(self.path.split("?", 1)[0]).items():
                self.send_header(name, value)
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001 - base signature
        if self.link is not None:
            self.link.send(source, outputfile)
            return
        path = self.path.split("?", 1)[0]
        rate = self.rate(path) if self.rate is not None else None
        if not rate:
            shutil.copyfileobj(source, outputfile)
            return
        chunk = max(1, rate // 16)  # sixteen small chunks a second: a steady trickle
        times = self.sent.setdefault(path, []) if self.sent is not None else []
        while data := source.read(chunk):
            outputfile.write(data)
            outputfile.flush()
            times.append(time.monotonic())
            time.sleep(1 / 16)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass


# Types a static host compresses (images other than SVG and zips are compressed already).
COMPRESSIBLE = ("text/", "application/json", "application/wasm", "application/javascript",
                "image/svg+xml", "application/xml", "application/manifest+json")


class _GzipHandler(_Handler):
    """Sends compressible files gzip-encoded when the client accepts it, as static hosts do."""

    def send_head(self):  # noqa: ANN201 - base signature
        path = self.translate_path(self.path)
        kind = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and kind.startswith(COMPRESSIBLE)):
            return super().send_head()
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer that ignores clients hanging up mid-response."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - base signature
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_directory(
    directory: Path,
    headers: Callable[[str], dict[str, str]] | None = None,
    rate: Callable[[str], int | None] | None = None,
    sent: dict[str, list[float]] | None = None,
    *,
    gzip: bool = False,
    link: tuple[int, float] | None = None,
) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (random port); yield its URL, ending in '/'.

    `headers(path)`, if given, names extra response headers for a request path ("/en/x.html");
    `rate(path)` a throttle in bytes per second, with the chunks' times recorded in `sent`;
    `gzip` compresses what a static host would compress; `link` (bytes per second, latency in
    seconds) sends every response through one shared, slow connection.
    """
    handler_class = _GzipHandler if gzip else _Handler
    if headers is not None or rate is not None or link is not None:
        attributes = {"extra_headers": staticmethod(headers) if headers else None,
                      "rate": staticmethod(rate) if rate else None, "sent": sent,
                      "link": _Link(*link) if link else None}
        handler_class = type("_SiteHandler", (handler_class,), attributes)
    handler = functools.partial(handler_class, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
