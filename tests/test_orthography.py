"""One orthography for the Japanese the reader sees: on the pages and in the checker's data
(the checklist, the composer's drafts, the call script).

- お詫び, never おわび or 御詫び;
- わかる / わからない, never 分かる / 分からない;
- full-width （） around and inside Japanese text, never half-width ();
- in the checker's data, 会社 rather than 企業.

Markdown and HTML syntax is left out first: code, comments, tags, link targets `](…)`,
heading ids `{#…}`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JA_PAGES = sorted(p for p in (ROOT / "docs").glob("*.md") if not p.name.endswith(".en.md"))
CHECKER_DATA = sorted((ROOT / "checker").glob("*.toml"))
JAPANESE = r"[\u3040-\u30ff\u3400-\u9fff\u3005\u3000-\u303f\uff01-\uff5e]"
SPELLINGS = [
    # おわび as a word, not as the reading given in brackets (お詫び状（おわびじょう）)
    (re.compile(r"(?<!（)おわび|御詫び|お侘び"), "お詫び"),
    # 分かる "to understand" (分からない, 分かり, 分かった, 分かれば), not 分かれる "to split",
    # nor 分 ending a word (自分から, 十分かどうか)
    (re.compile(r"(?<![\u4e00-\u9fff])分か(?:る|ら|り|っ|れば)"), "わかる / わからない"),
]
# In the checker's texts (running text, no page titles): 会社, not 企業.
COMPANY_WORD = (re.compile(r"企業"), "会社 (in running text)")
# A half-width bracket pair whose content or either neighbour is Japanese.
_PAIR = r"\([^()\n]*\)"
HALF_WIDTH = re.compile(rf"{JAPANESE}{_PAIR}|{_PAIR}{JAPANESE}|\([^()\n]*{JAPANESE}[^()\n]*\)")
SYNTAX = re.compile(r"```.*?```|`[^`\n]*`|<!--.*?-->|<[^>\n]*>|\]\([^)\n]*\)|\{#[^}\n]*\}|"
                    r"\{:[^}\n]*\}", re.S)


def _page_text(path: Path) -> str:
    """The page's prose: syntax blanked out, line numbers kept."""
    return SYNTAX.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), path.read_text("utf-8"))


def _japanese_strings(data: object, key: str = "") -> Iterator[str]:
    """Every Japanese string of parsed checker data: the values under a `ja` key."""
    if isinstance(data, dict):
        for k, value in data.items():
            yield from _japanese_strings(value, k)
    elif isinstance(data, list):
        for value in data:
            yield from _japanese_strings(value, key)
    elif isinstance(data, str) and key == "ja":
        yield data


def _problems(where: str, text: str) -> list[str]:
    found = [f"{where}: {m.group()!r}: write {right}"
             for pattern, right in SPELLINGS for m in pattern.finditer(text)]
    found += [f"{where}: {m.group()!r}: use full-width （）" for m in HALF_WIDTH.finditer(text)]
    return found


@pytest.mark.parametrize("path", JA_PAGES, ids=[p.name for p in JA_PAGES])
def test_japanese_page_keeps_one_orthography(path: Path) -> None:
    """The page writes お詫び and わかる, and full-width brackets in Japanese prose."""
    problems = [p for number, line in enumerate(_page_text(path).splitlines(), 1)
                for p in _problems(f"{path.name}:{number}", line)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHECKER_DATA, ids=[p.name for p in CHECKER_DATA])
def test_checker_japanese_keeps_one_orthography(path: Path) -> None:
    """Every Japanese text of the checker's data keeps the same orthography as the pages."""
    data = tomllib.loads(path.read_text("utf-8"))
    problems = [p for text in _japanese_strings(data) for p in _problems(path.name, text)]
    pattern, right = COMPANY_WORD
    problems += [f"{path.name}: {m.group()!r}: write {right}"
                 for text in _japanese_strings(data) for m in pattern.finditer(text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text", ["質問(応募の経路など)", "中(お使いのブラウザー)", "(約11MB)です",
                                  "おわびします", "よく分からない", "御詫び申し上げます",
                                  "分かれば"])
def test_each_kind_of_slip_is_caught(text: str) -> None:
    """The checks find each kind of slip the review found."""
    assert _problems("sample", text)


@pytest.mark.parametrize("text", ["お詫び申し上げます", "質問（応募の経路など）",
                                  "[手順](steps.md)", "English (only)", "`f(x)`",
                                  "<!-- naitei:checker-options manner -->", "意見が分かれる",
                                  "自分から連絡する", "お詫び状（おわびじょう）"])
def test_correct_text_and_syntax_pass(text: str) -> None:
    """Correct orthography, Markdown links, code and English brackets are not flagged."""
    assert not _problems("sample", SYNTAX.sub(" ", text))
