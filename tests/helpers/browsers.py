"""Firefox and WebKit behind one small interface, for the cross-browser tests and the benchmark.

- Firefox ESR: WebDriver BiDi through npm's puppeteer-core, in a Node child process
  (`firefox_driver.mjs`), spoken to in JSON lines.
- WebKitGTK: Selenium's WebKitGTK driver (`WebKitWebDriver` running `MiniBrowser
  --automation`) on a virtual X display (`Xvfb`).

Each driver: goto(url), reload(), run(js_function_source, *args) -> value (the function may be
async; it runs in the page, outside the page's CSP), click(css_selector), take_errors() (page
errors and console errors since the last call), close(). Each also reads the browser's own
console for what only the console shows (CSP warnings): `console_warnings(site, paths, served)`.
"""

from __future__ import annotations

import glob
import html
import json
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .server import serve_directory

HELPERS = Path(__file__).resolve().parent
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER_GLOBS = (
    "/usr/lib/*/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/*/webkit2gtk-4.0/MiniBrowser",
    "/usr/lib/*/webkitgtk-6.0/MiniBrowser",
    "/usr/libexec/webkit2gtk-4.*/MiniBrowser",
    "/usr/libexec/webkitgtk-6.0/MiniBrowser",
)
START_TIMEOUT_S = 60  # a WebKit session normally starts in about a second
START_ATTEMPTS = 2
INSTALL_HINT = "`make browsers` (apt-get install firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk)"

# Wait in the page until a test, a JS function of the window, returns something truthy.
WAIT_FOR = """async (timeout) => {
  const test = TEST;
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const value = test(window);
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("timed out after " + timeout + " ms waiting for " + TEST_TEXT);
}"""


class BrowserError(RuntimeError):
    """The browser or its driver failed, or the page threw."""


def minibrowser() -> str:
    """WebKitGTK's MiniBrowser: $MINIBROWSER, else the first of Debian's usual places."""
    if path := os.environ.get("MINIBROWSER"):
        return path
    for pattern in MINIBROWSER_GLOBS:
        if found := sorted(glob.glob(pattern)):
            return found[-1]
    raise BrowserError(f"MiniBrowser not found in {', '.join(MINIBROWSER_GLOBS)}: {INSTALL_HINT}")


def require(*paths: str) -> None:
    """Fail with the install hint when a browser or driver is missing."""
    if missing := [path for path in paths if not Path(path).is_file()]:
        raise BrowserError(f"not installed: {', '.join(missing)}: {INSTALL_HINT}")


@contextmanager
def virtual_display() -> Iterator[dict[str, str]]:
    """An Xvfb server on a free display number; yields the environment that points at it."""
    require(shutil.which("Xvfb") or "/usr/bin/Xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
        pass_fds=[write_end],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            raise BrowserError("Xvfb did not start (it named no display)")
        yield {**os.environ, "DISPLAY": f":{number}"}
    finally:
        server.terminate()
        server.wait(timeout=10)


# Truthy once a page has no engine, or its engine has started or failed.
ENGINE_SETTLED = """(w) => !w.document.getElementById("checker-config")
  || ["ready", "failed"].includes(w.document.documentElement.dataset.checkerEngine)"""
SEARCH_META = re.compile(r'<div class="md-search-result__meta">\s*(.*?)\s*</div>', re.S)


def served_search_text(page: Path) -> str | None:
    """The text Material's search box shows in the built page at `page` until its search
    worker has the index (it changes then); None for a page without search."""
    found = SEARCH_META.search(page.read_text(encoding="utf-8"))
    return html.unescape(found.group(1)) if found else None


def search_ready(page: Path) -> str:
    """A wait test: Material's search has its index (its box no longer shows the text the
    page at `page` was built with), or the page has no search."""
    served = json.dumps(served_search_text(page) or "")
    return f"""(w) => {{ const meta = w.document.querySelector(".md-search-result__meta");
  return !meta || meta.textContent.trim() !== {served}; }}"""


class _Driver:
    """What both drivers share: waiting in the page."""

    def run(self, function: str, *args: Any) -> Any:
        raise NotImplementedError

    def wait_for(self, test: str, timeout_ms: int = 60_000) -> Any:
        """Poll `test` (JS source of a function of the window) until it returns something truthy.

        The test is put into the script's source, not evaluated by the page (its CSP forbids
        eval)."""
        source = WAIT_FOR.replace("TEST_TEXT", json.dumps(test)).replace("TEST", test)
        return self.run(source, timeout_ms)


class Firefox(_Driver):
    """Firefox ESR over WebDriver BiDi (puppeteer-core in a Node child process).

    The CSP parser's console warnings do not reach BiDi's log events, so Firefox runs with
    its CSP parser log on (`MOZ_LOG=CSPParser:4`), which names each warning it logs.
    """

    name = "firefox"

    def __init__(self) -> None:
        require(FIREFOX)
        self._logs = Path(tempfile.mkdtemp(prefix="firefox-log-"))
        env = {**os.environ, "MOZ_LOG": "CSPParser:4,sync", "MOZ_LOG_FILE": str(self._logs / "csp")}
        self._process = subprocess.Popen(
            ["node", str(HELPERS / "firefox_driver.mjs"), FIREFOX],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._counter = 0

    def _call(self, op: str, *args: Any) -> Any:
        self._counter += 1
        self._process.stdin.write(json.dumps({"id": self._counter, "op": op, "args": args}) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise BrowserError(f"the Firefox driver exited ({self._process.wait()}) during {op}")
        answer = json.loads(line)
        if "error" in answer:
            raise BrowserError(f"{op}: {answer['error']}")
        return answer["value"]

    def goto(self, url: str) -> None:
        self._call("goto", url)

    def reload(self) -> None:
        self._call("reload")

    def run(self, function: str, *args: Any) -> Any:
        return self._call("run", function, list(args))

    def click(self, selector: str) -> None:
        self._call("click", selector)

    def take_errors(self) -> list[str]:
        return self._call("errors")

    def console_warnings(self, site: Path, paths: list[str], served: bool) -> list[str]:
        """The CSP parser's warnings for the pages at `paths` of `site`, each loaded (served or
        from file://)."""
        with _site_base(site, served) as base:
            urls = [base + path for path in paths]
            for path, url in zip(paths, urls, strict=True):
                self.goto(url)
                if not url.startswith("file:"):  # leave a started engine alone until it settles
                    self.wait_for(ENGINE_SETTLED, 90_000)
                    # and the page's own loads too: a load cut off by the next page's
                    # navigation shows as an error
                    self.wait_for(search_ready(site / path), 30_000)
        warnings = []
        for log in sorted(self._logs.iterdir()):
            page = ""
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
                if match := re.search(r"selfURI: (\S+)", line):
                    page = match.group(1)
                elif match := re.search(r"logWarningErrorToConsole: (\S+)", line):
                    if page in urls:
                        warnings.append(f"{page}: Content-Security-Policy {match.group(1)}")
        return sorted(set(warnings))

    def close(self) -> None:
        try:
            self._call("close")
            self._process.wait(timeout=30)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._process.stdin.close()
            self._process.stdout.close()
            shutil.rmtree(self._logs, ignore_errors=True)


# Collects uncaught errors, unhandled rejections and console errors of a page (WebDriver has
# no console events in WebKitGTK); installed after each load (earlier ones: console_warnings).
ERROR_COLLECTOR = """() => {
  if (window.__browserErrors) return;
  const errors = (window.__browserErrors = []);
  addEventListener("error", (event) => errors.push("page error: " + event.message));
  addEventListener("unhandledrejection", (event) =>
    errors.push("page error: unhandled rejection " + String(event.reason)));
  const original = console.error;
  console.error = (...args) => {
    errors.push("console error: " + args.map(String).join(" "));
    original.apply(console, args);
  };
}"""


class WebKit(_Driver):
    """WebKitGTK's MiniBrowser through WebKitWebDriver (Selenium), on the display in `env`."""

    name = "webkit"

    def __init__(self, env: dict[str, str]) -> None:
        from selenium.webdriver.webkitgtk.options import Options

        require(WEBKIT_DRIVER)
        self._env = env
        options = Options()
        options.binary_location = minibrowser()
        options.add_argument("--automation")
        self._driver = _start_webkit(options, env)
        self._driver.set_script_timeout(120)
        self._errors: list[str] = []

    def _collect(self) -> None:
        try:
            self._errors += self._driver.execute_script("return window.__browserErrors || []")
        except Exception:  # noqa: BLE001 - no page yet
            pass

    def _watch(self) -> None:
        self.run(ERROR_COLLECTOR)

    def goto(self, url: str) -> None:
        self._collect()
        self._driver.get(url)
        self._watch()

    def reload(self) -> None:
        self._collect()
        self._driver.refresh()
        self._watch()

    def run(self, function: str, *args: Any) -> Any:
        answer = self._driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve().then(() => ({function})(...arguments[0]))"
            ".then((value) => done({ value: value === undefined ? null : value }),"
            # WebKit's stack of an async function can be a bare "@": the message goes first
            " (error) => done({ error: error && error.message"
            " ? error.message + '\\n' + (error.stack || '') : String(error) }));",
            list(args),
        )
        if "error" in answer:
            raise BrowserError(answer["error"])
        return answer["value"]

    def click(self, selector: str) -> None:
        from selenium.webdriver.common.by import By

        element = self._driver.find_element(By.CSS_SELECTOR, selector)
        # on screen and laid out first, as under a reader's finger (content out of view may be
        # skipped by `content-visibility: auto`, which WebKit's driver calls not interactable)
        self._driver.execute_async_script(
            "const [node, done] = arguments; node.scrollIntoView({ block: 'center' });"
            " requestAnimationFrame(() => requestAnimationFrame(() => done()));", element)
        element.click()

    def take_errors(self) -> list[str]:
        self._collect()
        self._driver.execute_script("if (window.__browserErrors) window.__browserErrors.length = 0")
        errors, self._errors = self._errors, []
        return errors

    def console_warnings(self, site: Path, paths: list[str], served: bool) -> list[str]:
        """Warnings and errors WebKit's console shows while the pages at `paths` of `site` load
        (served or from file://): a MiniBrowser that is not automated (automation prints no
        console) opens a harness page that loads each page in a same-origin iframe."""
        return webkit_console(site, paths, served, self._env)

    def close(self) -> None:
        self._driver.quit()


def _start_webkit(options: Any, env: dict[str, str]) -> Any:
    """A WebKitGTK session. Now and then MiniBrowser never comes up and WebKitWebDriver waits for
    it forever: after START_TIMEOUT_S that driver (started here) is stopped, which fails the
    session, and a new one is tried."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.service import Service

    for attempt in range(1, START_ATTEMPTS + 1):
        service = Service(executable_path=WEBKIT_DRIVER, env=env, log_output=subprocess.DEVNULL)
        stop = threading.Timer(START_TIMEOUT_S, lambda s=service: s.process and s.process.kill())
        stop.start()
        try:
            with warnings.catch_warnings():  # Selenium's WebKitGTK driver uses a deprecated path
                warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
                return webdriver.WebKitGTK(options=options, service=service)
        except Exception as error:  # noqa: BLE001 - any failure to start is tried again once
            if attempt == START_ATTEMPTS:
                raise BrowserError(f"WebKit did not start ({attempt} attempts): {error}") from error
        finally:
            stop.cancel()
    raise AssertionError("unreachable")


# Loads each page ([address, the search box's built text or null]) in a same-origin iframe, one
# after the other, until its load event: a page's policy is parsed (and any warning about it
# logged) and its scripts have run by then.
CONSOLE_HARNESS = """<!doctype html><meta charset="utf-8"><title>console harness</title>
<body><script>
const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
(async () => {
  for (const [page, servedText] of PAGES) {
    const frame = document.createElement("iframe");
    const loaded = new Promise((resolve) => frame.addEventListener("load", resolve));
    frame.src = page;
    document.body.append(frame);
    await loaded;
    const served = location.protocol !== "file:";
    // a served checklist starts its engine: let it settle before the frame goes
    const root = frame.contentDocument && frame.contentDocument.documentElement;
    for (let i = 0; root && served && i < 900 && root.querySelector("#checker-config")
         && !["ready", "failed"].includes(root.dataset.checkerEngine); i++) {
      await pause();
    }
    // and let the page's own loads end: Material's search worker has its index once the
    // search box no longer shows the text the page was built with (`servedText`, null when
    // not waited for; a load cut off by the frame's removal would log a network error)
    const meta = () => root && root.querySelector(".md-search-result__meta");
    for (let i = 0; servedText !== null && meta() && i < 300
         && meta().textContent.trim() === servedText; i++) {
      await pause();
    }
    frame.remove();
  }
  console.log("HARNESS DONE");
})();
</script></body>"""
CONSOLE_LINE = re.compile(r"CONSOLE (?:SECURITY |JS )?(?:ERROR|WARN(?:ING)?)\b")


@contextmanager
def _site_base(site: Path, served: bool) -> Iterator[str]:
    """The site's base URL: served on 127.0.0.1 for the block, or its file:// URL."""
    if not served:
        yield site.as_uri() + "/"
        return
    with serve_directory(site) as base:
        yield base


def webkit_console(
    site: Path, paths: list[str], served: bool, env: dict[str, str], timeout: float = 180
) -> list[str]:
    """WebKit's console warnings and errors for the pages at `paths` (see WebKit)."""
    with tempfile.TemporaryDirectory(prefix="webkit-console-", ignore_cleanup_errors=True) as home:
        root = Path(home) / "root"
        root.mkdir()
        (root / "site").symlink_to(site.resolve(), target_is_directory=True)
        with _site_base(root, served) as base:
            pages = json.dumps([[base + "site/" + path,
                                 served_search_text(site / path) if served else None]
                                for path in paths])
            harness = CONSOLE_HARNESS.replace("PAGES", pages)
            (root / "console-harness.html").write_text(harness, encoding="utf-8")
            # a terminal, not a pipe: the web process writes each console line at once
            reader, writer = pty.openpty()
            browser = subprocess.Popen(
                [minibrowser(), "--enable-write-console-messages-to-stdout=true",
                 "--allow-file-access-from-file-urls=true", base + "console-harness.html"],
                stdout=writer,
                stderr=writer,  # WebKit writes console lines to stderr
                env={**env, "HOME": home, "XDG_DATA_HOME": home, "XDG_CACHE_HOME": home},
            )
            os.close(writer)
            try:
                lines = _read_until(reader, "HARNESS DONE", time.monotonic() + timeout)
            finally:
                browser.terminate()
                browser.wait(timeout=10)
                os.close(reader)
    return [line for line in lines if CONSOLE_LINE.search(line)]


def _read_until(fd: int, sentinel: str, deadline: float) -> list[str]:
    """Lines read from `fd` until one holds `sentinel` (not included)."""
    text = ""
    while sentinel not in text:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise BrowserError(f"no {sentinel!r} from MiniBrowser in time; it printed:\n{text}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closed: the browser exited
            chunk = b""
        if not chunk:
            raise BrowserError(f"MiniBrowser exited before the harness finished:\n{text}")
        text += chunk.decode(errors="replace").replace("\r\n", "\n")
    return text.split(sentinel, 1)[0].splitlines()
