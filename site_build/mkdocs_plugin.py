"""The site's one MkDocs plugin (`plugins: - naitei` in mkdocs.yml, last): MkDocs events call
the build steps of `site_build` in an explicit order, with explicit state (`Build`). The only
module of the build that imports MkDocs (and reads mkdocs-static-i18n's state).

mkdocs-static-i18n builds the default language, then each other language inside the default
one's `on_post_build` (priority -100): the page events run for each page of each language,
and the steps over the whole site run once, after every language (priority -150).

Per page: shortcodes whose output is Markdown (before conversion), then those whose output is
HTML and the markup fixes (after it); the template gets the page's engine block, its web
manifest and the service worker's registration script; the final HTML gets its search
settings, then its Content Security Policy (last: it hashes the page's scripts); a page
whose HTML is as in an earlier build gets that result back (`finished_pages`).
Per site: the engine folder, the search index per language, the plain pages, the manifests,
the vendored files, and last the service worker, which lists every file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from site_build import engine as engine_steps
from site_build import finished_pages, i18n, pages, scripts
from site_build import offline as offline_files
from site_build.errors import BuildError
from site_build.pages import links, shortcodes
from site_build.pages.context import PageContext
from site_build.postprocess import a11y, csp, manifest, not_found, offline, search_index, vendor


@dataclass
class Build:
    """What the steps know about the site being built, gathered as each language is built."""

    languages: list[str]  # mkdocs.yml order
    folders: dict[str, str]  # built language -> its folder ("" or "en/")
    engine: engine_steps.Engine
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # site name, description
    engine_pages: dict[str, str] = field(default_factory=dict)  # page -> its engine page kind
    loaded_by: dict[str, list[str]] = field(default_factory=dict)  # built page -> files it loads
    finished: finished_pages.FinishedPages = field(default_factory=finished_pages.FinishedPages)


@contextmanager
def _reported() -> Iterator[None]:
    """A build step's error, as MkDocs reports a plugin's."""
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from error


def _i18n(config: MkDocsConfig):
    return config.plugins["i18n"]


class NaiteiPlugin(BasePlugin):
    """MkDocs events -> the build steps of `site_build`."""

    build: Build | None = None
    _engine: engine_steps.Engine | None = None  # kept across builds: `mkdocs serve` rebuilds
    _env: Environment | None = None  # the theme's templates for the language being built

    def _lang(self, config: MkDocsConfig) -> str:
        return _i18n(config).current_language

    def _folder(self, config: MkDocsConfig) -> str:
        return self.build.folders[self._lang(config)]

    def _context(self, page, config: MkDocsConfig, files) -> PageContext:
        def href(path: str) -> str | None:
            target = files.get_file_from_path(path)
            return Path(target.dest_uri).name if target is not None else None

        return PageContext(page.file.src_uri, self._lang(config), self._env, self.build.engine,
                           href)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not _i18n(config).building:  # a new build (not one language inside it)
            self.build = None
        config.theme.static_templates.discard("404.html")  # not_found writes plain ones
        for watched in (str(engine_steps.engine_bundle.ROOT / "checker"), str(scripts.WEB)):
            if watched not in config.watch:
                config.watch.append(watched)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        plugin = _i18n(config)
        with _reported():
            self._engine = engine_steps.load(self._engine)
        if self.build is None:
            self.build = Build(
                languages=[language.locale for language in plugin.config.languages],
                folders={lang: i18n.folder(lang, plugin.default_language)
                         for lang in plugin.build_languages},
                engine=self._engine)
        self.build.engine = self._engine
        # one per language built, not per page: each new one compiles its templates again
        self._env = config.theme.get_env()
        self.build.texts[self._lang(config)] = (config.site_name, config.site_description or "")

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files) -> str:
        name = page.file.src_uri
        with _reported():
            kind = shortcodes.engine_of(markdown, name, pages.SHORTCODES)
            if kind:
                self.build.engine_pages[name] = kind
            return shortcodes.expand(markdown, "markdown", name, pages.SHORTCODES,
                                     self._context(page, config, files))

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files) -> str:
        with _reported():
            html = shortcodes.expand(html, "html", page.file.src_uri, pages.SHORTCODES,
                                     self._context(page, config, files))
        return a11y.fix(html, self._lang(config), self.build.languages)

    def on_page_context(self, context: dict, *, page, config: MkDocsConfig, nav) -> dict:
        lang, build = self._lang(config), self.build
        context["web_manifest"] = manifest.head_links(self._folder(config))
        context["sw_register_script"] = offline.register_script(build.engine.scripts)
        with _reported():
            context["print_labels"] = not_found.print_labels(lang)
        kind = build.engine_pages.get(page.file.src_uri)
        if kind is None:
            return context
        with _reported():
            found = None
            if kind == "checklist":
                targets = [links.Target(p.file.src_uri, p.url, p.title, links.headings(p.toc))
                           for p in nav.pages]
                found = links.resolve_links(links.rule_links(build.engine.checker.load_rules()),
                                            page.url, targets)
            context["page_engine"] = engine_steps.page_engine(
                build.engine, pages.page_engine(kind, build.engine, lang, found))
        return context

    @event_priority(-100)  # after every other plugin has had its say about the HTML
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        lang, folder, name = self._lang(config), self._folder(config), page.file.dest_uri

        def finish() -> finished_pages.Finished:
            html = search_index.point_search(output, lang, folder)
            with _reported():
                html = csp.insert_policy(html)
            # read now, from the page's parse, for the service worker's list (last step)
            return html, offline_files.loaded_files(name, html)

        html, self.build.loaded_by[name] = self.build.finished.finished(
            output, name, lang, folder, finish)
        return html

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # sitemaps are not pages
            return output_content
        with _reported():
            return csp.insert_policy(output_content)

    @event_priority(-150)  # after mkdocs-static-i18n built the other languages (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if _i18n(config).building:  # a language built inside the default one
            return
        site_dir, build = Path(config.site_dir), self.build
        search = config.plugins.get("material/search")
        search_languages = list(search.config.lang) if search and search.config.lang else None
        with _reported():
            engine_steps.write_engine(site_dir, build.engine)
            # the site-wide scripts and the search segmenter (from web/), named beside
            # Material's worker: before the service worker lists every file
            scripts.place_site_scripts(site_dir)
            search_index.split_index(site_dir, build.folders, {
                lang: search_index.search_settings(self._env, lang) for lang in build.folders})
            not_found.write_plain_pages(site_dir, build.folders,
                                        {lang: name for lang, (name, _) in build.texts.items()})
            manifest.write_manifests(site_dir, build.folders, build.texts)
            vendor.copy_vendored(site_dir)
            offline.write_service_worker(site_dir, build.engine.scripts, search_languages,
                                         build.loaded_by)
        build.finished.prune()
