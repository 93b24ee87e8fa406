"""The steps over the built site (site_build/postprocess/), on small HTML strings and folders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_build.errors import BuildError
from site_build.postprocess import a11y, csp, manifest, markup, not_found, search_index, vendor

PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>t</title>{head}</head>'
        "<body>{body}</body></html>")


def _policy(html: str) -> dict[str, list[str]]:
    content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1]
    return {part.split()[0]: part.split()[1:] for part in content.split("; ")}


# ------------------------------------------------------------------ markup


def test_tags_know_their_exact_offsets_across_lines():
    """Each tag's offsets cut exactly its text out of the page, on any line."""
    html = '<p>a</p>\n<div class="x y">\n  <img src="i.png"/></div>'
    for tag in markup.tags(html):
        assert html[tag.start : tag.end].startswith("</" if tag.closing else "<" + tag.name)
        assert html[tag.end - 1] == ">"
    div = next(tag for tag in markup.tags(html) if tag.name == "div")
    assert div.has_class("y") and not div.has_class("z")


def test_an_elements_body_is_its_raw_text():
    """A script's body is the raw text, entities and markup-looking text included."""
    html = "<script>if (a < b && c) { x = '</p>&amp;'; }</script>"
    [script] = markup.elements(html, "script")
    assert html[script.body_start : script.body_end] == "if (a < b && c) { x = '</p>&amp;'; }"


# ------------------------------------------------------------------ csp


def test_scripts_in_a_comment_or_with_a_src_or_data_type_get_no_hash():
    """Only scripts the browser runs are hashed: not a src script, a JSON block, or a script
    inside a comment (which a pattern over the text would have hashed)."""
    html = PAGE.format(head='<!-- <script>old()</script> --><script SRC="a.js"></script>'
                            '<script type="application/json">{"a": 1}</script>',
                       body="<SCRIPT>run()</SCRIPT ><script type=module>go()</script>")
    assert csp.inline_scripts(html) == ["run()", "go()"]
    hashes = [s for s in _policy(csp.insert_policy(html))["script-src"] if s.startswith("'sha")]
    assert hashes == [csp.sha256_source("run()"), csp.sha256_source("go()")]


def test_the_policy_goes_after_the_charset_or_else_after_head():
    """The policy's <meta> follows <meta charset> in <head>, or <head> without one."""
    with_charset = csp.insert_policy(PAGE.format(head="", body=""))
    assert '<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy"' in with_charset
    bare = csp.insert_policy("<html><head><title>t</title></head><body></body></html>")
    assert bare.startswith('<html><head>\n  <meta http-equiv="Content-Security-Policy"')


def test_a_page_without_head_is_refused():
    """A page without <head> has nowhere for its policy: the step says so."""
    with pytest.raises(BuildError, match="no <head>"):
        csp.insert_policy("<p>no head</p>")


def test_the_shim_script_is_hashed_for_the_pages_search_worker():
    """A page that loads the shim gets the hash of the shim's iframe script for its worker."""
    config = '<script id="__config" type="application/json">{"search": "w/s.js"}</script>'
    html = PAGE.format(head='<script src="assets/vendor/iframe-worker/shim.js"></script>' + config,
                       body="")
    policy = _policy(csp.insert_policy(html, shim="run('{url}')"))
    assert csp.sha256_source("run('w/s.js')") in policy["script-src"]


# ------------------------------------------------------------------ a11y

TASK = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" '
        'disabled><span class="task-list-indicator"></span></label>{text}</li>')


def test_a_task_items_text_moves_into_its_label():
    """The item's text (with its inline markup) ends the label; a nested list stays outside."""
    html = "<ul>" + TASK.format(text=" Call <em>today</em>\n<ul><li>sub</li></ul>") + "</ul>"
    fixed = a11y.label_task_items(html)
    assert '<span class="task-list-indicator"></span> Call <em>today</em></label><ul>' in fixed
    assert fixed.count("</label>") == 1


def test_a_list_item_of_another_shape_is_left_alone():
    """An item whose label is not the empty checkbox label is not touched."""
    html = ('<li class="task-list-item"><label class="task-list-control">Named</label>'
            "text</li>")
    assert a11y.label_task_items(html) == html


def test_each_language_keeps_its_half_of_the_permalink_title_and_its_footnote_title():
    """A Japanese page gets the Japanese permalink title and footnote back-link title."""
    html = ('<a class="headerlink" href="#a" title="見出しへ / To the heading">¶</a>'
            '<a class="footnote-backref" href="#r1" title="Jump back to footnote 1 in the text">'
            "↩</a>")
    ja = a11y.fix(html, "ja", ["ja", "en"])
    assert 'title="見出しへ"' in ja and 'title="本文の脚注 1 に戻る"' in ja
    en = a11y.fix(html, "en", ["ja", "en"])
    assert 'title="To the heading"' in en and "Jump back to footnote 1" in en


# ------------------------------------------------------------------ search index

CONFIG = ('<script id="__config" type="application/json">'
          '{"base": "..", "search": "../assets/javascripts/workers/search.1.min.js"}</script>')


@pytest.mark.parametrize("lang,folder,base,worker", [
    ("ja", "", "..", "search-segmenter.js"), ("en", "en/", "../en/", "search.1.min.js")])
def test_a_page_searches_its_languages_index(lang, folder, base, worker):
    """Another language's page searches under its folder; Japanese uses the segmenter."""
    html = search_index.point_search(PAGE.format(head=CONFIG, body=""), lang, folder)
    config = json.loads(html[slice(*csp.material_config(html))])
    assert config["base"] == base and config["search"].endswith("/" + worker)


def test_the_merged_index_is_split_by_language(tmp_path: Path):
    """Each language's index holds its own pages, located from its folder, with its settings."""
    merged = {"config": {"lang": ["ja", "en"]}, "docs": [
        {"location": "faq.html", "text": "よくある質問"},
        {"location": "en/faq.html", "text": "FAQ"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text(json.dumps(merged), encoding="utf-8")
    settings = {"ja": {"lang": ["ja"]}, "en": {"lang": ["en"]}}
    search_index.split_index(tmp_path, {"ja": "", "en": "en/"}, settings)
    ja = json.loads((tmp_path / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((tmp_path / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert [d["text"] for d in ja["docs"]] == ["よくある質問"] and ja["config"]["lang"] == ["ja"]
    assert en["docs"] == [{"location": "faq.html", "text": "FAQ"}]
    assert not (tmp_path / "en/search/search_index.js").exists()  # no offline plugin here


# ------------------------------------------------------------------ plain pages, manifest, vendor


def test_plain_pages_link_every_home_relatively_their_own_first(tmp_path: Path):
    """en/404.html links the English home first, then the Japanese one one folder up."""
    folders = {"ja": "", "en": "en/"}
    not_found.write_plain_pages(tmp_path, folders, {"ja": "サイト", "en": "Site"})
    page = (tmp_path / "en/404.html").read_text(encoding="utf-8")
    assert page.index('href="index.html" hreflang="en"') < page.index(
        'href="../index.html" hreflang="ja"')
    assert "<title>Page not found - Site</title>" in page
    offline = (tmp_path / "offline.html").read_text(encoding="utf-8")
    for target, labels in not_found.TEXTS["offline_links"].items():
        assert f'<a href="{target}">{labels["ja"]}</a>' in offline


def test_every_plain_page_text_is_in_every_language():
    """Both plain pages have the same texts in every language they are written in."""
    for kind in ("not_found", "offline"):
        keys = {lang: set(texts) for lang, texts in not_found.TEXTS[kind].items()}
        assert len(set(map(frozenset, keys.values()))) == 1, kind
    assert all(set(labels) == set(not_found.TEXTS["not_found"])
               for labels in not_found.TEXTS["offline_links"].values())


def test_a_manifest_in_a_language_folder_reaches_the_icons_at_the_root(tmp_path: Path):
    """en/manifest.webmanifest names the icons one folder up; the root one from the root."""
    manifest.write_manifests(tmp_path, {"ja": "", "en": "en/"},
                             {"ja": ("名前", "説明"), "en": ("Name", "About")})
    en = json.loads((tmp_path / "en" / manifest.MANIFEST).read_text(encoding="utf-8"))
    ja = json.loads((tmp_path / manifest.MANIFEST).read_text(encoding="utf-8"))
    assert {icon["src"][: len("../assets/")] for icon in en["icons"]} == {"../assets/"}
    assert {icon["src"][: len("assets/")] for icon in ja["icons"]} == {"assets/"}
    assert (en["name"], ja["short_name"]) == ("Name", manifest.SHORT_NAMES["ja"])


def test_a_missing_vendored_file_names_the_fix(tmp_path: Path):
    """Without node_modules the vendored copy fails and says to run npm ci."""
    with pytest.raises(BuildError, match="npm ci"):
        vendor.copy_vendored(tmp_path / "site", node_modules=tmp_path / "none")


SPLICED_PAGE = ('<html><head><meta charset="utf-8"><script id="__config" type="application/json">'
        '{"a": 1}</script></head><body><p class="x">text</p><script>if (a < b) go();</script>'
        '</body></html>')


def _at(text: str) -> int:
    return SPLICED_PAGE.index(text)


def _fresh_tags(text: str) -> list[markup.Tag]:
    parser = markup._Tags(text)
    parser.feed(text)
    parser.close()
    return parser.tags


@pytest.mark.parametrize(("edits", "carried"), [
    ([(_at("{"), _at("}") + 1, '{"a": 2, "b": "longer"}')], True),  # in a script
    ([(_at("<script"), _at("<script"), '<meta http-equiv="x" content="y">')], True),
    ([(_at("text"), _at("text") + 4, "<b>bold</b>"), (0, 0, "<!doctype html>")], True),
    ([(_at("a < b"), _at("a < b") + 5, "a <b>")], False),  # "<" inside a script
    ([(_at("<p") + 2, _at("<p") + 3, " ")], False),  # cuts through a tag
])
def test_a_spliced_page_keeps_a_parse_equal_to_a_fresh_one(edits, carried):
    """A step that splices a page hands the next step the page's tags without parsing it
    again, where the edits leave every tag whole; those tags are what a fresh parse finds."""
    markup.tags(SPLICED_PAGE)
    spliced = markup.splice(SPLICED_PAGE, edits)
    assert (spliced in markup._seeded) is carried
    assert markup.tags(spliced) == _fresh_tags(spliced)
