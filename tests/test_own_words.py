"""The Japanese pages and the checker's data are written in our own words.

The source article's facts carry over to the site, its sentences do not: no run of
MIN_RUN or more characters (spaces, punctuation, symbols and markup ignored) may be shared
between the article and a Japanese page (docs/*.md, not *.en.md) or a checker data file.
The article lies beside the repository, in ../shared/ (it is not part of the project).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "000_bff8485ccad2e019.txt"
MIN_RUN = 16
WORST_SHOWN = 10
CHECKED = sorted(p for p in (ROOT / "docs").glob("*.md") if not p.name.endswith(".en.md"))
CHECKED += sorted((ROOT / "checker").glob("*.toml"))


@dataclass(frozen=True)
class Text:
    """Only the letters and digits of a text, each with the line it came from."""

    chars: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Run:
    """A stretch of a page's letters that also occurs in the article."""

    line: int
    text: str


def _kept(char: str) -> bool:
    """Letters (kana, kanji, the long-vowel mark, Latin) and digits count; all else is noise."""
    return unicodedata.category(char)[0] in "LN"


def normalise(text: str) -> Text:
    """NFKC-folded `text` without whitespace, punctuation, symbols or markup characters."""
    chars, lines = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        for char in unicodedata.normalize("NFKC", line):
            if _kept(char):
                chars.append(char)
                lines.append(number)
    return Text("".join(chars), tuple(lines))


def shared_runs(page: Text, article: str, windows: set[str]) -> list[Run]:
    """Maximal runs of `page` of at least MIN_RUN characters that occur in `article`.

    `windows` holds every MIN_RUN-character window of the article: a page position starts
    a run only if its window is there, and the run then grows while it is still a
    substring of the article. A run inside one already found is not reported again.
    """
    runs, reached, text = [], 0, page.chars
    for start in range(len(text) - MIN_RUN + 1):
        if text[start : start + MIN_RUN] not in windows:
            continue
        end = start + MIN_RUN
        while end < len(text) and text[start : end + 1] in article:
            end += 1
        if end > reached:
            runs.append(Run(page.lines[start], text[start:end]))
            reached = end
    return runs


@pytest.fixture(scope="module")
def article() -> tuple[str, set[str]]:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not beside the repository ({ARTICLE.name} missing)")
    chars = normalise(ARTICLE.read_text(encoding="utf-8")).chars
    return chars, {chars[i : i + MIN_RUN] for i in range(len(chars) - MIN_RUN + 1)}


def test_normalise_ignores_spacing_punctuation_and_markup():
    """Spaces, 、。「」, Markdown and full-width forms do not hide a shared run."""
    plain = normalise("内定辞退の取り消しは難しい").chars
    marked = normalise("**内定辞退**の、「取り消し」は\n  難しい。").chars
    assert marked == plain
    assert normalise("ＡＢＣ１２３").chars == "ABC123"


def test_shared_runs_finds_maximal_runs_and_nothing_shorter():
    """A planted 20-character run is found whole, once; a 15-character one is not."""
    article = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
    windows = {article[i : i + MIN_RUN] for i in range(len(article) - MIN_RUN + 1)}
    page = normalise("前置き" + article[2:22] + "後書き" + article[:15])
    runs = shared_runs(page, article, windows)
    assert [run.text for run in runs] == [article[2:22]]


@pytest.mark.parametrize("path", CHECKED, ids=[p.relative_to(ROOT).as_posix() for p in CHECKED])
def test_no_long_run_shared_with_the_source_article(path: Path, article):
    """No run of MIN_RUN+ characters of this file also occurs in the source article."""
    chars, windows = article
    runs = shared_runs(normalise(path.read_text(encoding="utf-8")), chars, windows)
    worst = sorted(runs, key=lambda run: -len(run.text))[:WORST_SHOWN]
    assert not runs, (
        f"{path.relative_to(ROOT)}: {len(runs)} run(s) of {MIN_RUN}+ characters shared with "
        "the source article (rewrite them from the facts, in our own words):\n"
        + "\n".join(f"  line {run.line}, {len(run.text)} chars: {run.text}" for run in worst)
    )
