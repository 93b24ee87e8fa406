"""The repository's own documentation: a short README, maintainers' notes that resolve, and
benchmark tables that are the committed results."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parents[1]
README_LIMIT = 10 * 1024
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md",
        *sorted((ROOT / "docs-dev").rglob("*.md"))]


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_bytes()) <= README_LIMIT


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_in_the_maintainers_docs_resolve(doc: Path):
    targets = [t for t in LINK.findall(doc.read_text(encoding="utf-8")) if "://" not in t]
    missing = [t for t in targets if not (doc.parent / t).exists()]
    assert not missing, f"{doc.name} links to missing {missing}"


def test_every_decision_record_has_context_decision_and_consequences():
    records = sorted((ROOT / "docs-dev" / "adr").glob("[0-9][0-9][0-9][0-9]-*.md"))
    assert records
    for record in records:
        headings = re.findall(r"^## (.+)$", record.read_text(encoding="utf-8"), re.M)
        assert headings == ["Context", "Decision", "Consequences"], record.name


def test_the_benchmark_tables_are_the_committed_results():
    current = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"<!-- table:(\w+) -->", current)
    assert report.render(current, report.newest_tables()) == current


def test_the_report_fills_a_table_from_the_newest_results_file(tmp_path):
    for name, value in (("2026-01-a.json", "old"), ("2026-02-a.json", "new")):
        table = {"title": "T", "columns": ["figure", "value"], "rows": [["ready", value]]}
        (tmp_path / name).write_text(json.dumps({"tables": {"t": table}}), encoding="utf-8")
    stale = "<!-- table:t -->\nstale\n<!-- /table -->"
    filled = report.render(stale, report.newest_tables(tmp_path))
    assert "| ready  | new   |" in filled and "stale" not in filled and "old" not in filled
    with pytest.raises(KeyError):
        report.render("<!-- table:missing -->\n<!-- /table -->", {})
