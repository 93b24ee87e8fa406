"""The site's one MkDocs plugin (`plugins: - naitei` in mkdocs.yml, last): MkDocs events call
the build steps of `site_build` in an explicit order, with explicit state. The only module of
the build that imports MkDocs (and reads mkdocs-static-i18n's state).

mkdocs-static-i18n builds the default language, then each other language inside the default
one's `on_post_build` (priority -100): page events run once per page and language, and the
steps over the whole site run once, after every language (priority -150).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from site_build import i18n
from site_build.errors import BuildError
from site_build.postprocess import a11y, csp, manifest, not_found, search_index, vendor


@dataclass
class Site:
    """What the steps know about the site being built, gathered as each language is built."""

    languages: list[str]  # mkdocs.yml order
    folders: dict[str, str]  # built language -> its folder ("" or "en/")
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # site name, description


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

    site: Site | None = None

    def _lang(self, config: MkDocsConfig) -> str:
        return _i18n(config).current_language

    def _folder(self, config: MkDocsConfig) -> str:
        return self.site.folders[self._lang(config)]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not _i18n(config).building:  # a new build (not one language inside it)
            self.site = None
        config.theme.static_templates.discard("404.html")  # not_found writes plain ones
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        plugin = _i18n(config)
        if self.site is None:
            self.site = Site(
                languages=[language.locale for language in plugin.config.languages],
                folders={lang: i18n.folder(lang, plugin.default_language)
                         for lang in plugin.build_languages})
        self.site.texts[self._lang(config)] = (config.site_name, config.site_description or "")

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files) -> str:
        return a11y.fix(html, self._lang(config), self.site.languages)

    def on_page_context(self, context: dict, *, page, config: MkDocsConfig, nav) -> dict:
        context["web_manifest"] = manifest.head_links(self._folder(config))
        return context

    @event_priority(-100)  # after every other plugin has had its say about the HTML
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        output = search_index.point_search(output, self._lang(config), self._folder(config))
        with _reported():
            return csp.insert_policy(output)

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
        site_dir, site = Path(config.site_dir), self.site
        env = config.theme.get_env()
        with _reported():
            search_index.fill_in_material_worker(site_dir)
            search_index.split_index(site_dir, site.folders, {
                lang: search_index.search_settings(env, lang) for lang in site.folders})
            not_found.write_plain_pages(site_dir, site.folders,
                                        {lang: name for lang, (name, _) in site.texts.items()})
            manifest.write_manifests(site_dir, site.folders, site.texts)
            vendor.copy_vendored(site_dir)
