"""Small markup fixes that make every page pass axe and speak one language (a page's content
HTML in, the same out).

- Task-list items (`- [ ] ...`): pymdownx.tasklist puts the checkbox in an empty <label> and
  the item's text after it, so the checkbox has no accessible name. The text moves inside the
  label, which names the checkbox ("checkbox, not checked, <text>"). The items are found with
  the HTML parser.
- Heading permalinks: `toc.permalink_title` is one string for every language ("この見出しへの
  リンク / Link to this section"); each page keeps only its own language's half.
- Footnote back-links: Python-Markdown titles them in English ("Jump back to footnote 1 in
  the text"); a page gets its language's title from page_texts.toml where it has one.

The last two edit one known attribute (`title`) of links with a known class, which Markdown
writes in a fixed form: a pattern on that attribute is enough there.
"""

from __future__ import annotations

import itertools
import re

from site_build.postprocess.markup import Tag, splice, tags
from site_build.postprocess.texts import PAGE_TEXTS

HEADERLINK_TITLE = re.compile(r'(<a class="headerlink" href="[^"]*" title=")([^"]*)(")')
FOOTNOTE_BACKREF = re.compile(
    r'(<a class="footnote-backref" href="[^"]*" title=")Jump back to footnote (\d+) in the text(")'
)
FOOTNOTE_BACKREF_TITLE = PAGE_TEXTS["footnote_back_title"]  # by language
ITEM_ENDS = {("ul", False), ("ol", False), ("li", True)}  # what ends an item's own text


# An item's opening, tag by tag and with nothing between: <li><label><input><span></span></label>
ITEM_OPENING = (("label", False), ("input", False), ("span", False), ("span", True),
                ("label", True))


def _empty_label(found: list[Tag], index: int) -> Tag | None:
    """The end tag of the empty checkbox label that opens the task item at `index`, if any."""
    chain = found[index : index + 1 + len(ITEM_OPENING)]
    if len(chain) != 1 + len(ITEM_OPENING):
        return None
    if [(tag.name, tag.closing) for tag in chain[1:]] != list(ITEM_OPENING):
        return None
    if any(before.end != after.start for before, after in itertools.pairwise(chain)):
        return None
    label, checkbox, indicator = chain[1:4]
    if not (label.has_class("task-list-control") and checkbox.attrs.get("type") == "checkbox"
            and indicator.has_class("task-list-indicator")):
        return None
    return chain[-1]


def label_task_items(html: str) -> str:
    """Move each task-list item's text into its checkbox's label."""
    if "task-list-item" not in html:  # no task list: nothing to parse for
        return html
    found = tags(html)
    edits = []
    for index, tag in enumerate(found):
        if tag.name != "li" or tag.closing or tag.attrs.get("class") != "task-list-item":
            continue
        label_end = _empty_label(found, index)
        if label_end is None:
            continue
        after = found[found.index(label_end) + 1 :]
        stop = next((t.start for t in after if (t.name, t.closing) in ITEM_ENDS), len(html))
        text = html[label_end.end : stop]
        edits.append((label_end.start, stop, text.rstrip() + "</label>"))
    return splice(html, edits)


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


def fix(html: str, lang: str, languages: list[str]) -> str:
    """Every fix above, for a page in `lang` of a site in `languages`."""
    html = label_task_items(html)
    html = footnote_titles(html, lang)
    return one_language_title(html, lang, languages)
