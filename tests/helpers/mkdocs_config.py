"""Read mkdocs.yml without running MkDocs: safe YAML, tags such as !ENV tolerated."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads !ENV, !relative and !!python/... tags as None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_mkdocs_yml(path: Path = ROOT / "mkdocs.yml") -> dict:
    """mkdocs.yml as plain data."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def i18n_language(config: dict, locale: str) -> dict:
    """The mkdocs-static-i18n `languages` entry of `locale`."""
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(lang for lang in i18n["languages"] if lang["locale"] == locale)
