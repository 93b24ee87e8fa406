"""The call script: a graph of what the reader says (nodes) and what the company may answer
(edges), read from call.toml and checked at load: every edge leads to a node, every node is
reachable from the start, and every node can reach an outcome (no cycle without an exit)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .loader import read_data
from .model import LANGS, Text
from .schema import array as _list
from .schema import boolean, mapping, text, within
from .schema import fail as _fail
from .schema import ident as _ident
from .schema import string as _str
from .schema import table as _table
from .schema import text as _text

_RUBY = re.compile(r"([\u3005\u4e00-\u9fff]+)《([^《》]+)》")
_KANJI = re.compile(r"[\u3005\u4e00-\u9fff]+")
_FIELD = re.compile(r"\{[a-z_]+\}|［[^］]*］")  # the reader's details and blanks to fill
CALL_KEYS = ("calendar", "texts", "ics", "page", "outcomes", "answers", "script")
"""The tables of call.toml."""
WHO = ("reception", "contact")
"""Who is on the line at a node: the person who answered, or the reader's contact."""


@dataclass(frozen=True, slots=True)
class Answer:
    """Something the company may say, and the node it leads to."""

    id: str
    label: Text
    to: str


@dataclass(frozen=True, slots=True)
class Node:
    """What the reader says at one turn; `answers` lead on, or `outcome` ends the path."""

    id: str
    who: str
    title: Text
    blocks: tuple[dict[str, Any], ...]
    answers: tuple[str, ...]
    outcome: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a path ends: the composer's email to send now, and the next step."""

    id: str
    email: str
    next: Text
    follow_up: bool
    retry: bool


@dataclass(frozen=True, slots=True)
class Script:
    """The whole validated graph."""

    start: str
    nodes: dict[str, Node]
    answers: dict[str, Answer]
    outcomes: dict[str, Outcome]
    company_word: str
    """The company as the reader says it, with its reading (御社《おんしゃ》)."""


def plain(text: str) -> str:
    """The Japanese as said: readings dropped (お世話《せわ》 -> お世話)."""
    return _RUBY.sub(r"\1", text)


def segments(text: str) -> list[list[str]]:
    """The Japanese as [text, reading] pairs for furigana; reading "" where there is none."""
    out: list[list[str]] = []
    pos = 0
    for match in _RUBY.finditer(text):
        if match.start() > pos:
            out.append([text[pos:match.start()], ""])
        out.append([match.group(1), match.group(2)])
        pos = match.end()
    if pos < len(text):
        out.append([text[pos:], ""])
    return out


def _check_readings(text: str, path: str) -> None:
    """Every run of kanji in the fixed text carries its reading, so furigana can be shown."""
    bare = _FIELD.sub("", _RUBY.sub("", text))
    if "《" in bare or "》" in bare:
        raise _fail(path, "a reading 《》 must follow a run of kanji directly")
    if match := _KANJI.search(bare):
        raise _fail(path, f"{match.group()!r} has no reading: write it as "
                          f"{match.group()}《よみ》")


def _blocks(value: object, path: str, fields: Iterable[str]) -> tuple[dict[str, Any], ...]:
    known = set(fields)
    blocks = []
    for i, raw in enumerate(_list(value, path)):
        where = f"{path}[{i}]"
        block = _table(raw, where, ("lines",), ("given", "blank"))
        for key in (k for k in ("given", "blank") if k in block):
            named = {_str(f, f"{where}.{key}") for f in _list(block[key], f"{where}.{key}")}
            if unknown := named - known:
                raise _fail(f"{where}.{key}", f"unknown field {sorted(unknown)}; accepted: "
                                              f"{', '.join(sorted(known))}")
        for j, line in enumerate(_list(block["lines"], f"{where}.lines")):
            said = text(line, f"{where}.lines[{j}]")[LANGS[0]]
            path = f"{where}.lines[{j}].{LANGS[0]}"
            if said.startswith(("（", "(")):  # a stage direction in brackets: said as is
                _check_readings(said.partition("）")[2], path)
            else:
                _check_readings(said, path)
        blocks.append(block)
    return tuple(blocks)


def validate_script(data: object, fields: Iterable[str], emails: Iterable[str]) -> Script:
    """The checked graph; raise RulesError naming the node, answer or outcome at fault
    (`call.script.nodes.visit.outcome: ...`)."""
    fields, emails = tuple(fields), tuple(emails)
    with within("call"):
        root = _table(data, "call", CALL_KEYS)
        outcomes = _outcomes(root["outcomes"], emails)
        answers = _answers(root["answers"])
        script = _table(root["script"], "script",
                        ("start", "required_answers", "nodes", "company_word"))
        nodes = {nid: _node(raw, f"script.nodes.{nid}", answers, outcomes, fields)
                 for nid, raw in mapping(script["nodes"], "script.nodes").items()}
        for answer in answers.values():
            if answer.to not in nodes:
                raise _fail(f"answers.{answer.id}.to", f"leads to no node {answer.to!r}")
        required = [_str(a, "script.required_answers")
                    for a in _list(script["required_answers"], "script.required_answers")]
        missing = [aid for aid in required if aid not in answers]
        if missing:
            raise _fail("answers", f"missing the required answers {', '.join(missing)}")
        result = Script(_ident(script["start"], "script.start"), nodes, answers, outcomes,
                        _str(script["company_word"], "script.company_word"))
        if result.start not in nodes:
            raise _fail("script.start", f"names no node {result.start!r}")
        _check_graph(result)
    return result


def _outcomes(value: object, emails: tuple[str, ...]) -> dict[str, Outcome]:
    """Where paths end, each naming the composer's email for it."""
    outcomes = {}
    for oid, raw in mapping(value, "outcomes").items():
        where = f"outcomes.{oid}"
        entry = _table(raw, where, ("email", "next", "follow_up"), ("retry",))
        if entry["email"] not in emails:
            raise _fail(f"{where}.email", f"names no composer status; accepted: "
                                          f"{', '.join(emails)}")
        outcomes[oid] = Outcome(oid, entry["email"], _text(entry["next"], f"{where}.next"),
                                boolean(entry["follow_up"], f"{where}.follow_up"),
                                boolean(entry.get("retry", False), f"{where}.retry"))
    return outcomes


def _answers(value: object) -> dict[str, Answer]:
    """What the company may say, each leading to a node."""
    answers = {}
    for aid, raw in mapping(value, "answers").items():
        entry = _table(raw, f"answers.{aid}", ("label", "to"))
        answers[aid] = Answer(aid, _text(entry["label"], f"answers.{aid}.label"),
                              _ident(entry["to"], f"answers.{aid}.to"))
    return answers


def _node(value: object, where: str, answers: dict[str, Answer], outcomes: dict[str, Outcome],
          fields: tuple[str, ...]) -> Node:
    """One turn of the reader: its answers (they lead on) or its outcome (it ends)."""
    entry = _table(value, where, ("who", "title", "blocks"), ("answers", "outcome"))
    if entry["who"] not in WHO:
        raise _fail(f"{where}.who", f"accepted: {', '.join(WHO)}")
    if ("answers" in entry) == ("outcome" in entry):
        raise _fail(where, "give either `answers` (the path goes on) or `outcome` (it "
                           "ends), not both or neither")
    leads = [_str(a, f"{where}.answers")
             for a in (_list(entry["answers"], f"{where}.answers") if "answers" in entry else ())]
    for aid in leads:
        if aid not in answers:
            raise _fail(f"{where}.answers", f"no answer {aid!r}; accepted: "
                                            f"{', '.join(answers)}")
    outcome = _str(entry["outcome"], f"{where}.outcome") if "outcome" in entry else None
    if outcome is not None and outcome not in outcomes:
        raise _fail(f"{where}.outcome", f"no outcome {outcome!r}; accepted: "
                                        f"{', '.join(outcomes)}")
    return Node(where.rpartition(".")[2], entry["who"], _text(entry["title"], f"{where}.title"),
                _blocks(entry["blocks"], f"{where}.blocks", fields), tuple(leads), outcome)


def _check_graph(script: Script) -> None:
    """Every node reachable from the start; from every node, some path reaches an outcome."""
    following = {nid: {script.answers[a].to for a in node.answers}
                 for nid, node in script.nodes.items()}
    seen, todo = {script.start}, [script.start]
    while todo:
        for nxt in following[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    if unreached := sorted(set(script.nodes) - seen):
        raise _fail(f"script.nodes.{unreached[0]}", "is not reachable from the start "
                                                    f"{script.start!r}")
    ends = {nid for nid, node in script.nodes.items() if node.outcome}
    changed = True
    while changed:
        grown = {nid for nid, nexts in following.items() if nexts & ends} - ends
        ends |= grown
        changed = bool(grown)
    if trapped := sorted(set(script.nodes) - ends):
        raise _fail(f"script.nodes.{trapped[0]}", "never reaches an outcome (a cycle without "
                                                  "an exit)")


@cache
def load_script() -> Script:
    """The validated call script (read once, then cached)."""
    from .compose import spec as compose_spec

    composer = compose_spec()
    script = validate_script(read_data("call"), (f["id"] for f in composer["fields"]),
                             (s["id"] for s in composer["statuses"]))
    speech = composer["keigo"]["speech"]["ja"]
    if plain(script.company_word) != speech:
        raise _fail("call.script.company_word", f"must be the composer's speech word {speech!r} "
                                           "with its reading")
    return script
