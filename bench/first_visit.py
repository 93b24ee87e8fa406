"""Bytes over the network on a first visit, counted at the server: everything the page, its
workers and the service worker ask for (a fresh profile, the reader staying until the
background work is done). `python -m bench.first_visit [site]` measures a built site alone.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote

from tests.helpers.server import COMPRESSIBLE, MIME_TYPES, serve_directory

ROOT = Path(__file__).resolve().parents[1]

PAGES = {"home": "index.html", "checklist": "checklist.html"}
ENGINE = "/assets/checker/engine/"
SETTLE_MS = 3000  # after the service worker has answered: anything it would still fetch
# Until the service worker has said what it keeps (for the checklist, after the engine).
KEPT = "html[data-offline]"


def sent_bytes(path: Path) -> int:
    """What a gzip-serving static host sends for the file at `path`."""
    data = path.read_bytes()
    kind = MIME_TYPES.get(path.suffix, "application/octet-stream")
    return len(gzip.compress(data, 6)) if kind.startswith(COMPRESSIBLE) else len(data)


def visit(launch, site: Path, page_name: str) -> dict:
    """A first visit to `page_name` in a fresh profile: requests and bytes, in all and for
    the engine's files."""
    requested: list[str] = []
    lock = threading.Lock()

    def record(path: str) -> dict:
        with lock:
            requested.append(path)
        return {}

    with serve_directory(site, headers=record) as url, tempfile.TemporaryDirectory() as profile:
        context = launch(profile)
        try:
            page = context.new_page()
            page.goto(url + page_name)
            page.wait_for_selector(KEPT, state="attached", timeout=180_000)
            page.wait_for_timeout(SETTLE_MS)
        finally:
            context.close()
    files = [site / unquote(path.lstrip("/")) for path in requested]
    sizes = [sent_bytes(file) if file.is_file() else 0 for file in files]
    engine = [size for path, size in zip(requested, sizes, strict=True) if ENGINE in path]
    repeated = sorted({path.rsplit("/", 1)[-1] for path in requested
                       if ENGINE in path and requested.count(path) > 1})
    return {"requests": len(requested), "gzip_bytes": sum(sizes),
            "engine_requests": len(engine), "engine_gzip_bytes": sum(engine),
            "engine_repeated": repeated}


def measure(launch, site: Path) -> dict:
    """A first visit to the home page, and one to the checklist."""
    return {name: visit(launch, site, page) for name, page in PAGES.items()}


def rows(results: dict) -> list[tuple[str, str, str]]:
    goals = {"home": "no engine byte", "checklist": "engine once"}
    return [(f"first visit to the {name}: network bytes (gzip), engine share",
             f"{figures['gzip_bytes']:,} ({figures['engine_gzip_bytes']:,} in "
             f"{figures['engine_requests']} requests"
             + (f"; twice: {', '.join(figures['engine_repeated'])}" if figures["engine_repeated"]
                else "") + ")", goals[name])
            for name, figures in results.items()]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from bench.__main__ import ARGS, CHROMIUM

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    with sync_playwright() as playwright:
        def launch(profile_dir: str):
            return playwright.chromium.launch_persistent_context(
                profile_dir, executable_path=CHROMIUM, args=ARGS, headless=True)

        for row in rows(measure(launch, site)):
            print(" | ".join(row))


if __name__ == "__main__":
    main()
