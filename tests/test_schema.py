"""The typed readers of every data file: a mutated copy of the real data is refused with a
message that starts with the path of the mutated entry, and no corruption ever escapes as
anything but RulesError (never a bare KeyError or TypeError)."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from typing import Any

import pytest
from helpers.corrupt import corrupt, paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.loader import read_data
from checker.model import RulesError
from checker.plan import validate_calendar
from checker.script import validate_script

COMPOSE = sys.modules["checker.compose"]
_STATUSES = [s["id"] for s in read_data("compose")["statuses"]]
_FIELDS = [f["id"] for f in read_data("compose")["fields"]]


def _call(data: object) -> None:
    """Both readers of call.toml: the script and the plan's calendar and texts."""
    validate_script(data, _FIELDS, _STATUSES)
    validate_calendar(data)


VALIDATORS: dict[str, Callable[[object], object]] = {
    "rules": checker.validate_rules, "ui": checker.validate_ui,
    "compose": COMPOSE._validate, "call": _call}


def _by_id(items: list[dict], ident: str) -> dict:
    return next(item for item in items if item["id"] == ident)


def _first_block(data: dict, part: str) -> dict:
    return data["parts"][part]["blocks"][0]


# (file, what is wrong, the mutation, the path the message must start with)
MUTATIONS: list[tuple[str, str, Callable[[dict], Any], str]] = [
    ("rules", "unknown key", lambda d: _by_id(d["questions"], "quota").update(colour=1),
     "questions[quota]: unknown key 'colour'"),
    ("rules", "missing key", lambda d: _by_id(d["steps"], "follow-up").pop("link"),
     "steps[follow-up]: missing link"),
    ("rules", "wrong type", lambda d: d["levels"]["high"].update(label="High"),
     "levels.high.label: expected a table"),
    ("rules", "dangling reference", lambda d: _by_id(d["questions"], "quota").update(
        unanswered="maybe"), "questions[quota].unanswered: names no option"),
    ("ui", "missing language", lambda d: d["form"]["title"].pop("en"), "ui.form.title: missing en"),
    ("ui", "wrong type", lambda d: d["form"].update(title=["a", "b"]), "ui.form.title: expected"),
    ("compose", "unknown top-level key", lambda d: d.update(version="1"),
     "compose: unknown key 'version'"),
    ("compose", "unknown key in a field", lambda d: _by_id(d["fields"], "answer_by").update(
        kind="date"), "compose.fields[answer_by]: unknown key 'kind'; accepted: id, label"),
    ("compose", "unknown input", lambda d: _by_id(d["fields"], "answer_by").update(
        input="calendar"), "compose.fields[answer_by].input: unknown input 'calendar'"),
    ("compose", "missing table", lambda d: d.pop("fields"), "compose: missing fields"),
    ("compose", "field without an id", lambda d: d["fields"][0].pop("id"),
     "compose.fields[0]: missing id"),
    ("compose", "field the engine reads", lambda d: d.update(
        fields=[f for f in d["fields"] if f["id"] != "answer_by"]),
     "compose.fields: missing answer_by"),
    ("compose", "duplicate id", lambda d: d["statuses"].append(copy.deepcopy(d["statuses"][0])),
     "compose.statuses: duplicate id"),
    ("compose", "wrong type", lambda d: _by_id(d["statuses"], "spoke").update(request="yes"),
     "compose.statuses[spoke].request: expected true or false"),
    ("compose", "wrong type of a count", lambda d: d.update(max_length="100"),
     "compose.max_length: expected an integer"),
    ("compose", "block with an unknown condition", lambda d: _first_block(d, "email").update(
        when=["x"]), "compose.parts.email.blocks[0]: unknown key 'when'"),
    ("compose", "block naming an unknown status", lambda d: _first_block(d, "subject").update(
        status=["lost"]), "compose.parts.subject.blocks[0].status: unknown status 'lost'"),
    ("compose", "block naming an unknown reason", lambda d: _first_block(d, "email").update(
        reason=["boredom"]), "compose.parts.email.blocks[0].reason: unknown reason 'boredom'"),
    ("compose", "model naming an unknown part", lambda d: d["models"][0].update(parts=["fax"]),
     f"compose.models[{read_data('compose')['models'][0]['id']}].parts: unknown part 'fax'"),
    ("compose", "model naming an unknown status", lambda d: d["models"][0].update(status="x"),
     f"compose.models[{read_data('compose')['models'][0]['id']}].status: unknown status"),
    ("compose", "missing keigo rule", lambda d: d["keigo"].pop("banned"),
     "compose.keigo: missing banned"),
    ("compose", "unknown notice", lambda d: d["notices"].update(
        shout={"ja": "あ", "en": "A"}), "compose.notices: unknown key 'shout'"),
    ("compose", "a required note without its placeholder", lambda d: next(
        r for r in d["reasons"] if r.get("note_required")).pop("note_placeholder"),
     "compose.reasons["),
    ("compose", "a date form with an unknown placeholder", lambda d: d["dates"].update(
        en="{weekday} {day}"), "compose.dates.en: bad placeholder"),
    ("call", "unknown top-level key", lambda d: d.update(extra={}), "call: unknown key 'extra'"),
    ("call", "missing table", lambda d: d.pop("ics"), "call: missing ics"),
    ("call", "unknown key in an outcome", lambda d: d["outcomes"]["wait"].update(colour="red"),
     "call.outcomes.wait: unknown key 'colour'"),
    ("call", "wrong type", lambda d: d["outcomes"]["wait"].update(follow_up="yes"),
     "call.outcomes.wait.follow_up: expected true or false"),
    ("call", "dangling reference", lambda d: d["answers"]["refuse"].update(to="nowhere"),
     "call.answers.refuse.to: leads to no node 'nowhere'"),
    ("call", "missing window end", lambda d: d["calendar"]["windows"][0].pop("end"),
     "call.calendar.windows[0]: missing end"),
    ("call", "bad time", lambda d: d["calendar"]["windows"][0].update(end="25:00"),
     "call.calendar.windows[0].end: '25:00' is not a time"),
    ("call", "missing plan text", lambda d: d["texts"].pop("retry"), "call.texts: missing retry"),
    ("call", "plan text with an unknown placeholder", lambda d: d["texts"]["retry"].update(
        en="{when}"), "call.texts.retry.en: bad placeholder"),
    ("call", "six weekdays", lambda d: d["texts"]["weekdays"]["en"].pop(),
     "call.texts.weekdays.en: expected 7 names"),
    ("call", "calendar file without its reminder", lambda d: d["ics"].pop("reminder_minutes"),
     "call.ics: missing reminder_minutes"),
    ("call", "page text in one language only", lambda d: d["page"]["en"].pop("form.clear"),
     "call.page.en: has not the keys of page.ja: form.clear"),
    ("call", "blank page text", lambda d: d["page"]["ja"].update({"form.clear": " "}),
     "call.page.ja.form.clear: expected a non-empty string"),
]


def test_the_shipped_data_passes_every_reader() -> None:
    """The real data of every file passes its validator unchanged."""
    for stem, validate in VALIDATORS.items():
        data = read_data(stem)
        validate(copy.deepcopy(data))
        assert read_data(stem) == data, stem


@pytest.mark.parametrize(("stem", "what", "mutate", "path"), MUTATIONS,
                         ids=[f"{m[0]}: {m[1]}" for m in MUTATIONS])
def test_a_mutated_file_is_refused_naming_the_path(stem: str, what: str,
                                                   mutate: Callable[[dict], Any],
                                                   path: str) -> None:
    """Each mutation of a deep copy of the real data is refused, the message starting with
    the path of the mutated entry."""
    data = copy.deepcopy(read_data(stem))
    mutate(data)
    with pytest.raises(RulesError) as caught:
        VALIDATORS[stem](data)
    assert str(caught.value).startswith(path), (what, str(caught.value))


def test_every_file_has_each_kind_of_mutation() -> None:
    """The table covers every data file with an unknown key, a missing key and a wrong type."""
    kinds = {(stem, kind) for stem, what, _, _ in MUTATIONS
             for kind in ("unknown", "missing", "wrong type") if kind in what}
    assert kinds >= {(stem, kind) for stem in ("rules", "compose", "call")
                     for kind in ("unknown", "missing", "wrong type")}


junk = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                 st.lists(st.text(max_size=3), max_size=2),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=3), max_size=2))


@pytest.mark.parametrize("stem", ["compose", "call"])
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.function_scoped_fixture],
          deadline=None)  # each run validates the whole file: timing varies with load
@given(data=st.data(), action=st.sampled_from(["delete", "replace"]), replacement=junk)
def test_any_single_corruption_is_refused_by_name_or_accepted(stem: str, data: st.DataObject,
                                                              action: str,
                                                              replacement: object) -> None:
    """Deleting or replacing any one entry gives the data back or RulesError naming a path
    in the file, never another exception."""
    raw = copy.deepcopy(read_data(stem))
    corrupt(raw, data.draw(st.sampled_from(paths(raw))), action, replacement)
    try:
        VALIDATORS[stem](raw)
    except RulesError as error:
        assert str(error).startswith(stem), error
