"""The golden table: named scenarios (base answers plus what each is about) and the level,
reasons and steps each must give."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import golden

import checker

_TABLE = golden.load()
SCENARIOS: list[dict] = golden.scenarios()
PRINCIPLES: dict[str, str] = _TABLE["principles"]
BASE: dict[str, str] = _TABLE["base"]


def _id(scenario: dict) -> str:
    """A short test id from the scenario's sentence."""
    return scenario["name"][:60]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_id)
@pytest.mark.parametrize("lang", checker.LANGS)
def test_scenario_gives_its_level(scenario: dict, lang: str) -> None:
    """Each scenario gives exactly the level its sentence states, in either language."""
    result = checker.evaluate(scenario["answers"], lang)
    assert result.level == checker.Level(scenario["level"]), scenario["name"]


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "reasons" in s], ids=_id)
@pytest.mark.parametrize("lang", checker.LANGS)
def test_scenario_reasons_present(scenario: dict, lang: str) -> None:
    """Reasons a scenario is about (question-option ids) are among the result's reasons."""
    ids = {m.id for m in checker.evaluate(scenario["answers"], lang).reasons}
    assert set(scenario["reasons"]) <= ids


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "warnings" in s], ids=_id)
def test_scenario_warnings_present(scenario: dict) -> None:
    """Warnings a scenario names are among the result's warnings."""
    ids = {m.id for m in checker.evaluate(scenario["answers"]).warnings}
    assert set(scenario["warnings"]) <= ids


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "steps" in s], ids=_id)
@pytest.mark.parametrize("lang", checker.LANGS)
def test_scenario_steps_present(scenario: dict, lang: str) -> None:
    """Steps a scenario names are among the result's steps."""
    ids = {m.id for m in checker.evaluate(scenario["answers"], lang).steps}
    assert set(scenario["steps"]) <= ids


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "absent_steps" in s], ids=_id)
def test_scenario_absent_steps_are_not_shown(scenario: dict) -> None:
    """Steps a scenario rules out are never among the result's steps."""
    ids = {m.id for m in checker.evaluate(scenario["answers"]).steps}
    assert not set(scenario["absent_steps"]) & ids


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "main_steps" in s], ids=_id)
def test_scenario_main_steps_exactly(scenario: dict) -> None:
    """The verdict leads with exactly the main steps a scenario names, in their order."""
    assert list(checker.evaluate(scenario["answers"]).main_steps) == scenario["main_steps"]


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "unanswered" in s], ids=_id)
def test_scenario_unanswered_reported(scenario: dict) -> None:
    """Unanswered questions are reported exactly, in question order."""
    assert list(checker.evaluate(scenario["answers"]).unanswered) == scenario["unanswered"]


def test_table_covers_every_principle() -> None:
    """Every principle of the table is pinned by at least one scenario, and no other is named."""
    covered = {p for s in SCENARIOS for p in s["principles"]}
    assert covered == set(PRINCIPLES)


def test_situational_scenarios_keep_the_level_of_their_scoring_answers() -> None:
    """Each scenario that answers a situational question gives the level of its scoring
    answers alone (the situational principle, checked on the table itself)."""
    situational = {q.id for q in checker.load_rules().questions if q.situational}
    pinned = [s for s in SCENARIOS if set(s["answers"]) & situational]
    assert pinned
    for scenario in pinned:
        scoring = {q: o for q, o in scenario["answers"].items() if q not in situational}
        assert checker.evaluate(scoring).level == checker.Level(scenario["level"])


def test_table_has_four_scenarios_per_level() -> None:
    """Each of the four levels is expected by at least four scenarios."""
    counts = Counter(s["level"] for s in SCENARIOS)
    assert {level.value: counts[level.value] >= 4 for level in checker.LEVELS} == {
        level.value: True for level in checker.LEVELS}


def test_table_entries_well_formed() -> None:
    """Scenario names are unique sentences and every entry uses only known keys and ids."""
    names = [s["name"] for s in SCENARIOS]
    assert len(names) == len(set(names))
    rules = checker.load_rules()
    reason_ids = {f"{q.id}-{o.id}" for q in rules.questions for o in q.options}
    for scenario in SCENARIOS:
        assert set(scenario) <= {"name", "principles", "level", "overrides", "blank", "answers",
                                 "reasons", "warnings", "steps", "absent_steps", "main_steps",
                                 "unanswered", "change"}, scenario["name"]
        assert scenario["name"][0].isupper() and " " in scenario["name"]
        assert scenario["level"] in checker.LEVELS
        for qid, oid in scenario["answers"].items():
            assert oid in rules.question(qid).option_ids, scenario["name"]
        for qid in set(scenario.get("blank", [])) - {"*"}:
            assert qid in BASE, (qid, scenario["name"])
        assert set(scenario.get("reasons", [])) <= reason_ids, scenario["name"]
        warning_ids = {a.id for a in rules.warnings}
        assert set(scenario.get("warnings", [])) <= warning_ids, scenario["name"]
        step_ids = {a.id for a in rules.steps}
        for key in ("steps", "absent_steps", "main_steps"):
            assert set(scenario.get(key, [])) <= step_ids, (key, scenario["name"])


def test_the_base_answers_every_scoring_question() -> None:
    """The base is a whole case: one valid answer to each scoring question, and no other."""
    rules = checker.load_rules()
    assert set(BASE) == {q.id for q in rules.scoring_questions}
    assert all(oid in rules.question(qid).option_ids for qid, oid in BASE.items())


def test_overrides_only_change_the_base() -> None:
    """An override that repeats the base answer says nothing: each one differs from it (a
    scenario that starts from no answers, blank = ["*"], keeps all of its own)."""
    for scenario in SCENARIOS:
        if "*" not in scenario.get("blank", []):
            same = {q for q, o in scenario.get("overrides", {}).items() if BASE.get(q) == o}
            assert not same, (same, scenario["name"])
