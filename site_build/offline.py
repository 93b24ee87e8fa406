"""The service worker that keeps the site available offline: web/sw/sw.js bundled with the
build's data, a version that changes with any file and the site's files in two groups, the
checker's first (web/sw/sw.js says when each is fetched, and why)."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from site_build import scripts
from site_build.pages import call, checklist, composer
from site_build.postprocess import markup

# The constant the worker reads its data from (declared in web/sw/build-data.d.ts).
SW_DATA = "SW_DATA"
# Not precached: source maps, sitemaps, and what only pages opened from disk load (the
# engine's payload, and the search index as a script: served pages fetch its JSON).
SKIPPED_SUFFIXES = (".map", ".gz", ".xml")
SKIPPED_NAMES = {"sw.js", "file-payload.js", "search_index.js"}
ENGINE_DIR = "assets/checker/engine/"
# What marks a page that starts the engine: its configuration block (the checklist's, the
# composer's, the call page's), by the id its renderer gives it.
ENGINE_PAGE_MARKS = tuple(f'id="{page.CONFIG_ID}"' for page in (checklist, composer, call))


# Material ships a stemmer for some thirty languages; its search worker loads only those of
# the site's search languages (and these shared files): the others are never needed offline.
LUNR_LANGUAGES = "assets/javascripts/lunr/min/"
LUNR_SHARED = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}


def _unused_stemmer(path: Path, site_dir: Path, search_languages: list[str] | None) -> bool:
    if search_languages is None or not path.relative_to(site_dir).as_posix().startswith(
            LUNR_LANGUAGES):
        return False
    wanted = LUNR_SHARED | {f"lunr.{lang}.min.js" for lang in search_languages}
    return path.name not in wanted


def precache_list(site_dir: Path, search_languages: list[str] | None = None) -> list[Path]:
    """Every file a reader may need offline, in a stable order (with `search_languages`, the
    search's stemmers for those languages only)."""
    return sorted(
        path
        for path in site_dir.rglob("*")
        if path.is_file()
        and path.name not in SKIPPED_NAMES
        and not path.name.endswith(SKIPPED_SUFFIXES)
        and not _unused_stemmer(path, site_dir, search_languages)
    )


# The attribute through which each element loads a file by itself.
LOADING_ATTRIBUTE = {"script": "src", "img": "src", "source": "src", "link": "href"}


def loaded_files(page: str, html: str) -> list[str]:
    """The site-relative paths that the page at `page` ("en/faq.html") loads by itself:
    scripts, stylesheets, icons, images."""
    addresses = [tag.attrs.get(LOADING_ATTRIBUTE[tag.name], "") for tag in markup.tags(html)
                 if not tag.closing and tag.name in LOADING_ATTRIBUTE]
    found = []
    for address in addresses:
        path = address.split("#", 1)[0].split("?", 1)[0]
        if not path or "://" in path or path.startswith(("/", "data:")):
            continue
        found.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), path)))
    return found


def precache_groups(site_dir: Path, search_languages: list[str] | None = None,
                    loaded_by: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Site-relative paths in the order they are fetched: `checker` (the engine folder, the
    pages that start it, and the files pages load by themselves), then `site`
    (every other file, pages first). `loaded_by`: what pages load, as the build already read
    it (`loaded_files`), by page; any other page is read here."""
    names = [path.relative_to(site_dir).as_posix()
             for path in precache_list(site_dir, search_languages)]
    pages = [name for name in names if name.endswith(".html")]
    texts = {page: (site_dir / page).read_text(encoding="utf-8") for page in pages}
    known = loaded_by or {}
    loaded = {path for page in pages
              for path in (known[page] if page in known else loaded_files(page, texts[page]))}
    engine = [name for name in names if name.startswith(ENGINE_DIR)]
    checklists = [page for page in pages if any(mark in texts[page] for mark in ENGINE_PAGE_MARKS)]
    shell = [name for name in names if name in loaded and not name.endswith(".html")]
    checker = list(dict.fromkeys(engine + checklists + shell))
    rest = [name for name in pages if name not in checker]
    rest += [name for name in names if name not in checker and name not in rest]
    return {"checker": checker, "site": rest}


def service_worker_data(site_dir: Path, search_languages: list[str] | None = None,
                        loaded_by: dict[str, list[str]] | None = None) -> dict:
    """The worker's data: `version`, a hash of every precached file (path and bytes), and
    `files`, the precache groups."""
    digest = hashlib.sha256()
    for path in precache_list(site_dir, search_languages):
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return {"version": digest.hexdigest()[:16],
            "files": precache_groups(site_dir, search_languages, loaded_by)}


def service_worker(site_dir: Path, search_languages: list[str] | None = None,
                   loaded_by: dict[str, list[str]] | None = None) -> str:
    """The text of sw.js for the site in `site_dir` (`loaded_by`: see precache_groups)."""
    data = service_worker_data(site_dir, search_languages, loaded_by)
    return scripts.bundle_with_data(scripts.SERVICE_WORKER, {SW_DATA: data})
