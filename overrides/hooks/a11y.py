"""MkDocs hook: small markup fixes that make every page pass axe and speak one language.

- Task-list items (`- [ ] ...`): pymdownx.tasklist puts the checkbox in an empty <label> and
  the item's text after it, so the checkbox has no accessible name. The text moves inside the
  label, which names the checkbox ("checkbox, not checked, <text>").
- Heading permalinks: `toc.permalink_title` is one string for every language ("この見出しへの
  リンク / Link to this section"); each page keeps only its own language's half.
- Footnote back-links: Python-Markdown titles them in English ("Jump back to footnote 1 in
  the text"); Japanese pages get the Japanese title.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_build.i18n import current_language, languages  # noqa: E402

TASK_ITEM = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control">'
    r'<input type="checkbox"[^>]*><span class="task-list-indicator"></span>)</label>'
    r"(?P<text>(?:(?!<(?:ul|ol|/li)\b).)*)",
    re.S,
)
HEADERLINK_TITLE = re.compile(r'(<a class="headerlink" href="[^"]*" title=")([^"]*)(")')
FOOTNOTE_BACKREF = re.compile(
    r'(<a class="footnote-backref" href="[^"]*" title=")Jump back to footnote (\d+) in the text(")'
)
FOOTNOTE_BACKREF_TITLE = {"ja": "本文の脚注 {} に戻る"}




def label_task_items(html: str) -> str:
    """Move each task-list item's text into its checkbox's label."""
    return TASK_ITEM.sub(lambda m: m.group(1) + m.group("text").rstrip() + "</label>", html)


def one_language_title(html: str, lang: str, languages: list[str]) -> str:
    """Keep only `lang`'s half of a "ja text / en text" permalink title."""

    def pick(match: re.Match[str]) -> str:
        halves = match.group(2).split(" / ")
        if len(halves) != len(languages) or lang not in languages:
            return match.group(0)
        return match.group(1) + halves[languages.index(lang)] + match.group(3)

    return HEADERLINK_TITLE.sub(pick, html)


def footnote_titles(html: str, lang: str) -> str:
    """Footnote back-link titles in `lang` (Python-Markdown writes them in English)."""
    title = FOOTNOTE_BACKREF_TITLE.get(lang)
    if title is None:
        return html
    return FOOTNOTE_BACKREF.sub(lambda m: m.group(1) + title.format(m.group(2)) + m.group(3), html)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    lang = current_language(config)
    html = label_task_items(html)
    html = footnote_titles(html, lang)
    return one_language_title(html, lang, languages(config))
