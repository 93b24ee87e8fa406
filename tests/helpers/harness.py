"""Run a Node harness over the shipped engine bundle (built or reused once)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_build import bundle as checker_bundle

ROOT = Path(__file__).resolve().parents[2]


def run_harness(name: str, cases: list) -> dict:
    """The JSON that tests/`name` prints for `cases` in Pyodide under Node."""
    if not shutil.which("node"):
        pytest.skip("node is not installed: Pyodide tests need Node (>= 18)")
    bundle = checker_bundle.build_bundle(checker_bundle.CACHE)
    done = subprocess.run(
        ["node", str(ROOT / "tests" / name), str(bundle.directory)],
        input=json.dumps(cases), capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
        timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)
