"""The golden table (tests/golden.toml), each scenario with its whole set of answers.

A scenario names only what it is about: `overrides`, its answers that differ from the table's
`[base]` answers, and `blank`, the questions it leaves unanswered ("*": every one, so that only
its overrides are answered)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parent.parent / "golden.toml"


def answers(scenario: dict[str, Any], base: dict[str, str]) -> dict[str, str]:
    """The scenario's answers: the base, less its blank questions, with its overrides."""
    blank = scenario.get("blank", [])
    start = {} if "*" in blank else {q: o for q, o in base.items() if q not in blank}
    return start | scenario.get("overrides", {})


def load() -> dict[str, Any]:
    """The table as written: {"principles", "base", "scenario"}."""
    return tomllib.loads(PATH.read_text(encoding="utf-8"))


def scenarios() -> list[dict[str, Any]]:
    """Every scenario as written, plus `answers`, its whole set of answers."""
    table = load()
    return [s | {"answers": answers(s, table["base"])} for s in table["scenario"]]
