"""Phones and slow networks in `make bench`: headless Chromium throttled through the DevTools
protocol, the site served gzip-compressed as static hosts serve it.

- phone: Lighthouse's mobile profile, 150 ms round trip, 1.6 Mbps down, 750 kbps up, and the
  CPU slowed 4 x (`Emulation.setCPUThrottlingRate`, which slows the page's renderer); first
  visit to the checklist and repeat visit, beside stock Pyodide; a reader's path (the home
  page and a second page, 20 s of reading on each, then the checklist: opening it to ready;
  and the home page alone; throttled at the server, so the service worker's downloads share
  the phone's bandwidth too); the site served as a plain
  static host serves it (gzip for text and WebAssembly, not for zips; `max-age=600`);
- slow 3G: 400 ms, 0.4 Mbps: does the checker start at all;
- verdict median and p95 with the CPU slowed 4 x (no network throttling), the result below
  the questions.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers.server import serve_directory

# kbit/s -> bytes/s, as DevTools expects
PROFILES = {
    "phone": {"latency": 150, "down_kbps": 1600, "up_kbps": 750, "cpu": 4},
    "slow_3g": {"latency": 400, "down_kbps": 400, "up_kbps": 400, "cpu": 4},
    "cpu_only": {"latency": 0, "down_kbps": 0, "up_kbps": 0, "cpu": 4},
}
READING_S = 20
# The reader's path is throttled at the server instead (the phone profile's bandwidth and
# round trip, shared by every request): DevTools throttling reaches the page and its worker
# but not the service worker, whose background download this path depends on.
PHONE_LINK = (PROFILES["phone"]["down_kbps"] * 1000 // 8, PROFILES["phone"]["latency"] / 1000)
# What a plain static host sends beside gzip (GitHub Pages' defaults): a short freshness, so
# a file fetched twice in one visit comes from the browser's cache.
HOST_HEADERS = {"Cache-Control": "max-age=600"}
STATE = """() => ({ state: document.documentElement.dataset.checkerEngine || "",
  start: document.documentElement.dataset.checkerStart || "",
  ready_ms: ((performance.getEntriesByName("naitei:engine-ready")[0]
              || performance.getEntriesByName("engine-ready")[0]) || {}).startTime || null,
  now_ms: performance.now() })"""


def throttled_page(context, profile: dict):
    """A new page of `context` under `profile` (network and CPU), through a CDP session."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if profile["down_kbps"]:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False,
            "latency": profile["latency"],
            "downloadThroughput": profile["down_kbps"] * 1000 / 8,
            "uploadThroughput": profile["up_kbps"] * 1000 / 8,
        })
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return page


def open_until_settled(page, url: str, timeout_s: float = 240) -> dict:
    """Open `url` and wait until the engine is ready or has failed (or the timeout)."""
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_selector("html[data-checker-engine]", state="attached",
                               timeout=timeout_s * 1000)
    except Exception:  # noqa: BLE001 - a timeout is a figure too
        pass
    return page.evaluate(STATE)


def first_and_repeat(launch, url: str, profile: dict, settle) -> tuple[dict, dict]:
    """First visit in a fresh profile; then, once its background work is done, a repeat."""
    with tempfile.TemporaryDirectory() as directory:
        context = launch(directory)
        try:
            page = throttled_page(context, profile)
            first = open_until_settled(page, url)
            if first["state"] == "ready" and settle:
                settle(page)
            page.close()
            repeat = open_until_settled(throttled_page(context, profile), url)
        finally:
            context.close()
    return first, repeat


# The pages a reader reads before opening the checklist. The site keeps its engine for later
# only once the reader shows intent (a second page, or an engine page), so a reader of the home
# page alone downloads the engine when opening the checklist.
READERS_PATHS = {"readers_path": ("index.html", "steps.html"), "home_only": ("index.html",)}


def readers_path(launch, base: str, profile: dict, pages: tuple[str, ...]) -> dict:
    """Each of `pages`, READING_S seconds of reading on each, then the checklist: opening it
    to ready."""
    with tempfile.TemporaryDirectory() as directory:
        context = launch(directory)
        try:
            page = throttled_page(context, profile)
            for path in pages:
                page.goto(base + path, wait_until="load")
                time.sleep(READING_S)  # the reader reads; the site's background work goes on
            return open_until_settled(page, base + "checklist.html")
        finally:
            context.close()


def verdicts_under_cpu(launch, url: str, loop: str, count: int) -> list[float]:
    with tempfile.TemporaryDirectory() as directory:
        context = launch(directory)
        try:
            page = throttled_page(context, PROFILES["cpu_only"])
            if open_until_settled(page, url)["state"] != "ready":
                return []
            return page.evaluate(loop, {"count": count, "where": "away"})
        finally:
            context.close()


def measure(launch, site: Path, runs: int, *, settle, verdict_loop: str) -> dict:
    """Every figure of this module, `runs` times each (medians), interleaved.

    `launch(profile_dir)` starts Chromium with a persistent profile there (a Playwright
    context); `settle(page)` waits for a first visit's background work; `verdict_loop` is the
    benchmark's script that times answer changes."""
    samples: dict[str, list[dict]] = {}
    verdicts: list[float] = []
    phone = PROFILES["phone"]
    with serve_directory(site, gzip=True, headers=lambda path: HOST_HEADERS) as base:
        for run in range(runs):
            for name, url, settle_with in (("phone", base + "checklist.html", settle),
                                           ("stock_phone", base + "bench-stock/index.html", None)):
                first, repeat = first_and_repeat(launch, url, phone, settle_with)
                samples.setdefault(f"{name}_first", []).append(first)
                samples.setdefault(f"{name}_repeat", []).append(repeat)
            with serve_directory(site, gzip=True, headers=lambda path: HOST_HEADERS,
                                 link=PHONE_LINK) as slow_base:
                for name, pages in READERS_PATHS.items():
                    samples.setdefault(name, []).append(
                        readers_path(launch, slow_base, PROFILES["cpu_only"], pages))
            slow, _ = first_and_repeat(launch, base + "checklist.html", PROFILES["slow_3g"],
                                       None)
            samples.setdefault("slow_3g", []).append(slow)
            verdicts += verdicts_under_cpu(launch, base + "checklist.html", verdict_loop, 50)
            print(f"run {run + 1}/{runs} profiles: " + ", ".join(
                f"{k} {v[-1]['state'] or 'none'} {v[-1]['ready_ms'] or v[-1]['now_ms']:.0f} ms"
                for k, v in samples.items()), file=sys.stderr)
    return summarize(samples, verdicts)


def _median_ready(runs: list[dict]) -> float | None:
    ready = [s["ready_ms"] for s in runs if s["state"] == "ready" and s["ready_ms"]]
    return statistics.median(ready) if len(ready) == len(runs) else None


def summarize(samples: dict, verdicts: list[float]) -> dict:
    ready = {name: _median_ready(runs) for name, runs in samples.items()}
    stock = ready["stock_phone_first"]
    ordered = sorted(verdicts)
    return {
        "ready_ms": ready,
        "states": {name: [s["state"] or "none" for s in runs] for name, runs in samples.items()},
        "waited_ms": {name: [round(s["now_ms"]) for s in runs] for name, runs in samples.items()},
        "phone_first_vs_stock": ready["phone_first"] / stock if ready["phone_first"] and stock
        else None,
        "phone_repeat_vs_stock": ready["phone_repeat"] / stock if ready["phone_repeat"] and stock
        else None,
        "verdict_cpu4_ms": {
            "median": statistics.median(ordered) if ordered else None,
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            if ordered else None,
        },
    }


def _ms(value: float | None) -> str:
    return f"{value:.0f} ms" if value is not None else "did not start"


def rows(results: dict) -> list[tuple[str, str, str]]:
    ready, verdict = results["ready_ms"], results["verdict_cpu4_ms"]
    slow_states = "/".join(results["states"]["slow_3g"])
    ratio = results["phone_first_vs_stock"]
    repeat = results["phone_repeat_vs_stock"]
    return [
        ("phone: checklist first visit", _ms(ready["phone_first"]), ""),
        ("phone: checklist repeat visit", _ms(ready["phone_repeat"]), ""),
        ("phone: stock first / repeat", f"{_ms(ready['stock_phone_first'])} / "
                                        f"{_ms(ready['stock_phone_repeat'])}", ""),
        ("phone: first / stock first", f"{ratio:.2f}" if ratio else "n/a", "<= 0.50"),
        ("phone: repeat / stock first", f"{repeat:.2f}" if repeat else "n/a", "<= 0.10"),
        (f"phone: reader's path ({READING_S} s on the home page and on a second page), "
         "checklist to ready", _ms(ready["readers_path"]), "<= 3000 ms"),
        (f"phone: {READING_S} s on the home page only, checklist to ready",
         _ms(ready["home_only"]), "engine when asked"),
        ("slow 3G: checker state (waited)",
         f"{slow_states} ({max(results['waited_ms']['slow_3g']) / 1000:.0f} s)", "starts"),
        ("verdict median / p95 at 4 x CPU",
         f"{verdict['median']:.1f} / {verdict['p95']:.1f} ms" if verdict["p95"] else "n/a",
         "p95 <= 50"),
    ]


def goals(results: dict) -> dict[str, bool]:
    ready, verdict = results["ready_ms"], results["verdict_cpu4_ms"]
    return {
        "phone first <= 0.5 x stock": bool(results["phone_first_vs_stock"])
        and results["phone_first_vs_stock"] <= 0.5,
        "phone repeat <= 0.1 x stock": bool(results["phone_repeat_vs_stock"])
        and results["phone_repeat_vs_stock"] <= 0.1,
        "reader's path ready within 3 s": bool(ready["readers_path"])
        and ready["readers_path"] <= 3000,
        "slow 3G starts": all(s == "ready" for s in results["states"]["slow_3g"]),
        "verdict p95 <= 50 ms at 4 x CPU": bool(verdict["p95"]) and verdict["p95"] <= 50,
    }
