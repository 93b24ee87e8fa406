"""A third language by data and pages only: a copy of the project gains the test-only
pseudo language `qp` (the English, marked and accented: a pseudo-locale), is built, and its
checklist and composer work in Chromium with the qp texts. No code file of the copy is
edited: if this needs a code change, the real code still assumes two languages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import WARNING_LINE
from helpers.server import serve_directory
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
LANG = "qp"  # a pseudo language (mkdocs-static-i18n takes two-letter codes only)
COPIED = ["docs", "checker", "overrides", "site_build", "web", "mkdocs.yml", "pyproject.toml",
          "package.json", "package-lock.json", "tsconfig.json", "tsconfig.workers.json"]
DATA = ["checker/*.toml", "site_build/postprocess/*.toml"]
ACCENTS = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
KEPT = re.compile(r"(\{[^{}]*\}|<[^<>]*>)")  # placeholders and tags stay as they are
READY_TIMEOUT = 90_000


def pseudo(text: str) -> str:
    """The English marked as pseudo text: accented vowels (not in placeholders), in ⟦ ⟧."""
    if not text.strip():
        return text
    parts = KEPT.split(text)
    return "⟦" + "".join(p if i % 2 else p.translate(ACCENTS) for i, p in enumerate(parts)) + "⟧"


def pseudo_value(value: object) -> object:
    """Every string in the value made pseudo (keys kept)."""
    if isinstance(value, str):
        return pseudo(value)
    if isinstance(value, list):
        return [pseudo_value(item) for item in value]
    if isinstance(value, dict):
        return {key: pseudo_value(item) for key, item in value.items()}
    return value


def with_pseudo(data: object) -> object:
    """The data with a qp text beside each en text (`en`, and `en_<form>` beside `ja_<form>`)."""
    if isinstance(data, list):
        return [with_pseudo(item) for item in data]
    if not isinstance(data, dict):
        return data
    found = {key: with_pseudo(value) for key, value in data.items()}
    for key, value in data.items():
        if key == "en":
            found[LANG] = pseudo_value(value)
        elif key.startswith("en_") and "ja_" + key[3:] in data:
            found[LANG + key[2:]] = pseudo_value(value)
    return found


def toml_value(value: object) -> str:
    """A TOML inline value (JSON's string escapes are TOML's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json_string(key)} = {toml_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"no TOML for {value!r}")


def json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_toml(path: Path, data: dict) -> None:
    path.write_text("".join(f"{json_string(k)} = {toml_value(v)}\n" for k, v in data.items()),
                    encoding="utf-8")


def add_language(copy: Path) -> None:
    """The qp language by data and pages: languages.toml, every text, pages and mkdocs.yml."""
    for pattern in DATA:
        for path in copy.glob(pattern):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if path.name == "languages.toml":
                english = next(lang for lang in data["languages"] if lang["id"] == "en")
                data["languages"].append(english | {"id": LANG})
            write_toml(path, with_pseudo(data))
    for page in (copy / "docs").glob("*.en.md"):
        page.with_name(page.name.replace(".en.md", f".{LANG}.md")).write_text(
            page.read_text(encoding="utf-8"), encoding="utf-8")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    english = re.search(r"^( +)- locale: en\n(?:\1 .*\n|\n)*", config, re.M)
    assert english, "mkdocs.yml: no i18n language `en` to copy"
    block = english.group(0).replace("locale: en", f"locale: {LANG}", 1)
    block = block.replace("name: English", "name: Pseudo", 1)
    config = config[:english.end()] + block + config[english.end():]
    # the heading links' title: each language's text, separated by " / ", the English last
    config = re.sub(r"(permalink_title: .* / )(.*)", lambda m: f"{m[0]} / {pseudo(m[2])}", config)
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    # the theme's own texts: Material has no catalog for the pseudo code; it gets English's
    import material

    catalog = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    target = copy / "overrides" / "partials" / "languages" / f"{LANG}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(catalog, target)


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy with qp, built with --strict (its own packages imported)."""
    copy = tmp_path_factory.mktemp("pseudo") / "project"
    copy.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    add_language(copy)
    site = copy / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(copy)},
        capture_output=True, text=True, timeout=1200, check=False)
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if WARNING_LINE.match(line)]
    assert result.returncode == 0 and not warnings, log
    return site


def expected(site: Path, answer: dict[str, str], details: dict[str, str]) -> dict:
    """The copy's engine on CPython: the verdict for `answer` and the draft for `details`."""
    code = ("import json, sys, checker; a, d = json.loads(sys.argv[1]);"
            f"r = checker.evaluate(a, lang={LANG!r}).to_dict();"
            f"print(json.dumps({{'verdict': r, 'draft': checker.compose(d, {LANG!r})}}))")
    result = subprocess.run([sys.executable, "-c", code, json.dumps([answer, details])],
                            cwd=site.parent, env={**os.environ, "PYTHONPATH": str(site.parent)},
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_a_pseudo_language_works_by_data_and_pages_only(pseudo_site: Path, new_context) -> None:
    """The qp checklist shows the verdict in qp texts; the qp composer drafts the Japanese with
    its qp gloss beside it (both as the copy's engine gives them on CPython)."""
    with serve_directory(pseudo_site) as url:
        page: Page = new_context().new_page()
        page.goto(url + f"{LANG}/checklist.html")
        page.wait_for_selector("html[data-checker-engine=ready]", timeout=READY_TIMEOUT)
        choice = page.locator("fieldset[data-scoring] input[type=radio]").first
        answer = {choice.get_attribute("name"): choice.get_attribute("value")}
        page.locator("fieldset[data-scoring] label.checker-option").first.click()
        details = {"company": "株式会社みなと精機", "name": "鈴木花子", "school": "東西大学",
                   "reason": "health"}
        want = expected(pseudo_site, answer, details)
        verdict = want["verdict"]
        assert verdict["summary"].startswith("⟦"), "the copy's engine did not answer in qp"
        shown = page.locator("[data-checker-verdict]")
        expect(shown).to_have_attribute("data-level", verdict["level"], timeout=READY_TIMEOUT)
        expect(shown.locator(".checker-verdict__level")).to_contain_text(verdict["level_label"])
        expect(shown.locator(".checker-verdict__summary")).to_have_text(verdict["summary"])

        page.goto(url + f"{LANG}/templates.html#composer")
        page.wait_for_function("() => document.documentElement.dataset.composerEngine === 'ready'",
                               timeout=READY_TIMEOUT)
        for field, value in details.items():
            if field == "reason":
                page.locator(f'label.composer-option:has(input[name=reason][value="{value}"])').click()
            else:
                page.locator(f"#composer-{field}").fill(value)
        gloss = want["draft"]["gloss"]["subject"]
        glosses = page.locator("[data-draft-part=subject] .composer-line__en")
        page.wait_for_function(
            "(ja) => document.querySelector('[data-draft-part=subject] .composer-line__ja')"
            "?.textContent === ja", arg=gloss[0]["ja"], timeout=READY_TIMEOUT)
        expect(glosses).to_have_text([line[LANG] for line in gloss])
        assert gloss[0][LANG].startswith("⟦") and details["name"] in gloss[0]["ja"]
