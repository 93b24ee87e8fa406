"""The call script as data: the loaded graph is whole, and each kind of broken graph is
refused with an error naming the node, answer or outcome at fault."""

from __future__ import annotations

import copy
import re
import sys

import pytest

import checker  # noqa: F401  (loads the package so its submodules resolve)
from checker.loader import read_data
from checker.model import RulesError
from checker.plan import plan
from checker.script import load_script, plain, segments, validate_script

COMPOSE = sys.modules["checker.compose"]
FIELDS = [f["id"] for f in COMPOSE.spec()["fields"]]
EMAILS = [s["id"] for s in COMPOSE.spec()["statuses"]]
CONTRACT = ("hold", "out", "what_about", "consider", "refuse", "why", "other_offer", "come_in",
            "email_instead")


def _data() -> dict:
    return copy.deepcopy(read_data("call"))


def _refused(data: dict, pattern: str) -> None:
    with pytest.raises(RulesError, match=pattern):
        validate_script(data, FIELDS, EMAILS)


def test_the_shipped_script_has_the_contracted_answers() -> None:
    """Every answer id the page and the tests rely on exists and leads somewhere."""
    script = load_script()
    assert set(CONTRACT) <= set(script.answers)
    assert all(script.answers[a].to in script.nodes for a in CONTRACT)


def test_every_path_ends_in_an_outcome_that_names_an_email() -> None:
    """Walking every path from the start (each node once per path) ends in outcomes only, and
    the outcomes name the composer's spoke, unreached and refused emails."""
    script = load_script()
    ends, emails = set(), set()

    def walk(node_id: str, path: tuple[str, ...]) -> None:
        node = script.nodes[node_id]
        if node.outcome:
            ends.add(node_id)
            emails.add(script.outcomes[node.outcome].email)
            return
        for answer in node.answers:
            target = script.answers[answer].to
            if target not in path:
                walk(target, path + (target,))

    walk(script.start, (script.start,))
    assert ends == {nid for nid, n in script.nodes.items() if n.outcome}
    assert {"spoke", "unreached", "refused"} <= emails


def test_an_edge_to_a_missing_node_is_refused() -> None:
    """An answer that leads to no node is named."""
    data = _data()
    data["answers"]["refuse"]["to"] = "nowhere"
    _refused(data, r"answers\.refuse\.to: leads to no node 'nowhere'")


def test_a_node_naming_an_unknown_answer_is_refused() -> None:
    """A node's answers must exist."""
    data = _data()
    data["script"]["nodes"]["request"]["answers"].append("shrug")
    _refused(data, r"script\.nodes\.request\.answers: no answer 'shrug'")


def test_an_unreachable_node_is_refused() -> None:
    """A node no answer leads to is named."""
    data = _data()
    data["script"]["nodes"]["orphan"] = copy.deepcopy(data["script"]["nodes"]["accept_no"])
    _refused(data, r"script\.nodes\.orphan: is not reachable")


def test_a_cycle_without_an_exit_is_refused() -> None:
    """Two nodes that only lead to each other never end: the first is named."""
    data = _data()
    nodes = data["script"]["nodes"]
    for nid, target in (("loop_a", "loop_b"), ("loop_b", "loop_a")):
        nodes[nid] = {"who": "contact", "title": {"ja": "輪", "en": "loop"},
                      "blocks": [{"lines": [{"ja": "はい。", "en": "Yes."}]}],
                      "answers": [f"to_{target}"]}
        data["answers"][f"to_{target}"] = {"label": {"ja": "x", "en": "x"}, "to": target}
    nodes["request"]["answers"].append("to_loop_a")
    _refused(data, r"script\.nodes\.loop_a: never reaches an outcome")


@pytest.mark.parametrize("keys", [("answers", "outcome"), ()])
def test_a_node_with_both_or_neither_of_answers_and_outcome_is_refused(keys: tuple) -> None:
    """A node either goes on or ends."""
    data = _data()
    node = data["script"]["nodes"]["visit"]
    node.pop("outcome")
    if keys:
        node["answers"], node["outcome"] = ["refuse"], "visit"
    _refused(data, r"script\.nodes\.visit: give either `answers`")


def test_an_outcome_naming_no_composer_email_is_refused() -> None:
    """An outcome's email is one of the composer's call statuses."""
    data = _data()
    data["outcomes"]["wait"]["email"] = "postcard"
    _refused(data, r"outcomes\.wait\.email: names no composer status")


def test_a_missing_contracted_answer_is_refused() -> None:
    """Removing a contracted answer (and every use of it) is refused by name."""
    data = _data()
    del data["answers"]["come_in"]
    for node in data["script"]["nodes"].values():
        if "come_in" in node.get("answers", ()):
            node["answers"].remove("come_in")
    del data["script"]["nodes"]["visit"]
    _refused(data, r"missing the required answers come_in")


def test_a_line_with_kanji_but_no_reading_is_refused() -> None:
    """Fixed Japanese needs its readings, for the English page's furigana."""
    data = _data()
    data["script"]["nodes"]["purpose"]["blocks"][0]["lines"][0]["ja"] = "内定の件です。"
    _refused(data, r"script\.nodes\.purpose\.blocks\[0\]\.lines\[0\]\.ja: '内定' has no reading")


def test_a_condition_on_an_unknown_field_is_refused() -> None:
    """Blocks may only depend on the composer's fields."""
    data = _data()
    data["script"]["nodes"]["purpose"]["blocks"][0]["given"] = ["shoe_size"]
    _refused(data, r"purpose\.blocks\[0\]\.given: unknown field \['shoe_size'\]")


def test_readings_become_furigana_segments_and_vanish_from_what_is_said() -> None:
    """お世話《せわ》 is said as お世話, and shown as the kanji with its reading."""
    text = "お世話《せわ》になっております。"
    assert plain(text) == "お世話になっております。"
    assert segments(text) == [["お", ""], ["世話", "せわ"], ["になっております。", ""]]


def test_the_english_script_carries_readings_for_every_kanji_of_the_fixed_text() -> None:
    """In English every line has its meaning and ruby segments whose joined text is the
    Japanese said; kanji left without a reading come only from the reader's details."""
    details = {"company": "株式会社みなと物産", "name": "佐藤花子", "school": "東西大学",
               "reason": "health"}
    nodes = plan(details, "en", now="2026-12-04T22:10")["script"]["nodes"]
    typed = "".join(details.values())
    for node in nodes.values():
        for line in node["lines"]:
            assert "".join(text for text, _ in line["ruby"]) == line["ja"] and line["en"]
            if line["ja"].startswith("（"):
                continue  # a stage direction, explained in the English
            bare = "".join(text for text, reading in line["ruby"] if not reading)
            bare = re.sub(r"［[^］]*］", "", bare)  # a blank the reader fills in
            for kanji in re.findall(r"[\u4e00-\u9fff]", bare):
                assert kanji in typed or kanji in _reason_text(), (kanji, line["ja"])


def _reason_text() -> str:
    return "".join(r["text"]["ja"] for r in COMPOSE.spec()["reasons"])
