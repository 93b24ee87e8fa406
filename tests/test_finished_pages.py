"""Finished pages kept between builds (site_build/finished_pages.py): a page is finished again
whenever anything its result depends on changed, and the store keeps only what the last build
used."""

from __future__ import annotations

import os
import time

import pytest

from site_build import finished_pages
from site_build.finished_pages import FinishedPages

PAGE = ("<html><head></head><body>a page</body></html>", "en/faq.html", "en", "en/")


def _finisher(calls: list[tuple], result=("<html>finished</html>", ["a.js"])):
    def finish():
        calls.append(result)
        return result[0], list(result[1])
    return finish


def test_the_same_page_in_the_next_build_is_not_finished_again(tmp_path):
    calls: list[tuple] = []
    first = FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))
    second = FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))
    assert first == second == ("<html>finished</html>", ["a.js"])
    assert len(calls) == 1


@pytest.mark.parametrize("changed", range(len(PAGE)), ids=["html", "page", "lang", "folder"])
def test_a_page_is_finished_again_when_its_html_address_language_or_folder_changed(
        tmp_path, changed):
    calls: list[tuple] = []
    FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))
    other = list(PAGE)
    other[changed] += "x"
    FinishedPages(tmp_path).finished(*other, _finisher(calls))
    assert len(calls) == 2


def test_a_page_is_finished_again_when_the_build_code_changed(tmp_path, monkeypatch):
    calls: list[tuple] = []
    FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))
    store = FinishedPages(tmp_path)
    store.code = "another version of the build"
    store.finished(*PAGE, _finisher(calls))
    assert len(calls) == 2


def test_the_code_digest_covers_every_file_of_the_build(tmp_path, monkeypatch):
    """Any change under site_build/ (code or data) or in the shim gives another digest."""
    package = tmp_path / "site_build"
    (package / "pages").mkdir(parents=True)
    (package / "pages" / "texts.toml").write_text("a = 1", encoding="utf-8")
    shim = tmp_path / "shim.js"
    shim.write_text("shim", encoding="utf-8")
    monkeypatch.setattr(finished_pages, "PACKAGE", package)
    monkeypatch.setattr(finished_pages, "SHIM_SOURCE", shim)
    digests = []
    for change in (lambda: None,
                   lambda: (package / "pages" / "texts.toml").write_text("a = 2", encoding="utf-8"),
                   lambda: shim.write_text("shim 2", encoding="utf-8")):
        change()
        finished_pages.code_digest.cache_clear()
        digests.append(finished_pages.code_digest())
    finished_pages.code_digest.cache_clear()
    assert len(set(digests)) == 3


def test_an_unreadable_entry_is_finished_again_and_replaced(tmp_path):
    calls: list[tuple] = []
    FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))
    [entry] = tmp_path.iterdir()
    entry.write_text("{not json", encoding="utf-8")
    assert FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))[1] == ["a.js"]
    assert FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))[1] == ["a.js"]
    assert len(calls) == 2


def test_a_build_that_cannot_write_the_store_still_finishes_every_page(tmp_path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    calls: list[tuple] = []
    assert FinishedPages(blocked / "store").finished(*PAGE, _finisher(calls))[1] == ["a.js"]
    assert len(calls) == 1


def test_the_store_keeps_what_the_build_used_and_removes_the_rest(tmp_path):
    calls: list[tuple] = []
    earlier = FinishedPages(tmp_path)
    earlier.finished(*PAGE, _finisher(calls))
    earlier.finished("<html>a page since deleted</html>", *PAGE[1:], _finisher(calls))
    long_ago = time.time() - 60
    for entry in tmp_path.iterdir():
        os.utime(entry, (long_ago, long_ago))
    (tmp_path / "half-written.json.123.tmp").write_text("{", encoding="utf-8")
    os.utime(tmp_path / "half-written.json.123.tmp", (long_ago, long_ago))
    build = FinishedPages(tmp_path)
    build.finished(*PAGE, _finisher(calls))
    build.prune()
    assert len(list(tmp_path.iterdir())) == 1
    assert FinishedPages(tmp_path).finished(*PAGE, _finisher(calls))[0] == "<html>finished</html>"
    assert len(calls) == 2  # the kept page was never finished again
