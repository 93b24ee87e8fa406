"""Firefox and WebKit in `make bench`: served first and repeat visit and file://, as ratios of
each browser's own first visit, and (probe.html) where WebKit spends the engine's start.

Uses the drivers of the browser tests (tests/helpers/browsers.py): a new driver is a fresh
profile, so a first visit is a first visit.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_build.scripts import ESBUILD, OPTIONS
from tests.helpers.browsers import Firefox, WebKit, virtual_display
from tests.helpers.server import serve_directory

HERE = Path(__file__).resolve().parent
READY = "(w) => w.document.documentElement.dataset.checkerEngine"
READY_MARK = """() => ({ state: document.documentElement.dataset.checkerEngine,
  start: document.documentElement.dataset.checkerStart || "",
  ready_ms: (performance.getEntriesByName("naitei:engine-ready")[0] || {}).startTime || null })"""
# probe.html's experiments the benchmark runs (see probe.html): the engine as served pages start
# it (the site's worker) and as file:// pages do (on the page, no store), with the main thread
# idle and busy, and the WebAssembly compile alone
PROBES = ("site-worker", "page-nostore", "site-worker-busy", "page-nostore-busy",
          "compile-worker", "compile-page")


def _visit(driver, url: str) -> dict:
    driver.goto(url)
    driver.wait_for(READY, 120_000)
    return driver.run(READY_MARK)


def visits(make_driver, site: Path, base: str, settle: str) -> dict:
    """Served first visit (fresh profile), repeat visit (same profile), file:// (fresh).

    `settle`: JS run on the first visit until its background work is done (snapshot stored,
    service worker installed), as a reader answering the questions would stay."""
    driver = make_driver()
    try:
        first = _visit(driver, base + "checklist.html")
        first["background"] = driver.run(settle)
        repeat = _visit(driver, base + "checklist.html")
    finally:
        driver.close()
    driver = make_driver()
    try:
        file = _visit(driver, site.as_uri() + "/checklist.html")
    finally:
        driver.close()
    return {"first": first, "repeat": repeat, "file": file}


@contextmanager
def probe_site(site: Path) -> Iterator[str]:
    """probe.html and probe.js (bundled with the site's browser code by the site's esbuild
    options) beside the built site (as site/), served; yields the base URL."""
    root = Path(tempfile.mkdtemp(prefix="naitei-probe-"))
    try:
        (root / "site").symlink_to(site, target_is_directory=True)
        (root / "probe.html").write_bytes((HERE / "probe.html").read_bytes())
        subprocess.run([str(ESBUILD), str(HERE / "probe.js"), *OPTIONS,
                        f"--outfile={root / 'probe.js'}", "--log-level=warning"], check=True)
        with serve_directory(root) as base:
            yield base
    finally:
        shutil.rmtree(root, ignore_errors=True)


def probe(make_driver, base: str, runs: int) -> dict:
    """Median figures of each probe experiment, each in a fresh browser (a first visit's cold
    cache and process), the order reversed every other run."""
    samples: dict[str, list[dict]] = {}
    for run in range(runs):
        for name in PROBES if run % 2 == 0 else PROBES[::-1]:
            driver = make_driver()
            try:
                driver.goto(f"{base}probe.html?{name}")
                figures = driver.wait_for("(w) => w.__probe", 120_000)
            finally:
                driver.close()
            if "error" in figures:
                raise RuntimeError(f"probe {name}: {figures['error']}")
            samples.setdefault(name, []).append(figures)
    return {name: _medians(runs_) for name, runs_ in samples.items()}


def _medians(samples: list[dict]) -> dict[str, float]:
    """The median of each figure (a number) over the samples that have it."""
    keys = {key for sample in samples for key, value in sample.items()
            if isinstance(value, int | float)}
    return {key: statistics.median(s[key] for s in samples
                                   if isinstance(s.get(key), int | float)) for key in keys}


def measure(site: Path, runs: int, settle: str) -> dict:
    """Both browsers' visits (runs each, medians) and WebKit's probe; `settle`: see visits."""
    results: dict = {}
    with virtual_display() as env, serve_directory(site) as base:
        makers = {"firefox": Firefox, "webkit": lambda: WebKit(env)}
        for name, make in makers.items():
            samples = []
            for run in range(runs):
                samples.append(visits(make, site, base, settle))
                print(f"run {run + 1}/{runs} {name}: " + ", ".join(
                    f"{k} {v['state']} {_ms(v['ready_ms'])}" for k, v in samples[-1].items()),
                    file=sys.stderr)
            results[name] = summarize(samples)
        with probe_site(site) as probe_base:
            results["webkit_probe"] = probe(makers["webkit"], probe_base, runs)
    return results


def _ms(value: float | None) -> str:
    return f"{value:.0f} ms" if value is not None else "did not start"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def summarize(samples: list[dict]) -> dict:
    """Medians of the visits that started (None where one did not: the run says so)."""
    ready = {}
    for kind in samples[0]:
        started = [s[kind]["ready_ms"] for s in samples if s[kind]["state"] == "ready"]
        ready[kind] = statistics.median(started) if len(started) == len(samples) else None
    return {
        "ready_ms": ready,
        "states": {kind: [s[kind]["state"] for s in samples] for kind in samples[0]},
        "repeat_vs_first": _ratio(ready["repeat"], ready["first"]),
        "file_vs_first": _ratio(ready["file"], ready["first"]),
        "served_vs_file": _ratio(ready["first"], ready["file"]),
        "repeats_restored": f"{sum(s['repeat']['start'] == 'restored' for s in samples)}"
                            f"/{len(samples)}",
    }


def rows(results: dict) -> list[tuple[str, str, str]]:
    """Table rows (figure, value, goal) for bench/__main__.py's table."""
    out = []
    for name in ("firefox", "webkit"):
        r = results[name]
        ready = r["ready_ms"]
        out += [
            (f"{name} ready served first / repeat / file",
             " / ".join(_ms(ready[kind]) for kind in ("first", "repeat", "file")), ""),
            (f"{name} repeat / first (restored)",
             f"{_fixed(r['repeat_vs_first'])} ({r['repeats_restored']})",
             "<= 0.60" if name == "webkit" else ""),
            (f"{name} file:// / first", _fixed(r["file_vs_first"]), ""),
        ]
    out.append(("webkit served first / file://", _fixed(results["webkit"]["served_vs_file"]),
                "<= 1.20"))
    probe_ = results.get("webkit_probe")
    if probe_:
        def ms(name: str, key: str = "done_ms") -> str:
            return f"{probe_[name][key]:.0f}"

        out += [
            ("webkit probe: engine start worker / page",
             f"{ms('site-worker')} / {ms('page-nostore')} ms", ""),
            ("same, main thread busy 250 ms meanwhile",
             f"{ms('site-worker-busy')} / {ms('page-nostore-busy')} ms", ""),
            ("webkit probe: longest main-thread task worker / page",
             f"{ms('site-worker', 'longest_task_ms')} / "
             f"{ms('page-nostore', 'longest_task_ms')} ms", ""),
            ("webkit probe: wasm compileStreaming worker / page",
             f"{ms('compile-worker', 'compile_ms')} / {ms('compile-page', 'compile_ms')} ms", ""),
        ]
    return out


def _fixed(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "n/a"


def goals(results: dict) -> dict[str, bool]:
    """The issue's goals for these browsers: met or not (a visit that did not start: not)."""
    webkit = results["webkit"]
    repeat, served = webkit["repeat_vs_first"], webkit["served_vs_file"]
    return {"webkit repeat <= 0.6 x first": repeat is not None and repeat <= 0.6,
            "webkit served <= 1.2 x file://": served is not None and served <= 1.2}
