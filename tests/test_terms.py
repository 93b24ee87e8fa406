"""One word for the student's act: 撤回 (taking back a decline), never 取り消し.

取り消し is the company's 内定取り消し (revoking an offer), and 取消し (written without り) is
the legal rescission of a statement made under duress or by mistake. Using the same word
for the student's withdrawal confuses readers, so the Japanese pages, the checklist's
Japanese texts and the site's titles say 撤回 (辞退の撤回, 撤回したい, 撤回のお願い). In
English, "revoke"/"revocation" is only the company's act ("withdraw/take back your decline").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.mkdocs_config import load_mkdocs_yml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHECKER_DATA = sorted((ROOT / "checker").glob("*.toml"))

# 取り消 right after 内定 (内定取り消し, 内定の/を/が取り消…) is the company's act.
COMPANY = r"(?<!内定)(?<!内定の)(?<!内定を)(?<!内定が)"
STUDENT_ACT_JA = [
    # the decline itself taken back: 辞退を取り消す, 辞退の取り消し, 辞退取り消し, 辞退は取り消せる
    re.compile(r"辞退\s*[をのはもが]?\s*取り消"),
    # 一度辞退した内定を取り消す: the offer the student declined, "taken back" by the student
    re.compile(r"辞退した内定\s*[をはも]?[、\s]*取り消"),
    # wanting it: 取り消したい, 取り消したくなった
    re.compile(COMPANY + r"取り消した[いく]"),
    # asking for it, or its prospects: 取り消しのお願い, 取り消しを頼む, 取り消しの見込み
    re.compile(
        COMPANY + r"取り消し\s*[のを]?\s*(?:お願い|お願|頼|依頼|願い出|申し出|申し入れ|希望"
        r"|見込み|手順|可能性)"
    ),
    # the company's answer to it: 取り消しが認められる, 取り消しを受け入れる, 取り消しに応じる
    re.compile(COMPANY + r"取り消し\s*[がはをに]?\s*(?:認め|受け入れ|受理|応じ)"),
]
STUDENT_ACT_EN = [
    re.compile(
        r"\b(?:revok\w*|revocation|rescind\w*)\s+(?:of\s+)?(?:your|the|a|my)\s+decline", re.I
    ),
]


@dataclass(frozen=True)
class Allowed:
    """A phrase that may use 取り消し for the student's act, and why."""

    file: str  # relative to the repository root
    phrase: str
    reason: str


# Readers search for "取り消し": the home page and the glossary name that word once, as the
# word readers use, next to the site's own word 撤回.
ALLOWLIST = (
    Allowed(
        "docs/index.md",
        "「内定辞退の取り消し」",
        "the words readers search with, named once so that search finds the guide",
    ),
    Allowed(
        "docs/glossary.md",
        "「辞退の取り消し」",
        "the glossary names the common wording it replaces by 撤回",
    ),
)


@dataclass(frozen=True)
class Line:
    """One line of Japanese (or English) site text, and where it is."""

    where: str
    text: str


def _markdown_lines(paths: list[Path]) -> Iterator[Line]:
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            yield Line(f"{rel}:{number}", _without_allowed(rel, text))


def _without_allowed(rel: str, text: str) -> str:
    for entry in ALLOWLIST:
        if entry.file == rel:
            text = text.replace(entry.phrase, "")
    return text


def _strings(data: object, lang: str, key: str = "") -> Iterator[str]:
    """Every string of parsed TOML data whose own key is `lang` (as in `label.ja = "…"`)."""
    if isinstance(data, dict):
        for k, value in data.items():
            yield from _strings(value, lang, k)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, lang, key)
    elif isinstance(data, str) and key == lang:
        yield data


def _toml_lines(lang: str) -> Iterator[Line]:
    """The `lang` strings of the checker's data, each located at its line in the file."""
    for path in CHECKER_DATA:
        raw = path.read_text(encoding="utf-8").splitlines()
        rel = path.relative_to(ROOT).as_posix()
        for text in _strings(tomllib.loads(path.read_text(encoding="utf-8")), lang):
            number = next((i for i, line in enumerate(raw, 1) if text[:24] in line), 0)
            yield Line(f"{rel}:{number}", text)


def _mkdocs_titles() -> Iterator[Line]:
    """The Japanese site name and nav titles of mkdocs.yml."""
    config = load_mkdocs_yml()
    yield Line("mkdocs.yml site_name", config["site_name"])
    for item in config["nav"]:
        for title in item:
            yield Line(f"mkdocs.yml nav {title!r}", title)


def _hits(lines: Iterator[Line], patterns: list[re.Pattern[str]]) -> list[str]:
    return [
        f"{line.where}: …{line.text[max(0, m.start() - 12) : m.end() + 12]}…"
        for line in lines
        for pattern in patterns
        if (m := pattern.search(line.text))
    ]


TEKKAI = "say 撤回 for the student's act (取り消し is the company's):\n"


def _flagged(text: str) -> bool:
    return any(pattern.search(text) for pattern in STUDENT_ACT_JA)


@pytest.mark.parametrize(
    "text",
    [
        "内定辞退を取り消したいとき",
        "辞退の取り消しをお願いする",
        "内定辞退取り消しの手順",
        "一度辞退した内定を取り消すのは難しい",
        "取り消したいと決めたら",
        "取り消しのお願いに応じるかどうか",
        "取り消しを頼むときの受け止められ方",
        "取り消しが認められる可能性は低い",
        "取り消しの見込みチェックリスト",
    ],
)
def test_the_students_act_called_torikeshi_is_caught(text: str):
    assert _flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "会社が内定を取り消すことは、解雇と同じように判断されます",
        "ほかの会社に内定を取り消された",
        "内定取り消しが認められやすい理由",
        "内定の取り消しを避けるよう会社に求めています",
        "選んだ内定が不当に取り消された",
        "強迫による意思表示は取消しを主張できる場合があります",
        "内定辞退の撤回をお願いする",
    ],
)
def test_the_companys_act_and_the_legal_term_pass(text: str):
    assert not _flagged(text)


def test_allowlist_entries_are_still_needed():
    """Each allowlisted phrase is still in its file (else the entry is stale)."""
    stale = [e for e in ALLOWLIST if e.phrase not in (ROOT / e.file).read_text("utf-8")]
    assert not stale, f"stale allowlist entries: {stale}"


JA_PAGES = sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".en.md"))
EN_PAGES = sorted(DOCS.glob("*.en.md"))


@pytest.mark.parametrize("path", JA_PAGES, ids=[p.name for p in JA_PAGES])
def test_japanese_page_says_tekkai_for_the_students_act(path: Path):
    """No Japanese page calls the student's taking back of a decline 取り消し."""
    hits = _hits(_markdown_lines([path]), STUDENT_ACT_JA)
    assert not hits, TEKKAI + "\n".join(hits)


def test_checker_japanese_texts_say_tekkai_for_the_students_act():
    """No Japanese text of the checklist (rules.toml, ui.toml) calls it 取り消し."""
    hits = _hits(_toml_lines("ja"), STUDENT_ACT_JA)
    assert not hits, TEKKAI + "\n".join(hits)


def test_site_titles_say_tekkai_for_the_students_act():
    """The site name and the nav titles say 撤回."""
    hits = _hits(_mkdocs_titles(), STUDENT_ACT_JA)
    assert not hits, "\n".join(hits)


def test_english_texts_keep_revocation_for_the_companys_act():
    """English pages and checker texts never "revoke" the student's decline."""
    hits = _hits(_markdown_lines(EN_PAGES), STUDENT_ACT_EN)
    hits += _hits(_toml_lines("en"), STUDENT_ACT_EN)
    assert not hits, "say withdraw/take back your decline:\n" + "\n".join(hits)
