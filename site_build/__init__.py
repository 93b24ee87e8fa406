"""The site's build steps, apart from MkDocs: the browser engine (wheel, trimmed stdlib,
Pyodide files: `bundle`), the browser scripts (esbuild: `scripts`), the service worker
(`offline`) and the language helpers the hooks share (`i18n`). The MkDocs hooks in
overrides/hooks/ are thin adapters that call these."""
