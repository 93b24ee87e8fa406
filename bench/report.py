"""Write the tables of bench/README.md from the committed results in bench/results/*.json.

Each results file holds named tables (`title`, `columns`, `rows`); the README marks where each
goes with `<!-- table:NAME -->` ... `<!-- /table -->`, filled from the newest file (by name)
that has that table. Run: python -m bench.report (add --check to only compare).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
README = BENCH / "README.md"
RESULTS = BENCH / "results"
BLOCK = re.compile(r"<!-- table:(\w+) -->\n.*?<!-- /table -->", re.S)


def newest_tables(results: Path = RESULTS) -> dict[str, dict]:
    """Each table name mapped to that table in the newest committed results file holding it
    (not latest.json: a run's output until it is recorded under a name)."""
    tables: dict[str, dict] = {}
    for path in sorted(p for p in results.glob("*.json") if p.name != "latest.json"):
        for name, table in json.loads(path.read_text(encoding="utf-8")).get("tables", {}).items():
            tables[name] = {**table, "source": path.name}
    return tables


def markdown(table: dict) -> str:
    """A Markdown table, then a line naming the results file it came from."""
    rows = [table["columns"], *table["rows"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table["columns"]))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    body = "\n".join([line(rows[0]), line(["-" * w for w in widths]), *map(line, rows[1:])])
    return f"{table['title']} (`results/{table['source']}`):\n\n{body}\n"


def render(readme: str, tables: dict[str, dict]) -> str:
    """The README with every marked block refilled; an unknown table name is an error."""
    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in tables:
            raise KeyError(f"bench/README.md names table {name!r}, which no results file holds")
        return f"<!-- table:{name} -->\n{markdown(tables[name])}<!-- /table -->"
    return BLOCK.sub(fill, readme)


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current, newest_tables())
    if "--check" in argv:
        return 0 if wanted == current else 1
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
