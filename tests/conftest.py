"""Shared fixtures: the built site (once per session), a local server, and guarded browsers.

Browser fixtures fail a test on any uncaught page error, any console error, or any request
to a host other than 127.0.0.1/localhost (which is aborted). A test that expects console
errors declares them: `@pytest.mark.allow_console_errors("pyodide", ...)`, or calls
`page_guard.allow_console_errors(...)`.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.guard import PageGuard
from helpers.server import serve_directory
from helpers.site_html import Page, html_files, parse_page
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import Page as BrowserPage

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # no host name resolves but the test server's: nothing leaves the machine, even from a
    # context whose guard watches rather than routes (helpers/guard.py)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
WARNING_LINE = re.compile(r"^\s*(WARNING|ERROR)\b")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "allow_console_errors(*substrings): console errors containing one of these are expected",
    )
    config.addinivalue_line(
        "markers",
        "slow: long by design (the trickled download, the Firefox and WebKit sessions); the "
        "whole suite runs them, an inner loop can leave them out with -m 'not slow'",
    )


@dataclass(frozen=True)
class SiteBuild:
    """A built site and the build's output (None when SITE_DIR supplied a prebuilt site)."""

    path: Path
    log: str | None


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """Build the site once (`mkdocs build --strict`), or use $SITE_DIR if set."""
    if prebuilt := os.environ.get("SITE_DIR"):
        path = Path(prebuilt).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"SITE_DIR={prebuilt} holds no built site (no index.html)", pytrace=False)
        return SiteBuild(path, None)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return _shared_build(tmp_path_factory.getbasetemp().parent)
    return _build(tmp_path_factory.mktemp("site"))


def _shared_build(shared: Path) -> SiteBuild:
    """One build for all the test processes of a parallel run (pytest-xdist): the first to
    take the lock builds; the others wait for it, then use that site."""
    path, log_file = shared / "site", shared / "site-build.log"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if log_file.is_file():
            return SiteBuild(path, log_file.read_text(encoding="utf-8"))
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
        build = _build(path)
        log_file.write_text(build.log or "", encoding="utf-8")
        return build


def _build(path: Path) -> SiteBuild:
    """`mkdocs build --strict` into `path`; a warning or an error fails the test."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(path)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if WARNING_LINE.match(line)]
    if result.returncode or warnings:
        pytest.fail(
            f"mkdocs build --strict exited {result.returncode} with {len(warnings)} "
            f"warning/error line(s):\n" + "\n".join(warnings) + "\n\nfull output:\n" + log,
            pytrace=False,
        )
    return SiteBuild(path, log)


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """Directory of the built site (both languages)."""
    return site_build.path


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, Page]:
    """Every built HTML page, parsed, keyed by its site-relative path ("en/steps.html")."""
    return {
        file.relative_to(built_site).as_posix(): parse_page(built_site, file)
        for file in html_files(built_site)
    }


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """http://127.0.0.1:<port>/ serving the built site, for the whole session."""
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def site_file_url(built_site: Path) -> str:
    """file:// URL of the built site, ending in '/'."""
    return built_site.as_uri() + "/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through sync Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: `make chromium` (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_guard(request: pytest.FixtureRequest) -> Iterator[PageGuard]:
    """Collects this test's external requests, console errors and page errors; fails on any."""
    guard = PageGuard()
    for marker in request.node.iter_markers("allow_console_errors"):
        guard.allow_console_errors(*marker.args)
    yield guard
    # Runs after every context of the test is closed (new_context depends on this fixture),
    # so events still in flight at the end of the test have been delivered.
    if problems := guard.problems():
        pytest.fail(
            f"{len(problems)} problem(s) in the browser:\n  " + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.fixture
def new_context(browser: Browser, page_guard: PageGuard) -> Iterator[Callable[..., BrowserContext]]:
    """Factory: new_context(**playwright_options) -> a guarded context, closed after the test
    (`route=False`: its guard watches instead of routing, and the browser's cache stays on)."""
    contexts = []

    def make(*, route: bool = True, **options: object) -> BrowserContext:
        context = browser.new_context(**options)
        contexts.append(context)
        page_guard.attach(context, route=route)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A fresh guarded browser context (default options)."""
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> BrowserPage:
    """A page in a fresh guarded context: external requests aborted, errors fail the test."""
    return context.new_page()


@pytest.fixture
def file_page(new_context: Callable[..., BrowserContext]) -> BrowserPage:
    """A guarded page for file:// URLs of the site (join paths to `site_file_url`)."""
    return new_context(service_workers="block").new_page()
