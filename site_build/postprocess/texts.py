"""The texts post-processing writes into built pages, by language (page_texts.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

PAGE_TEXTS: dict[str, dict[str, str]] = tomllib.loads(
    Path(__file__).with_name("page_texts.toml").read_text(encoding="utf-8"))
