"""The command-line interface, run as `python -m checker` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import checker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEST = ["elapsed=days", "quota=open", "evaluation=high", "manner=courteous", "reason=clear",
        "situation=economy", "contact=yes"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root and capture its output as UTF-8 text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


def test_json_prints_one_object_equal_to_the_api() -> None:
    """--json prints exactly one JSON object, the same as evaluate(...).to_dict()."""
    done = run("--json", *BEST)
    assert done.returncode == 0 and done.stderr == ""
    data = json.loads(done.stdout)
    answers = dict(pair.split("=") for pair in BEST)
    assert data == checker.evaluate(answers, "ja").to_dict()
    assert {"level", "reasons", "steps", "warnings"} <= set(data)
    assert data["level"] == "high" and data["lang"] == "ja"


@pytest.mark.parametrize("lang", checker.LANGS)
def test_json_keeps_every_step_and_names_the_main_ones(lang: str) -> None:
    """`steps` holds every step in order; `main_steps` names the ones the verdict leads with."""
    answers = ["route=school", "manner=silent", "quota=unknown"]
    data = json.loads(run("--json", "--lang", lang, *answers).stdout)
    ids = [step["id"] for step in data["steps"]]
    expected = checker.evaluate(dict(a.split("=") for a in answers), lang)
    assert ids == [m.id for m in expected.steps]
    assert data["main_steps"] == list(expected.main_steps)
    assert len(data["main_steps"]) == checker.load_rules().main_steps < len(ids)
    assert data["main_steps"] == [i for i in ids if i in data["main_steps"]]
    assert "decide-with-school" in data["main_steps"] and "contact-now" not in ids


@pytest.mark.parametrize("lang", checker.LANGS)
def test_text_output_shows_the_main_steps_apart_from_the_others(lang: str) -> None:
    """The main steps come, numbered, under the steps heading; the others follow under their
    own heading."""
    answers = {"route": "agent", "evaluation": "high"}
    out = run("--lang", lang, *(f"{k}={v}" for k, v in answers.items())).stdout
    result = checker.evaluate(answers, lang)
    ui = checker.ui_text(lang)
    other_heading = out.index(ui["verdict.other_steps"] + ":")
    assert out.index(ui["verdict.steps"] + ":") < other_heading
    for step in result.steps:
        before = out.index(step.text) < other_heading
        assert before == (step.id in result.main_steps), step.id


def test_json_in_english() -> None:
    """--lang en gives the English wording in JSON."""
    data = json.loads(run("--json", "--lang", "en", "quota=filled").stdout)
    assert data["lang"] == "en" and data["level"] == "very_low"
    assert data["level_label"] == "Very difficult"


def test_text_output_is_readable_japanese_by_default() -> None:
    """Without --json the CLI prints level, reasons, steps, warnings and disclaimer in Japanese."""
    done = run("elapsed=days", "reason=untrue")
    assert done.returncode == 0
    result = checker.evaluate({"elapsed": "days", "reason": "untrue"}, "ja")
    ui = checker.ui_text("ja")
    out = done.stdout
    assert result.level_label in out and "(low)" in out
    for heading in ("verdict.reasons", "verdict.steps", "verdict.warnings", "form.unanswered"):
        assert ui[heading] in out
    for message in result.reasons + result.steps + result.warnings:
        assert message.text in out
    assert result.disclaimer in out
    assert out.index(result.steps[0].text) < out.index(result.steps[1].text)


def test_text_output_in_english() -> None:
    """--lang en prints the text in English."""
    out = run("--lang", "en", *BEST).stdout
    assert "Comparatively likely" in out and "What to do next" in out
    assert checker.evaluate({}, "en").disclaimer in out


def test_no_answers_counts_everything_as_unanswered() -> None:
    """With no answers the CLI still answers, listing every question as unanswered."""
    data = json.loads(run("--json").stdout)
    assert data["unanswered"] == list(checker.load_rules().question_ids)


@pytest.mark.parametrize("lang", checker.LANGS)
def test_questions_lists_every_question_and_option(lang: str) -> None:
    """--questions lists each question id and text and each option id and label."""
    done = run("--questions", "--lang", lang)
    assert done.returncode == 0
    for question in checker.load_rules().questions:
        assert f"{question.id}: {question.text(lang)}" in done.stdout
        for option in question.options:
            assert option.id in done.stdout and option.label(lang) in done.stdout


@pytest.mark.parametrize("args,named,accepted", [
    (["colour=red"], "'colour'", ", ".join(checker.load_rules().question_ids)),
    (["quota=maybe"], "'maybe'", "open, unknown, filled"),
    (["elapsed"], "'elapsed'", "elapsed, quota"),
    (["quota=open", "quota=filled"], "'quota' is answered twice", ""),
    (["--lang", "fr"], "'fr'", "ja, en"),
])
def test_bad_input_exits_2_naming_what_is_accepted(args: list[str], named: str,
                                                   accepted: str) -> None:
    """A bad key, value, pair or language exits 2 with a message on stderr and no traceback."""
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert named in done.stderr and accepted in done.stderr
    assert "Traceback" not in done.stderr


def test_main_is_callable_as_a_function(capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns 0 and prints JSON, for the installed naitei-checker script."""
    from checker.__main__ import main

    assert main(["--json", "--lang", "en", "manner=rude"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "very_low"
