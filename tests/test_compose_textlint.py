"""Every composer draft passes the project's Japanese prose lint (textlint with
.textlintrc.json, as `make lint` runs it on the pages): every call_status x every reason, with
every optional detail and with none."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

import checker

ROOT = Path(__file__).resolve().parents[1]
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
composer = importlib.import_module("checker.compose")
SPEC = composer.spec()
GOLDEN = tomllib.loads((ROOT / "tests" / "compose_golden.toml").read_text("utf-8"))
REQUIRED = {f["id"] for f in SPEC["fields"] if f.get("required")}
MINIMAL = {k: v for k, v in GOLDEN["details"].items() if k in REQUIRED}


def _cases() -> list[tuple[str, dict]]:
    cases = []
    for status in (s["id"] for s in SPEC["statuses"]):
        for reason in SPEC["reasons"]:
            base = {"call_status": status, "reason": reason["id"]}
            cases.append((f"{status}-{reason['id']}-full", GOLDEN["details"] | base))
            minimal = MINIMAL | base
            if reason.get("uses_note"):
                minimal |= {"reason_note": GOLDEN["details"]["reason_note"]}
            cases.append((f"{status}-{reason['id']}-minimal", minimal))
    return cases


def test_every_draft_passes_textlint(tmp_path: Path) -> None:
    """textlint finds no problem in any draft's email or phone notes."""
    if not TEXTLINT.exists() or not shutil.which("node"):
        pytest.skip("textlint is not installed: run `make setup`")
    cases = _cases()
    assert len(cases) == 2 * len(SPEC["statuses"]) * len(SPEC["reasons"])
    for name, details in cases:
        draft = checker.compose(details, today=GOLDEN["today"])
        body = "\n\n".join(draft[part] for part in composer.PARTS if draft[part])
        (tmp_path / f"{name}.md").write_text(body.replace("\n", "\n\n") + "\n", "utf-8")
    done = subprocess.run([str(TEXTLINT), "--config", str(ROOT / ".textlintrc.json"),
                           *sorted(str(p) for p in tmp_path.glob("*.md"))],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_every_line_of_the_call_script_passes_textlint(tmp_path: Path) -> None:
    """The call script's Japanese, filled with every detail and with none, passes textlint."""
    if not TEXTLINT.exists() or not shutil.which("node"):
        pytest.skip("textlint is not installed: run `make setup`")
    from checker.plan import plan

    for name, details in (("full", GOLDEN["details"] | {"reason": "family"}),
                          ("minimal", MINIMAL | {"reason": "health"})):
        nodes = plan(details, "ja", now="2026-12-04T22:10")["script"]["nodes"]
        said = [line["ja"] for node in nodes.values() for line in node["lines"]]
        (tmp_path / f"call-{name}.md").write_text("\n\n".join(said) + "\n", "utf-8")
    done = subprocess.run([str(TEXTLINT), "--config", str(ROOT / ".textlintrc.json"),
                           *sorted(str(p) for p in tmp_path.glob("*.md"))],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
