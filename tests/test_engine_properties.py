"""Property-based tests: arbitrary, partial and malformed input never crashes the engine."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from helpers.corrupt import corrupt, paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.loader import read_data

RULES = checker.load_rules()
IDS = RULES.question_ids
ALL_OPTION_IDS = sorted({o for q in RULES.questions for o in q.option_ids})

junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=20),
    st.text(max_size=30), st.text(min_size=2000, max_size=5000),
    st.tuples(st.integers()), st.frozensets(st.integers(), max_size=3),
)
keys = st.one_of(st.sampled_from(IDS), st.sampled_from(IDS).map(str.upper), junk)
values = st.one_of(st.sampled_from(ALL_OPTION_IDS), st.just(""), junk)
valid_answers = st.fixed_dictionaries(
    {}, optional={q.id: st.sampled_from(q.option_ids + ("",)) for q in RULES.questions})


def _is_valid(answers: dict[Any, Any]) -> bool:
    """Independent statement of what the engine accepts."""
    for key, value in answers.items():
        if not isinstance(key, str) or key not in IDS or not isinstance(value, str):
            return False
        if value and value not in RULES.question(key).option_ids:
            return False
    return True


def _check_result(result: checker.Result, answers: dict[str, str], lang: str) -> None:
    """A result is well formed and consistent with the answers given."""
    assert result.level in checker.LEVELS and result.lang == lang
    assert result.unanswered == tuple(q for q in IDS if not answers.get(q))
    assert result.answers == {q: o for q, o in answers.items() if o}
    steps = [m.id for m in result.steps]
    route = answers.get("route") or RULES.question("route").unanswered_as
    contact = "contact-now" if route == "direct" else f"decide-with-{route}"
    article = [contact, "apologise-first", "clear-reason"]
    assert [i for i in steps if i in article] == article
    start = steps.index(article[0])
    assert steps[start:start + 3] == article
    _check_main_steps(result)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data


def _check_main_steps(result: checker.Result) -> None:
    """The main steps are the `main_steps` applying steps of smallest priority, in step order."""
    priority = {a.id: a.priority for a in RULES.steps}
    steps = [m.id for m in result.steps]
    main = list(result.main_steps)
    assert len(main) == min(RULES.main_steps, len(steps))
    assert main == [i for i in steps if i in main]
    rest = [i for i in steps if i not in main]
    assert not rest or max(priority[i] for i in main) <= min(priority[i] for i in rest)


# The steps that send the student to the company directly (call or email it themselves).
DIRECT_CONTACT = ("contact-now", "email-first")


@given(answers=valid_answers, route=st.sampled_from(["agent", "school"]),
       lang=st.sampled_from(checker.LANGS))
def test_agent_and_school_routes_never_show_direct_contact(answers: dict[str, str], route: str,
                                                            lang: str) -> None:
    """Through an agent or a school recommendation, the student decides with the adviser or the
    career centre how to contact the company: no step tells them to call or email it directly,
    and the step to decide it together is among the main ones."""
    result = checker.evaluate({**answers, "route": route}, lang)
    steps = [m.id for m in result.steps]
    assert not set(steps) & set(DIRECT_CONTACT)
    assert f"decide-with-{route}" in result.main_steps


def test_direct_contact_steps_exist() -> None:
    """The ids above name real steps (so the test above cannot pass by a typo)."""
    ids = {a.id for a in RULES.steps}
    assert set(DIRECT_CONTACT) <= ids
    assert "contact-now" in [m.id for m in checker.evaluate({"route": "direct"}).steps]


@given(answers=valid_answers, lang=st.sampled_from(checker.LANGS))
def test_partial_answers_give_a_valid_result(answers: dict[str, str], lang: str) -> None:
    """Any subset of valid answers ("" meaning unanswered) gives a well-formed result."""
    _check_result(checker.evaluate(answers, lang), answers, lang)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(answers=st.dictionaries(keys, values, max_size=9), lang=st.sampled_from(checker.LANGS))
def test_arbitrary_answers_give_a_result_or_a_clear_error(answers: dict, lang: str) -> None:
    """Arbitrary keys and values give a valid result, or InvalidAnswer naming what is accepted."""
    try:
        result = checker.evaluate(answers, lang)
    except checker.InvalidAnswer as error:
        assert not _is_valid(answers)
        message = str(error)
        assert "accepted" in message and len(message) < 400
        assert error.accepted and (error.accepted == IDS or error.question in IDS)
        accepted = RULES.question(error.question).option_ids if error.question in IDS else IDS
        assert ", ".join(accepted) in message
    else:
        assert _is_valid(answers)
        _check_result(result, answers, lang)


@given(st.one_of(junk, st.lists(st.text()), st.sampled_from(IDS)))
def test_answers_that_are_not_a_mapping_are_rejected_clearly(answers: object) -> None:
    """Answers that are not a mapping raise InvalidAnswer saying a mapping is expected."""
    with pytest.raises(checker.InvalidAnswer, match="mapping"):
        checker.evaluate(answers)  # type: ignore[arg-type]


@given(lang=st.one_of(junk, st.sampled_from(["JA", "jp", "en-US", "fr", ""])))
def test_unknown_language_names_those_accepted(lang: object) -> None:
    """An unknown language raises ValueError listing ja and en."""
    with pytest.raises(ValueError, match="accepted: ja, en"):
        checker.evaluate({}, lang)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(text=st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1")), junk,
                      st.recursive(st.none() | st.integers() | st.text(max_size=8),
                                   lambda inner: st.lists(inner) | st.dictionaries(
                                       st.text(max_size=8), inner)).map(json.dumps)),
       lang=st.one_of(st.sampled_from(checker.LANGS), junk))
def test_evaluate_json_never_raises(text: object, lang: object) -> None:
    """The browser seam returns a JSON object for any input: a result or {"error": ...}."""
    data = json.loads(checker.browser.evaluate_json(text, lang))  # type: ignore[arg-type]
    assert isinstance(data, dict)
    assert set(data) == {"error"} or "level" in data
    if "error" in data:
        assert isinstance(data["error"], str) and data["error"]


@given(answers=valid_answers, lang=st.sampled_from(checker.LANGS))
def test_evaluate_json_matches_evaluate(answers: dict[str, str], lang: str) -> None:
    """For valid answers the JSON seam returns exactly evaluate(...).to_dict()."""
    got = json.loads(checker.browser.evaluate_json(json.dumps(answers), lang))
    assert got == checker.evaluate(answers, lang).to_dict()


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 50_000, "1" * 10_000, "\ud800",
                                  '{"quota": "' + "x" * 1_000_000 + '"}'])
def test_evaluate_json_survives_pathological_json(text: str) -> None:
    """Deep nesting, huge numbers, lone surrogates and huge strings give an error, not a crash."""
    data = json.loads(checker.browser.evaluate_json(text, "ja"))
    assert set(data) == {"error"} and len(data["error"]) < 600


def test_evaluate_json_error_names_the_bad_answer() -> None:
    """A bad option in JSON gives an error naming the question and the accepted options."""
    data = json.loads(checker.browser.evaluate_json('{"quota": "maybe"}', "en"))
    assert "'maybe'" in data["error"] and "quota" in data["error"]
    assert "open, unknown, filled" in data["error"]


# ---------------------------------------------------------------- validation of broken data


def _raw() -> dict[str, Any]:
    """A fresh, mutable copy of the parsed rules data."""
    return copy.deepcopy(_RAW)


_RAW = read_data("rules")


def _q(data: dict, qid: str) -> dict:
    """The raw question with this id."""
    return next(q for q in data["questions"] if q["id"] == qid)


def _o(data: dict, qid: str, oid: str) -> dict:
    """The raw option with this id."""
    return next(o for o in _q(data, qid)["options"] if o["id"] == oid)


def _step(data: dict, sid: str) -> dict:
    """The raw step with this id."""
    return next(s for s in data["steps"] if s["id"] == sid)


MUTATIONS = {
    "unknown question in a rule": (
        lambda d: _step(d, "ask-places")["when"]["answers"].update(nope=["x"]),
        "steps[ask-places].when.answers: unknown key 'nope'"),
    "unknown option in a rule": (
        lambda d: _step(d, "ask-places")["when"]["answers"].update(quota=["maybe"]),
        "steps[ask-places].when.answers.quota: unknown option 'maybe'"),
    "unknown level in a rule": (
        lambda d: _step(d, "follow-up")["when"].update(levels=["medium"]),
        "steps[follow-up].when.levels: unknown level 'medium'"),
    "option without English": (
        lambda d: _o(d, "quota", "open")["label"].pop("en"),
        "questions[quota].options[open].label: missing en"),
    "option with a third language": (
        lambda d: _o(d, "quota", "open")["hint"].update(fr="Encore"),
        "questions[quota].options[open].hint: unknown key 'fr'"),
    "blank translation": (
        lambda d: _q(d, "reason")["text"].update(ja="  "),
        "questions[reason].text.ja: expected a non-empty string"),
    "unreachable level": (
        lambda d: d["scoring"].update(high=100),
        "levels.high: unreachable"),
    "unreachable lowest level": (
        lambda d: d["scoring"].update(low=-100) or _o(d, "quota", "filled").update(cap="low")
        or _o(d, "manner", "rude").update(cap="low"),
        "levels.very_low: unreachable"),
    "missing reason message": (
        lambda d: _o(d, "elapsed", "days").pop("reason"),
        "questions[elapsed].options[days]: missing reason"),
    "missing level summary": (
        lambda d: d["levels"]["low"].pop("summary"),
        "levels.low: missing summary"),
    "missing level": (
        lambda d: d["levels"].pop("moderate"),
        "levels: missing moderate"),
    "options out of order": (
        lambda d: _o(d, "elapsed", "month").update(points=3),
        "questions[elapsed].options[month].points: 3 is more than 0 for the more favourable"),
    "cap looser than a more favourable option's": (
        lambda d: _o(d, "reason", "untrue").update(cap="moderate") or _o(
            d, "reason", "vague").update(cap="low"),
        "questions[reason].options[untrue].cap: looser"),
    "missing source": (
        lambda d: _o(d, "quota", "open").pop("source"),
        "questions[quota].options[open]: missing source"),
    "unknown source": (
        lambda d: _o(d, "quota", "open").update(source="hearsay"),
        "questions[quota].options[open].source: unknown source 'hearsay'; accepted: "),
    "neutral option with a source": (
        lambda d: _o(d, "quota", "unknown").pop("cap") and _o(d, "quota", "unknown").pop(
            "exception") and _o(d, "quota", "unknown").pop("reason") and _o(
            d, "quota", "unknown").pop("link"),
        "questions[quota].options[unknown].source: a neutral option is never shown"),
    "exception naming an unknown question": (
        lambda d: _o(d, "quota", "unknown")["exception"]["if_any"].update(weather=["sunny"]),
        "questions[quota].options[unknown].exception.if_any: unknown key 'weather'"),
    "exception naming an unknown option": (
        lambda d: _o(d, "quota", "unknown")["exception"]["if_any"].update(situation=["luck"]),
        "questions[quota].options[unknown].exception.if_any.situation: unknown option 'luck'"),
    "exception naming its own question": (
        lambda d: _o(d, "quota", "unknown")["exception"]["if_any"].update(quota=["open"]),
        "questions[quota].options[unknown].exception.if_any: unknown key 'quota'"),
    "exception naming a situational question": (
        lambda d: _o(d, "quota", "unknown")["exception"]["if_any"].update(route=["agent"]),
        "questions[quota].options[unknown].exception.if_any: unknown key 'route'"),
    "exception that a more favourable answer would not meet": (
        lambda d: _o(d, "elapsed", "longer")["exception"]["if_any"].update(situation=["revoked"]),
        "questions[elapsed].options[longer].exception.if_any.situation: must also list every "
        "option more favourable"),
    "exception that does not loosen": (
        lambda d: _o(d, "elapsed", "longer")["exception"].update(cap="very_low"),
        "questions[elapsed].options[longer].exception.cap: must be looser"),
    "exception without a cap to loosen": (
        lambda d: _o(d, "quota", "open").update(exception={"if_any": {"situation": ["economy"]},
                                                            "source": "site-places"}),
        "questions[quota].options[open].exception: an exception loosens a cap"),
    "exception without a source": (
        lambda d: _o(d, "quota", "unknown")["exception"].pop("source"),
        "questions[quota].options[unknown].exception: missing source"),
    "exceptions making a worse answer's cap looser": (
        lambda d: _o(d, "elapsed", "month").pop("exception") and _o(
            d, "elapsed", "longer")["exception"].pop("cap"),
        "questions[elapsed].options[longer].cap: looser than the cap of the more favourable "
        "'month' when situation=economy"),
    "situational option with points": (
        lambda d: _o(d, "route", "agent").update(points=-1),
        "questions[route].options[agent].points: a situational question never changes the level"),
    "situational option with a cap": (
        lambda d: _o(d, "other_offer", "yes").update(cap="low"),
        "questions[other_offer].options[yes].cap: a situational question never changes"),
    "situational flag not a boolean": (
        lambda d: _q(d, "route").update(situational="yes"),
        "questions[route].situational: expected true or false"),
    "unknown cap": (
        lambda d: _o(d, "manner", "rude").update(cap="none"),
        "questions[manner].options[rude].cap: unknown level 'none'"),
    "cap at high": (
        lambda d: _o(d, "manner", "rude").update(cap="high"),
        "caps nothing"),
    "unanswered names no option": (
        lambda d: _q(d, "quota").update(unanswered="maybe"),
        "questions[quota].unanswered: names no option: 'maybe'"),
    "duplicate question": (
        lambda d: d["questions"].append(copy.deepcopy(_q(d, "quota"))),
        "questions: duplicate id 'quota'"),
    "duplicate option": (
        lambda d: _q(d, "contact")["options"].append(copy.deepcopy(_o(d, "contact", "no"))),
        "questions[contact].options: duplicate id 'no'"),
    "bad link": (
        lambda d: _step(d, "contact-now").update(link="https://example.com/"),
        "steps[contact-now].link: bad link"),
    "bad anchor": (
        lambda d: _step(d, "contact-now").update(link="steps.md#Contact Now"),
        "steps[contact-now].link: bad anchor"),
    "unknown top-level key": (
        lambda d: d.update(extra=1),
        "rules: unknown key 'extra'"),
    "thresholds not falling": (
        lambda d: d["scoring"].update(moderate=9),
        "scoring.moderate: must be below scoring.high"),
    "points not an integer": (
        lambda d: _o(d, "quota", "open").update(points=True),
        "questions[quota].options[open].points: expected an integer"),
    "bad placeholder": (
        lambda d: d["texts"]["effect_raises"].update(en="Raises by {amount}."),
        "texts.effect_raises.en: bad placeholder"),
    "bad method placeholder": (
        lambda d: d["method"][1].update(ja="{highest}"),
        "method[1].ja: bad placeholder"),
    "neutral option with a reason": (
        lambda d: _o(d, "evaluation", "average").update(reason={"ja": "あ", "en": "a"},
                                                         link="steps.md"),
        "questions[evaluation].options[average].reason: a neutral option is never shown"),
    "step without text": (
        lambda d: _step(d, "follow-up").pop("text"),
        "steps[follow-up]: missing text"),
    "empty condition": (
        lambda d: _step(d, "follow-up").update(when={}),
        "steps[follow-up].when: empty condition"),
    "bad id": (
        lambda d: _q(d, "quota").update(id="Quota!"),
        "questions[1].id: bad id"),
    "single option": (
        lambda d: _q(d, "contact").update(options=_q(d, "contact")["options"][:1]),
        "questions[contact].options: a question needs at least two options"),
    "step without a priority": (
        lambda d: _step(d, "follow-up").pop("priority"),
        "steps[follow-up]: missing priority"),
    "step with a priority below one": (
        lambda d: _step(d, "follow-up").update(priority=0),
        "steps[follow-up].priority: expected a whole number of 1 or more"),
    "step with a priority that is not a number": (
        lambda d: _step(d, "follow-up").update(priority="high"),
        "steps[follow-up].priority"),
    "warning with a priority": (
        lambda d: d["warnings"][0].update(priority=1),
        "unknown key 'priority'"),
    "no main steps": (
        lambda d: d.update(main_steps=0),
        "main_steps: expected 1 to"),
    "more main steps than steps": (
        lambda d: d.update(main_steps=len(d["steps"]) + 1),
        "main_steps: expected 1 to"),
    "main steps missing": (
        lambda d: d.pop("main_steps"),
        "rules: missing main_steps"),
}


def test_the_shipped_data_validates() -> None:
    """The rules as shipped pass validation and give the rules version."""
    assert checker.validate_rules(_raw()).version == checker.RULES_VERSION


@pytest.mark.parametrize("name", MUTATIONS)
def test_broken_data_fails_naming_the_entry(name: str) -> None:
    """Each kind of broken entry raises RulesError whose message names that entry."""
    mutate, expected = MUTATIONS[name]
    data = _raw()
    mutate(data)
    with pytest.raises(checker.RulesError) as caught:
        checker.validate_rules(data)
    assert expected in str(caught.value)


PATHS = paths(_RAW)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow],
          deadline=None)  # each run validates the whole rules data: timing varies with load
@given(path=st.sampled_from(PATHS), action=st.sampled_from(["delete", "replace"]),
       replacement=st.one_of(junk, st.lists(junk, max_size=2), st.dictionaries(
           st.text(max_size=5), junk, max_size=2)))
def test_any_single_corruption_gives_rules_or_rules_error(path: tuple, action: str,
                                                          replacement: object) -> None:
    """Deleting or replacing any one entry yields valid Rules or RulesError, never a crash."""
    data = _raw()
    corrupt(data, path, action, replacement)
    try:
        rules = checker.validate_rules(data)
    except checker.RulesError as error:
        assert str(error).split(":")[0], error
    else:
        assert isinstance(rules, checker.Rules)


def test_ui_text_needs_both_languages() -> None:
    """A UI key without English fails naming the dotted key."""
    data = copy.deepcopy(read_data("ui"))
    del data["form"]["title"]["en"]
    with pytest.raises(checker.RulesError, match=r"ui\.form\.title: missing en"):
        checker.validate_ui(data)


def test_ui_text_rejects_a_bare_string() -> None:
    """A UI key given as a bare string instead of ja/en fails naming it."""
    data = copy.deepcopy(read_data("ui"))
    data["button"]["clear"] = "Clear"
    with pytest.raises(checker.RulesError, match=r"ui\.button\.clear: expected a table"):
        checker.validate_ui(data)
