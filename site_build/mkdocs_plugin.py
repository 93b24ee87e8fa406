"""The site's one MkDocs plugin (`plugins: - naitei` in mkdocs.yml): MkDocs events call the
build steps of `site_build`, in an explicit order. The only module of the build that imports
MkDocs."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin


class NaiteiPlugin(BasePlugin):
    """The site's build (the hooks in overrides/hooks/ move here step by step)."""
