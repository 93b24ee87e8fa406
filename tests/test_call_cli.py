"""The call companion's command line, `python -m checker call`, run in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from checker.ics import ics
from checker.plan import plan

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DETAILS = {"company": "株式会社みなと精機", "name": "鈴木花子", "school": "東西大学経済学部",
           "reason": "health"}
PAIRS = [f"{key}={value}" for key, value in DETAILS.items()]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root and capture its output as UTF-8 text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "checker", "call", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


def test_json_prints_the_plan_equal_to_the_api() -> None:
    """--json prints the plan and the script, the same as checker.plan.plan(...)."""
    done = run("--json", "--lang", "en", "--now", "2026-12-04T22:10", *PAIRS)
    assert done.returncode == 0 and done.stderr == ""
    out = json.loads(done.stdout)
    assert out == plan(DETAILS, "en", now="2026-12-04T22:10")
    assert {"call_at", "call_until", "skipped", "follow_up_on", "script"} <= set(out)


def test_ics_prints_the_calendar_file() -> None:
    """--ics prints the same calendar file as the API."""
    done = run("--ics", "--now", "2026-12-04T22:10", *PAIRS)
    assert done.returncode == 0
    assert done.stdout.replace("\n", "\r\n") == ics(plan(DETAILS, "ja", now="2026-12-04T22:10"))


def test_readable_text_shows_the_plan_and_every_node() -> None:
    """Without --json: the headline, then each node with what to say and the answers."""
    out = run("--now", "2026-12-04T22:10", *PAIRS).stdout
    assert out.startswith("12月7日（月）10:00〜11:00 に電話しましょう。")
    assert "[contact_out]" in out and "「担当者は席を外しています」" in out


def test_a_bad_now_exits_2_naming_the_format() -> None:
    """A --now that does not parse exits 2 with the accepted format."""
    done = run("--now", "tomorrow morning", *PAIRS)
    assert done.returncode == 2
    assert "accepted: YYYY-MM-DDTHH:MM in Japan time" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_detail_exits_2_naming_the_field() -> None:
    """An unknown field exits 2 naming the accepted fields."""
    done = run("--now", "2026-12-04T22:10", "shoe=42")
    assert done.returncode == 2 and "unknown field 'shoe'" in done.stderr
