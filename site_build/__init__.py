"""The site's build, apart from any generator except in one adapter: the browser engine
(`bundle`, `engine`), the browser scripts (esbuild: `scripts`), the service worker
(`offline`), the languages' layout (`i18n`), page rendering from the engine's data (`pages`),
the steps over the built site (`postprocess`), and the MkDocs plugin that calls them in order
(`mkdocs_plugin`, the only module that imports MkDocs)."""
