"""Steps over the built site, after any generator: each takes a page's HTML (str) or the built
folder (Path) and returns or rewrites the same. No MkDocs imports."""
