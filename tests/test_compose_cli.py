"""The composer's command line, `python -m checker compose`, run in a subprocess."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import checker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DETAILS = {"company": "株式会社みなと精機", "name": "鈴木花子", "school": "東西大学経済学部",
           "reason": "health", "call_status": "unreached", "declined_on": "2026-11-20",
           "phone": "090-1234-5678"}
PAIRS = [f"{key}={value}" for key, value in DETAILS.items()]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root and capture its output as UTF-8 text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "checker", "compose", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=60, check=False)


def test_json_prints_the_draft_equal_to_the_api() -> None:
    """--json prints one JSON object, the same as checker.compose(...)."""
    done = run("--json", "--lang", "en", "--today", "2026-12-01", *PAIRS)
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout) == checker.compose(DETAILS, "en", today="2026-12-01")


def test_the_default_today_is_the_local_date() -> None:
    """Without --today, dates of the current year lose their year (the CLI's local date)."""
    today = datetime.date.today()
    draft = json.loads(run("--json", *PAIRS[:4], f"declined_on={today.isoformat()}").stdout)
    assert f"{today.month}月{today.day}日に" in draft["email"]
    assert f"{today.year}年" not in draft["email"]


def test_readable_text_in_japanese_and_with_the_gloss_in_english() -> None:
    """Without --json: the parts under their headings; in English each line's meaning under
    the Japanese, and the line saying the Japanese is what is sent."""
    ja = run(*PAIRS)
    assert ja.returncode == 0
    draft = checker.compose(DETAILS, today=datetime.date.today().isoformat())
    assert draft["email"] in ja.stdout and draft["phone"] in ja.stdout
    assert "Thank you for your continued support." not in ja.stdout
    en = run("--lang", "en", *PAIRS).stdout
    assert "お世話になっております。\n    Thank you for your continued support." in en
    assert "The Japanese is what goes to the company" in en


def test_blank_details_are_listed() -> None:
    """The readable text names the needed and the optional details left blank."""
    out = run("--lang", "en", "reason=family").stdout
    assert "Needed but blank" in out and "company, name, school" in out
    assert "Left blank" in out


def test_a_bad_field_exits_2_with_the_message() -> None:
    """An unknown field, a bad value or a malformed pair: exit 2, the message on stderr."""
    for args, words in ((["colour=red"], "accepted: company"),
                        (["reason=love"], "accepted: family"),
                        (["declined_on=2025-02-30"], "YYYY-MM-DD"),
                        (["company"], "field=value"),
                        (["name=a", "name=b"], "field=value"),
                        (["--today", "tomorrow"], "today")):
        done = run(*args)
        assert done.returncode == 2 and done.stdout == "", args
        assert words in done.stderr, (args, done.stderr)


def test_reconsidered_without_a_note_exits_2_naming_the_field() -> None:
    """reason=reconsidered needs reason_note: exit 2, naming the field and what to write."""
    done = run("company=A社", "name=山田", "school=北大学", "reason=reconsidered")
    assert done.returncode == 2
    assert "reason_note" in done.stderr and "needs the note" in done.stderr
    assert "Traceback" not in done.stderr
