"""`make bench`: how fast the checker is ready, measured against stock Pyodide in the same run.

Builds the site, adds a stock-Pyodide reference page beside it, then in headless Chromium
measures each variant several times, interleaved, and prints medians and ratios:

- ready: navigation start to "engine ready", cold (fresh profile) and repeat (same profile,
  second visit), served and from file://, and for the stock reference;
- verdict: answer click to verdict updated, median and p95 over 50 changes;
- main-thread blocking during boot: the sum of long tasks (> 50 ms) until ready;
- bytes the checklist page and a content page transfer (raw and gzip);
- bytes over the network on a first visit to the home page and to the checklist, counted at
  the server (the page, its workers and the service worker), the engine's share apart;
- mkdocs build time: clean, after touching one page, and the same without the site's build plugin.

Writes the figures to bench/results/latest.json. A benchmark, not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench import first_visit, other_browsers, profiles
from site_build import bundle as checker_bundle
from tests.helpers.server import COMPRESSIBLE, MIME_TYPES, serve_directory

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
PLUGIN_LINE = "  - naitei"  # the site's own build in mkdocs.yml (site_build/mkdocs_plugin.py)
BUILD_RUNS = 3  # rebuilds timed with and without the plugin
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => __longTasks.push(e.duration)))
  .observe({ type: "longtask", buffered: true });
"""
# Answer changes timed from the click to the verdict's first change, with the result where
# `where` says: "view" (scrolled into view, as the page brings it once every question has an
# answer) or "away" (the questions in view, the result below them: every blank question is
# answered first, untimed, so that the page brings nothing into view while it is timed).
VERDICT_LOOP = """async ({ count, where }) => {
  const verdict = document.querySelector("[data-checker-verdict]");
  const fieldsets = [...document.querySelectorAll("#checker-form fieldset")];
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  if (where === "away") {
    const blank = fieldsets.filter((fieldset) => !fieldset.querySelector("input:checked"));
    for (const fieldset of blank) fieldset.querySelector("input[type=radio]").click();
    if (blank.length) {
      await new Promise((resolve) => new MutationObserver((_, observer) => {
        observer.disconnect();
        resolve();
      }).observe(verdict, { childList: true, attributes: true }));
      await frame(); await frame(); // the page's own scroll to the result, and its second pass
    }
  }
  if (where === "view") verdict.scrollIntoView({ block: "start" });
  else fieldsets[0].scrollIntoView({ block: "start" });
  const times = [];
  for (let i = 0; i < count; i += 1) {
    // each click changes one answer, question after question, to its next option
    const radios = [...fieldsets[i % fieldsets.length].querySelectorAll("input[type=radio]")];
    const current = radios.findIndex((radio) => radio.checked);
    const radio = radios[(current + 1) % radios.length];
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(true); });
      observer.observe(verdict, { childList: true, attributes: true });
      setTimeout(() => { observer.disconnect(); resolve(false); }, 5000);
    });
    const start = performance.now();
    radio.click();
    if (!(await changed)) throw new Error("the verdict did not update within 5 s");
    times.push(performance.now() - start);
  }
  return times;
}"""

# Stay on the page, as a reader would, until its background work is done: the engine's snapshot
# stored for the next visit, and the service worker (both wait for answering to pause).
BACKGROUND_WORK = """async () => {
  const until = async (test) => {
    for (let i = 0; i < 300; i += 1) {
      if (await test()) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };
  const saved = await until(() => localStorage.getItem("naitei-engine/snapshot") !== null);
  const registered = await until(
    async () => Boolean(await navigator.serviceWorker.getRegistration()));
  if (registered) await navigator.serviceWorker.ready;
  return { snapshot_saved: saved, service_worker: registered };
}"""


def timed_build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


def build_times(work: Path) -> dict:
    """Clean build, rebuild after touching a page, and that rebuild without the site's build
    plugin (no engine, shortcodes or post-processing: what MkDocs and Material cost alone);
    the rebuilds as medians of BUILD_RUNS each."""
    plain = ROOT / ".bench-no-checker.yml"
    lines = [line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
             if line.rstrip() != PLUGIN_LINE]
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = ROOT / "docs" / "faq.md"
    touched, touched_plain = [], []
    try:
        clean = timed_build(ROOT / "mkdocs.yml", work / "site")
        timed_build(plain, work / "plain")  # warm
        for _ in range(BUILD_RUNS):  # interleaved: a busy moment weighs on both alike
            page.touch()
            touched.append(timed_build(ROOT / "mkdocs.yml", work / "site"))
            page.touch()
            touched_plain.append(timed_build(plain, work / "plain"))
    finally:
        plain.unlink(missing_ok=True)
    return {"clean_s": clean, "touched_s": statistics.median(touched),
            "touched_without_checker_s": statistics.median(touched_plain)}


def add_stock_reference(site: Path) -> None:
    """site/bench-stock/: stock Pyodide files, the engine's plain wheel, and a page using them."""
    stock = site / "bench-stock"
    shutil.copytree(checker_bundle.PYODIDE_DIR, stock / "pyodide")
    wheel = checker_bundle.build_wheel(Path(tempfile.mkdtemp()))
    shutil.copyfile(wheel, stock / wheel.name)
    shutil.copyfile(ROOT / "bench" / "stock.html", stock / "index.html")
    script = (ROOT / "bench" / "stock.js").read_text(encoding="utf-8").replace(
        "WHEEL_NAME", wheel.name
    )
    (stock / "stock.js").write_text(script, encoding="utf-8")


def transferred(urls: list[str], site: Path, base: str) -> dict:
    """Bytes of the files behind `urls` (raw, and as a gzip host sends them: text and
    WebAssembly compressed, zips as they are)."""
    raw = compressed = 0
    for url in set(urls):
        if not url.startswith(base):
            continue
        path = site / unquote(
            urlsplit(url).path.lstrip("/") if base.startswith("http") else url[len(base):]
        )
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            kind = MIME_TYPES.get(path.suffix, "application/octet-stream")
            sent = gzip.compress(data, 6) if kind.startswith(COMPRESSIBLE) else data
            compressed += len(sent)
    return {"bytes": raw, "gzip_bytes": compressed}


def visit(context, url: str, *, verdicts: int = 0) -> dict:
    """Open `url`, wait for the engine, and read the figures the page recorded."""
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(url)
    # selectors, not wait_for_function: the pages' CSP forbids the eval that it relies on
    page.wait_for_selector("html[data-checker-engine]", state="attached", timeout=120_000)
    figures = page.evaluate("""() => {
        const mark = performance.getEntriesByName("naitei:engine-ready")[0]
                  || performance.getEntriesByName("engine-ready")[0];
        const ready = mark ? mark.startTime : NaN;
        return { ready_ms: ready, state: document.documentElement.dataset.checkerEngine,
                 start: document.documentElement.dataset.checkerStart || "",
                 blocking_ms: __longTasks.reduce((sum, d) => sum + d, 0) };
    }""")
    if verdicts:
        # the result below first, right after the engine is ready (as every run before the
        # page brought the result into view), then in view
        for key, where in (("verdict_ms", "away"), ("verdict_in_view_ms", "view")):
            figures[key] = page.evaluate(VERDICT_LOOP, {"count": verdicts, "where": where})
    if url.startswith("http") and "bench-stock" not in url:
        figures["background"] = page.evaluate(BACKGROUND_WORK)
    figures["urls"] = urls
    page.close()
    return figures


def measure(playwright, url: str, *, verdicts: int = 0) -> tuple[dict, dict]:
    """A cold visit in a fresh profile, then a repeat visit in the same profile."""
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True)
        context.add_init_script(LONG_TASKS)
        try:
            cold = visit(context, url, verdicts=verdicts)
            if url.startswith("http") and "bench-stock" not in url:
                wait_for_offline_cache(context, url)
            repeat = visit(context, url)
        finally:
            context.close()
    return cold, repeat


def wait_for_offline_cache(context, url: str) -> None:
    page = context.new_page()
    page.goto(url.rsplit("/", 1)[0] + "/index.html")
    page.evaluate("""() => navigator.serviceWorker.controller ? true : new Promise((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))""")
    page.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)),
                        help="runs of each variant (default $BENCH_RUNS or 5)")
    parser.add_argument("--profile-runs", type=int,
                        default=int(os.environ.get("BENCH_PROFILE_RUNS", 1)),
                        help="runs of the phone, slow-3G, Firefox and WebKit figures, each a "
                             "minute or more (default $BENCH_PROFILE_RUNS or 1; 0 skips them)")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="naitei-bench-"))
    builds = build_times(work)
    site = work / "site"
    add_stock_reference(site)
    samples: dict[str, list[dict]] = {}
    with serve_directory(site) as base, sync_playwright() as playwright:
        variants = {
            "served": base + "checklist.html",
            "file": site.as_uri() + "/checklist.html",
            "stock": base + "bench-stock/index.html",
        }
        for run in range(options.runs):
            for name, url in variants.items():
                cold, repeat = measure(playwright, url, verdicts=50 if name == "served" else 0)
                samples.setdefault(f"{name}_cold", []).append(cold)
                samples.setdefault(f"{name}_repeat", []).append(repeat)
                print(f"run {run + 1}/{options.runs} {name}: cold {cold['ready_ms']:.0f} ms, "
                      f"repeat {repeat['ready_ms']:.0f} ms", file=sys.stderr)
        content = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = content.new_page()
        content_urls: list[str] = []
        page.on("request", lambda request: content_urls.append(request.url))
        page.goto(base + "steps.html")
        page.wait_for_load_state("networkidle")
        content.close()
        results = summarize(samples, site, base, content_urls)

        def launch(profile_dir: str):
            return playwright.chromium.launch_persistent_context(
                profile_dir, executable_path=CHROMIUM, args=ARGS, headless=True)

        results["first_visit"] = first_visit.measure(launch, site)
        if options.profile_runs:
            results["profiles"] = profiles.measure(
                launch, site, options.profile_runs, verdict_loop=VERDICT_LOOP,
                settle=lambda page: page.evaluate(BACKGROUND_WORK))
    if options.profile_runs:
        results["other_browsers"] = other_browsers.measure(
            site, options.profile_runs, BACKGROUND_WORK)
    results["build"] = builds
    results["machine"] = {"platform": platform.platform(), "cpus": os.cpu_count(),
                          "python": platform.python_version(), "runs": options.runs,
                          "pyodide": checker_bundle.pyodide_version()}
    runs = f"{options.runs} runs each"
    results["tables"] = {"chromium": as_table(f"Chromium, served from 127.0.0.1 ({runs})",
                                              table_rows(results))}
    if options.profile_runs:
        results["tables"]["profiles"] = as_table(
            f"Phones, slow networks, Firefox and WebKit ({options.profile_runs} run each)",
            profile_rows(results))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name in results["tables"]:
        print(format_rows(results["tables"][name]["rows"], results["tables"][name]["columns"]))
        print()
    print("To record this run: copy bench/results/latest.json to bench/results/<date>-<what>.json,"
          " then run python -m bench.report (it refills bench/README.md's tables).")
    shutil.rmtree(work, ignore_errors=True)


def as_table(title: str, rows: list[tuple[str, str, str]]) -> dict:
    """A table as bench/report.py reads it from a results file."""
    return {"title": title, "columns": ["figure", "value", "goal"], "rows": [list(r) for r in rows]}


def summarize(samples: dict, site: Path, base: str, content_urls: list[str]) -> dict:
    ready = {name: statistics.median(s["ready_ms"] for s in runs) for name, runs in samples.items()}
    blocking = {
        name: statistics.median(s["blocking_ms"] for s in runs) for name, runs in samples.items()
    }
    def verdict_times(key: str) -> dict:
        times = [t for s in samples["served_cold"] for t in s.get(key, [])]
        return {"median": statistics.median(times), "p95": percentile(times, 0.95)}

    stock_cold = ready["stock_cold"]
    restored = sum(s.get("start") == "restored" for s in samples["served_repeat"])
    return {
        "ready_ms": ready,
        "repeats_restored": f"{restored}/{len(samples['served_repeat'])}",
        "blocking_ms": blocking,
        "verdict_ms": verdict_times("verdict_ms"),
        "verdict_in_view_ms": verdict_times("verdict_in_view_ms"),
        "bytes": {
            "checklist": transferred(samples["served_cold"][0]["urls"], site, base),
            "stock": transferred(samples["stock_cold"][0]["urls"], site, base),
            "content_page": transferred(content_urls, site, base),
        },
        "ratios": {
            "cold_vs_stock_cold": ready["served_cold"] / stock_cold,
            "repeat_vs_stock_cold": ready["served_repeat"] / stock_cold,
            "file_vs_served_cold": ready["file_cold"] / ready["served_cold"],
        },
    }


def profile_rows(results: dict) -> list[tuple[str, str, str]]:
    """Phones, slow networks, Firefox and WebKit; then each of their goals, met or not."""
    rows = profiles.rows(results["profiles"]) + other_browsers.rows(results["other_browsers"])
    goals = {**profiles.goals(results["profiles"]),
             **other_browsers.goals(results["other_browsers"])}
    rows += [(f"goal: {goal}", "met" if met else "not met", "") for goal, met in goals.items()]
    return rows


def format_rows(body: list, columns: list[str]) -> str:
    rows = [columns, *body]
    width = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = [
        "| " + " | ".join(cell.ljust(width[i]) for i, cell in enumerate(row)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in width) + " |")
    return "\n".join(lines)


def table_rows(results: dict) -> list[tuple[str, str, str]]:
    """The Chromium figures: (figure, value, goal) rows."""
    ready, blocking, size = results["ready_ms"], results["blocking_ms"], results["bytes"]
    ratios, build = results["ratios"], results["build"]
    rows = []
    for name in (
        "served_cold", "served_repeat", "file_cold", "file_repeat", "stock_cold", "stock_repeat",
    ):
        rows.append((f"ready {name.replace('_', ' ')}", f"{ready[name]:.0f} ms", ""))
    rows += [
        ("cold / stock cold", f"{ratios['cold_vs_stock_cold']:.2f}", "<= 0.40"),
        ("repeat / stock cold", f"{ratios['repeat_vs_stock_cold']:.2f}", "<= 0.25"),
        ("served repeats restored from a snapshot", results["repeats_restored"], ""),
        ("file:// cold / served cold", f"{ratios['file_vs_served_cold']:.2f}", "<= 1.50"),
        *[(f"verdict median / p95, result {where}",
           f"{results[key]['median']:.1f} / {results[key]['p95']:.1f} ms", "p95 <= 16")
          for where, key in (("below", "verdict_ms"), ("in view", "verdict_in_view_ms"))],
        ("main-thread long tasks, served cold", f"{blocking['served_cold']:.0f} ms", "<= 100"),
        ("main-thread long tasks, stock cold", f"{blocking['stock_cold']:.0f} ms", ""),
        (
            "checklist page bytes (gzip)",
            f"{size['checklist']['bytes']:,} ({size['checklist']['gzip_bytes']:,})",
            "",
        ),
        (
            "stock page bytes (gzip)",
            f"{size['stock']['bytes']:,} ({size['stock']['gzip_bytes']:,})",
            "",
        ),
        (
            "checklist gzip / stock gzip",
            f"{size['checklist']['gzip_bytes'] / size['stock']['gzip_bytes']:.2f}",
            "<= 0.60",
        ),
        (
            "content page bytes (gzip)",
            f"{size['content_page']['bytes']:,} ({size['content_page']['gzip_bytes']:,})",
            "no Pyodide",
        ),
        *first_visit.rows(results["first_visit"]),
        ("mkdocs build, clean", f"{build['clean_s']:.1f} s", ""),
        ("rebuild after touching a page", f"{build['touched_s']:.1f} s", ""),
        ("same, without the naitei plugin", f"{build['touched_without_checker_s']:.1f} s", ""),
        (
            "rebuild ratio",
            f"{build['touched_s'] / build['touched_without_checker_s']:.2f}",
            "<= 1.50",
        ),
    ]
    return rows


if __name__ == "__main__":
    main()
