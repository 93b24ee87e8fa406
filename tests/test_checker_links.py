"""The rules' links: checked and resolved at build time (site_build/pages/links.py).

Unit tests drive the resolver with small stand-ins for built pages (with their tables of
contents, as the plugin reads them); the build tests
build a copy of the site whose data or pages are broken and see the build fail (or, with the
options marker put into a page, see the options rendered from the data)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import checker
from site_build.errors import BuildError
from site_build.pages import links as checker_links

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Heading:
    id: str
    title: str
    children: list = field(default_factory=list)


@dataclass
class File:
    src_uri: str


@dataclass
class FakePage:
    src_uri: str
    url: str
    title: str
    toc: list

    @property
    def file(self) -> File:
        return File(self.src_uri)


def _pages(lang_suffix: str = "", prefix: str = "") -> list[FakePage]:
    """A checklist page and a refusal page with a nested heading whose id has an underscore."""
    return [
        FakePage(f"checklist{lang_suffix}.md", f"{prefix}checklist.html", "Checklist", []),
        FakePage(f"if-refused{lang_suffix}.md", f"{prefix}if-refused.html", "If the answer is no",
                 [Heading("top", "Top", [Heading("next_options", "Where to go &amp; next")])]),
    ]


def _targets(pages: list[FakePage]) -> list[checker_links.Target]:
    """The pages as the plugin hands them to the resolver."""
    return [checker_links.Target(p.file.src_uri, p.url, p.title, checker_links.headings(p.toc))
            for p in pages]


@pytest.mark.parametrize("suffix,prefix", [("", ""), (".en", "en/")])
def test_links_resolve_to_href_and_heading_title(suffix: str, prefix: str) -> None:
    """A page link gets the page's title, an anchor link (underscore included) the heading's
    title, each with an href relative to the checklist page, in either language's build."""
    pages = _targets(_pages(suffix, prefix))
    got = checker_links.resolve_links(["if-refused.md", "if-refused.md#next_options"],
                                      pages[0].url, pages)
    assert got == {
        "if-refused.md": {"href": "if-refused.html", "title": "If the answer is no"},
        "if-refused.md#next_options": {"href": "if-refused.html#next_options",
                                       "title": "Where to go & next"},
    }


@pytest.mark.parametrize("link,named", [
    ("if-refused.md#nowhere", "no heading #nowhere"),
    ("missing.md#top", "no page missing.md"),
    ("missing.md", "no page missing.md"),
])
def test_a_bad_link_fails_naming_it(link: str, named: str) -> None:
    """A link to a missing page or heading raises BuildError naming the link and the fault."""
    pages = _targets(_pages())
    with pytest.raises(BuildError) as caught:
        checker_links.resolve_links(["if-refused.md#top", link], pages[0].url, pages)
    assert link in str(caught.value) and named in str(caught.value)


def test_every_link_of_the_data_is_collected() -> None:
    """rule_links returns each link of options, questions, steps and warnings, once."""
    rules = checker.load_rules()
    links = checker_links.rule_links(rules)
    assert "if-refused.md#next-options" in links and len(links) == len(set(links))
    for advice in rules.steps + rules.warnings:
        assert advice.link in links


def test_keep_searching_leads_to_the_refusal_guidance() -> None:
    """The step to keep searching links to what to do after a no, not to 'if the person is
    out'; no step, reason or warning links to that section."""
    rules = checker.load_rules()
    step = next(a for a in rules.steps if a.id == "keep-searching")
    assert step.link in ("if-refused.md#next-options", "steps.md#if-refused")
    assert "steps.md#if-out" not in checker_links.rule_links(rules)


# ---------------------------------------------------------------- whole builds of a copy


def _copy_site(tmp_path: Path) -> Path:
    """A copy of the site's sources; the engine bundle cache and node_modules are shared."""
    copy = tmp_path / "site-src"
    copy.mkdir()
    for name in ("docs", "overrides", "checker", "site_build", "web"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "package.json", "package-lock.json", "README.md"):
        shutil.copyfile(ROOT / name, copy / name)
    for name in ("node_modules", "build"):
        (ROOT / name).mkdir(exist_ok=True)
        (copy / name).symlink_to(ROOT / name)
    return copy


def _build(copy: Path) -> subprocess.CompletedProcess[str]:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run([str(mkdocs), "build", "--strict", "-d", str(copy / "site")],
                          cwd=copy, capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def test_the_build_fails_on_a_heading_missing_in_one_language(tmp_path: Path) -> None:
    """With the English page's heading id that a rule links to renamed, the build fails and
    names the link; the same copy with the heading back builds and resolves it."""
    copy = _copy_site(tmp_path)
    page = copy / "docs" / "if-refused.en.md"
    text = page.read_text(encoding="utf-8")
    assert "{#next-options}" in text
    page.write_text(text.replace("{#next-options}", "{#next_steps}"), encoding="utf-8")
    manner = copy / "docs" / "manner-of-decline.md"
    manner.write_text(manner.read_text(encoding="utf-8")
                      + "\n<!-- naitei:checker-options manner -->\n", encoding="utf-8")
    broken = _build(copy)
    assert broken.returncode != 0
    assert "if-refused.md#next-options" in broken.stderr and "next-options" in broken.stderr
    page.write_text(text, encoding="utf-8")
    fixed = _build(copy)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    html = (copy / "site" / "en" / "checklist.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'id="checker-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["links"]["if-refused.md#next-options"]["href"] == "if-refused.html#next-options"
    assert set(config["links"]) == set(checker_links.rule_links(checker.load_rules()))
    rendered = (copy / "site" / "manner-of-decline.html").read_text(encoding="utf-8")
    for option in checker.load_rules().question("manner").options:
        assert option.label("ja") in rendered and option.impact("ja") in rendered
    assert not re.search(r"[+-]\d+\s*点|\d+ to the total", rendered)


@pytest.mark.parametrize("lang,path", [("ja", "how-it-decides.html"),
                                       ("en", "en/how-it-decides.html")])
def test_how_it_decides_shows_every_exception_and_source(built_site: Path, lang: str,
                                                         path: str) -> None:
    """The built page states each cap's exception in words, every rule's source and that the
    situational questions never change the level, in its language."""
    from html import unescape

    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", (built_site / path).read_text(
        encoding="utf-8"))))
    described = checker.describe(lang)
    for cap in described["caps"]:
        assert cap["text"] in text
        if cap["exception"]:
            assert cap["exception"] in text and cap["exception_source"] in text
    for question in described["questions"]:
        for option in question["options"]:
            if option["source"]:
                assert option["source"] in text
        if question["situational"]:
            assert question["situational_text"] in text
