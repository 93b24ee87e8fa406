"""Read the TOML data beside this module and validate it, failing loudly on the bad entry."""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache
from typing import Any

from . import schema
from .data import read_data
from .engine import level_for
from .model import (
    LANGS,
    LEVELS,
    RANK,
    Advice,
    CapException,
    Condition,
    Level,
    LevelInfo,
    Option,
    Question,
    Rules,
    Text,
    check_lang,
)
from .schema import array as _list
from .schema import fail as _fail
from .schema import ident as _ident
from .schema import integer as _int
from .schema import level as _level
from .schema import link as _link
from .schema import string as _str
from .schema import table as _table
from .schema import template as _template
from .schema import text as _text
from .schema import unique as _unique
from .schema import where as _where

_TEXT_KEYS = ("disclaimer", "effect_raises", "effect_lowers", "effect_neutral", "effect_caps",
              "effect_caps_points", "effect_situational", "impact_raises", "impact_lowers",
              "impact_caps_lowers", "exception_lifts", "exception_loosens",
              "answer_is", "quoted", "or", "counts_as", "list_separator", "names_separator",
              "cap", "unanswered_as", "situational")
_SAMPLE = {"points": -1, "level": "L", "question": "Q", "option": "O", "options": "O",
           "answers": "A", "source": "S"}


@cache
def load_rules() -> Rules:
    """The validated rules from rules.toml (read once, then cached)."""
    return validate_rules(read_data("rules"))


@cache
def _ui_texts() -> dict[str, Text]:
    """The validated UI strings from ui.toml (read once, then cached)."""
    return validate_ui(read_data("ui"))


def ui_text(lang: str = "ja") -> dict[str, str]:
    """Flat dotted keys to UI strings in lang, for the checklist page."""
    lang = check_lang(lang)
    return {key: text.get(lang) for key, text in _ui_texts().items()}


# ---------------------------------------------------------------- the rules


def validate_rules(data: object) -> Rules:
    """Check parsed rules data entry by entry and build Rules; raise RulesError naming the entry."""
    root = _table(data, "rules", ("version", "main_steps", "draft_link", "scoring", "sources",
                                  "levels", "texts", "method", "questions", "steps", "warnings"))
    version = _str(root["version"], "version")
    thresholds = _thresholds(root["scoring"])
    sources = _sources(root["sources"])
    levels = _levels(root["levels"])
    texts = _texts(root["texts"])
    labels = {info.level: info._label for info in levels}
    method_values: dict[str, Any] = {level.value: t for level, t in thresholds}
    method_values |= {f"{level.value}_label": "L" for level in LEVELS}
    method_values |= {"unanswered_list": "U", "situational_list": "S"}
    method = tuple(_template(_text(item, f"method[{i}]"), f"method[{i}]", **method_values)
                   for i, item in enumerate(_list(root["method"], "method")))
    parsed = [_question(item, i, texts, labels, sources)
              for i, item in enumerate(_list(root["questions"], "questions"))]
    _unique([q.id for q, _ in parsed], "questions")
    questions = _with_exceptions(parsed, texts, labels, sources)
    steps = _advice_list(root["steps"], "steps", questions)
    warnings = _advice_list(root["warnings"], "warnings", questions)
    main_steps = _int(root["main_steps"], "main_steps")
    if not 1 <= main_steps <= len(steps):
        raise _fail("main_steps", f"expected 1 to {len(steps)} (the number of steps)")
    rules = Rules(version=version, questions=questions, levels=levels, thresholds=thresholds,
                  steps=steps, warnings=warnings, texts=texts, method=method, sources=sources,
                  main_steps=main_steps, draft_link=_link(root["draft_link"], "draft_link"))
    _check_reachable(rules)
    return rules


def _sources(value: object) -> dict[str, Text]:
    """The table of sources: id -> the words naming it, in every language."""
    table = _table(value, "sources", (), tuple(value) if isinstance(value, dict) else ())
    if not table:
        raise _fail("sources", "expected at least one source")
    return {_ident(key, f"sources.{key}"): _text(entry, f"sources.{key}")
            for key, entry in table.items()}


def _source(value: object, path: str, sources: dict[str, Text]) -> str:
    """A source id that names an entry of [sources]."""
    source = _str(value, path)
    if source not in sources:
        raise _fail(path, f"unknown source {source!r}; accepted: {', '.join(sources)}")
    return source


def _thresholds(value: object) -> tuple[tuple[Level, int], ...]:
    """Points needed for each level above very_low, strictly falling."""
    graded = LEVELS[:-1]
    table = _table(value, "scoring", tuple(level.value for level in graded))
    result = tuple((level, _int(table[level.value], f"scoring.{level}")) for level in graded)
    for (upper, high), (lower, low) in zip(result, result[1:], strict=False):
        if not high > low:
            raise _fail(f"scoring.{lower}", f"must be below scoring.{upper} ({high})")
    return result


def _levels(value: object) -> tuple[LevelInfo, ...]:
    """Label and summary of every level."""
    table = _table(value, "levels", tuple(level.value for level in LEVELS))
    infos = []
    for level in LEVELS:
        path = f"levels.{level}"
        entry = _table(table[level.value], path, ("label", "summary"))
        infos.append(LevelInfo(level, _text(entry["label"], f"{path}.label"),
                               _text(entry["summary"], f"{path}.summary")))
    return tuple(infos)


def _texts(value: object) -> dict[str, Text]:
    """The shared texts and templates, their placeholders checked."""
    table = _table(value, "texts", _TEXT_KEYS)
    return {key: _template(_text(table[key], f"texts.{key}"), f"texts.{key}", **_SAMPLE)
            for key in _TEXT_KEYS}


_PLAIN = {"effect_raises": "impact_raises", "effect_lowers": "impact_lowers",
          "effect_caps_points": "impact_caps_lowers"}
"""The sentences with points and their plain counterparts (the others carry no points)."""


def _effect(option_points: int, cap: Level | None, texts: dict[str, Text],
            labels: dict[Level, Text], situational: bool = False, plain: bool = False) -> Text:
    """The sentence saying how an option counts, in every language: with its points for staff,
    or (plain) only what it does to the level, for students."""
    if situational:
        key = "effect_situational"
    elif cap is not None:
        key = "effect_caps_points" if option_points else "effect_caps"
    else:
        key = "effect_raises" if option_points > 0 else "effect_lowers" if option_points else (
            "effect_neutral")
    if plain:
        key = _PLAIN.get(key, key)
    words = {}
    for lang in LANGS:
        level = labels[cap].get(lang) if cap is not None else ""
        words[lang] = texts[key].get(lang).format(points=option_points, level=level)
    return Text(**words)


def _question(value: object, index: int, texts: dict[str, Text], labels: dict[Level, Text],
              sources: dict[str, Text]) -> tuple[Question, dict[str, Any]]:
    """One question, its options checked for messages, links and sources; with the raw
    exceptions of its options by option id (resolved once every question is known)."""
    where = _where(value, "questions", index)
    entry = _table(value, where, ("id", "unanswered", "label", "text", "hint", "options"),
                   ("link", "situational"))
    qid = _ident(entry["id"], f"{where}.id")
    path = f"questions[{qid}]"
    situational = entry.get("situational", False)
    if not isinstance(situational, bool):
        raise _fail(f"{path}.situational", "expected true or false")
    pairs = [_option(item, f"{path}.options", i, texts, labels, sources, situational)
             for i, item in enumerate(_list(entry["options"], f"{path}.options"))]
    options = tuple(option for option, _ in pairs)
    exceptions = {option.id: raw for option, raw in pairs if raw is not None}
    if len(options) < 2:
        raise _fail(f"{path}.options", "a question needs at least two options")
    _unique([o.id for o in options], f"{path}.options")
    for better, worse in zip(options, options[1:], strict=False):
        if worse.points > better.points:
            raise _fail(f"{path}.options[{worse.id}].points",
                        f"{worse.points} is more than {better.points} for the more favourable "
                        f"{better.id!r}: options must be listed most favourable first")
    unanswered = _ident(entry["unanswered"], f"{path}.unanswered")
    if unanswered not in {o.id for o in options}:
        raise _fail(f"{path}.unanswered", f"names no option: {unanswered!r}; "
                                          f"accepted: {', '.join(o.id for o in options)}")
    link = _link(entry["link"], f"{path}.link") if "link" in entry else None
    question = Question(id=qid, options=options, unanswered_as=unanswered, link=link,
                        _label=_text(entry["label"], f"{path}.label"),
                        _text=_text(entry["text"], f"{path}.text"),
                        _hint=_text(entry["hint"], f"{path}.hint"), situational=situational)
    return question, exceptions


def _option(value: object, where: str, index: int, texts: dict[str, Text],
            labels: dict[Level, Text], sources: dict[str, Text], situational: bool
            ) -> tuple[Option, Any]:
    """One option and its raw exception; one that raises, lowers or caps must say why, link to
    the guidance and name its source; an option of a situational question does none of it."""
    where_id = _where(value, where, index)
    if situational:
        entry = _table(value, where_id, ("id", "label", "hint"),
                       ("points", "cap", "reason", "link", "source", "exception"))
        path = f"{where}[{_ident(entry['id'], f'{where_id}.id')}]"
        for key in ("points", "cap", "reason", "link", "source", "exception"):
            if key in entry:
                raise _fail(f"{path}.{key}", "a situational question never changes the level: "
                                             "its options take no points, caps or reasons")
        entry = {**entry, "points": 0}
    else:
        entry = _table(value, where_id, ("id", "points", "label", "hint"),
                       ("cap", "reason", "link", "source", "exception"))
    oid = _ident(entry["id"], f"{where_id}.id")
    path = f"{where}[{oid}]"
    points = _int(entry["points"], f"{path}.points")
    cap = _level(entry["cap"], f"{path}.cap") if "cap" in entry else None
    if cap is Level.HIGH:
        raise _fail(f"{path}.cap", "a cap at 'high' caps nothing; remove it")
    if "exception" in entry and cap is None:
        raise _fail(f"{path}.exception", "an exception loosens a cap: give the option a cap")
    counts = bool(points) or cap is not None
    for key in ("reason", "link", "source"):
        if counts and key not in entry:
            raise _fail(path, f"missing {key}: an option that raises, lowers or caps needs one")
        if not counts and key in entry:
            raise _fail(f"{path}.{key}", "a neutral option is never shown as a reason")
    option = Option(id=oid, points=points, cap=cap,
                    link=_link(entry["link"], f"{path}.link") if counts else None,
                    _label=_text(entry["label"], f"{path}.label"),
                    _hint=_text(entry["hint"], f"{path}.hint"),
                    _effect=_effect(points, cap, texts, labels, situational),
                    _impact=_effect(points, cap, texts, labels, situational, plain=True),
                    _reason=_text(entry["reason"], f"{path}.reason") if counts else None,
                    source=_source(entry["source"], f"{path}.source", sources) if counts
                    else None)
    return option, entry.get("exception")


def _with_exceptions(parsed: list[tuple[Question, dict[str, Any]]], texts: dict[str, Text],
                     labels: dict[Level, Text], sources: dict[str, Text]
                     ) -> tuple[Question, ...]:
    """The questions with their options' exceptions resolved, then checked for monotonicity."""
    known = {question.id: question for question, _ in parsed}
    questions = []
    for question, raw in parsed:
        options = tuple(
            option if option.id not in raw else replace(option, exception=_exception(
                raw[option.id], f"questions[{question.id}].options[{option.id}].exception",
                option, question, known, sources))
            for option in question.options)
        questions.append(replace(question, options=options))
    result = tuple(questions)
    by_id = {question.id: question for question in result}
    for question in result:
        _check_order(question, by_id)
    return result


def _exception(value: object, path: str, option: Option, owner: Question,
               known: dict[str, Question], sources: dict[str, Text]) -> CapException:
    """An exception to a cap: which answers loosen it, to what, and on what authority."""
    entry = _table(value, path, ("if_any", "source"), ("cap",))
    cap = _level(entry["cap"], f"{path}.cap") if "cap" in entry else None
    if cap is not None and RANK[cap] >= RANK[option.cap]:
        raise _fail(f"{path}.cap", f"must be looser than the option's own cap {option.cap.value!r}"
                                   " (or left out for no ceiling)")
    scoring = tuple(qid for qid, q in known.items() if not q.situational and qid != owner.id)
    given = _table(entry["if_any"], f"{path}.if_any", (), scoring)
    if not given:
        raise _fail(f"{path}.if_any", "empty: name at least one other scoring question")
    if_any = []
    for qid, listed in given.items():
        order = known[qid].option_ids
        ids = _option_ids(listed, order, f"{path}.if_any.{qid}")
        last = max(order.index(oid) for oid in ids)
        if set(order[:last + 1]) != set(ids):
            raise _fail(f"{path}.if_any.{qid}", f"must also list every option more favourable "
                                                f"than one it lists ({', '.join(order[:last + 1])})"
                                                ": else a better answer could lower the result")
        if_any.append((qid, frozenset(ids)))
    return CapException(if_any=tuple(if_any), cap=cap,
                        source=_source(entry["source"], f"{path}.source", sources))


def _check_order(question: Question, known: dict[str, Question]) -> None:
    """Along the options, the ceiling never loosens, whatever the answers that exceptions name.

    With the exceptions' upper sets (checked in _exception) and points that never rise, this
    makes every question monotonic: a more favourable answer never lowers the result."""
    for better, worse in zip(question.options, question.options[1:], strict=False):
        named = sorted({qid for o in (better, worse) if o.exception
                        for qid, _ in o.exception.if_any})
        for combo in itertools.product(*(known[qid].option_ids for qid in named)):
            effective = dict(zip(named, combo, strict=True))
            if RANK[worse.cap_given(effective) or Level.HIGH] < RANK[
                    better.cap_given(effective) or Level.HIGH]:
                where = ", ".join(f"{q}={o}" for q, o in effective.items())
                raise _fail(f"questions[{question.id}].options[{worse.id}].cap",
                            f"looser than the cap of the more favourable {better.id!r}"
                            + (f" when {where}" if where else ""))


def _advice_list(value: object, where: str, questions: tuple[Question, ...]) -> tuple[Advice, ...]:
    """Steps or warnings, their conditions checked against the questions."""
    items = tuple(_advice(item, where, i, questions) for i, item in enumerate(_list(value, where)))
    _unique([a.id for a in items], where)
    return items


def _advice(value: object, where: str, index: int, questions: tuple[Question, ...]) -> Advice:
    """One step (with its priority, a positive whole number) or warning."""
    ranked = where == "steps"
    entry = _table(value, _where(value, where, index),
                   ("id", "link", "text") + (("priority",) if ranked else ()),
                   ("when",) + (("call_window",) if ranked else ()))
    aid = _ident(entry["id"], f"{_where(value, where, index)}.id")
    path = f"{where}[{aid}]"
    when = _condition(entry["when"], f"{path}.when", questions) if "when" in entry else Condition()
    priority = _int(entry["priority"], f"{path}.priority") if ranked else None
    if priority is not None and priority < 1:
        raise _fail(f"{path}.priority", "expected a whole number of 1 or more")
    call_window = entry.get("call_window", False)
    if not isinstance(call_window, bool):
        raise _fail(f"{path}.call_window", "expected true or false")
    return Advice(id=aid, when=when, link=_link(entry["link"], f"{path}.link"),
                  _text=_text(entry["text"], f"{path}.text"), priority=priority,
                  call_window=call_window)


def _condition(value: object, path: str, questions: tuple[Question, ...]) -> Condition:
    """When advice applies: answers (as counted), levels, any unanswered question."""
    table = _table(value, path, (), ("answers", "levels", "unanswered"))
    if not table:
        raise _fail(path, "empty condition; leave 'when' out for advice that always applies")
    known = {q.id: q for q in questions}
    answers = []
    given = _table(table.get("answers", {}), f"{path}.answers", (), tuple(known))
    if "answers" in table and not given:
        raise _fail(f"{path}.answers", "empty: name at least one question")
    for qid, options in given.items():
        ids = _option_ids(options, known[qid].option_ids, f"{path}.answers.{qid}")
        answers.append((qid, frozenset(ids)))
    levels = None
    if "levels" in table:
        levels = frozenset(_level(v, f"{path}.levels") for v in _list(table["levels"],
                                                                      f"{path}.levels"))
    unanswered = table.get("unanswered")
    if unanswered is not None and not isinstance(unanswered, bool):
        raise _fail(f"{path}.unanswered", "expected true or false")
    return Condition(answers=tuple(answers), levels=levels, unanswered=unanswered)


def _check_reachable(rules: Rules) -> None:
    """Fail unless every level comes out of some combination of answers: for each choice of
    the answers that exceptions name, (points, ceiling) pairs over the other questions."""
    scoring = rules.scoring_questions
    named = sorted({qid for q in scoring for o in q.options if o.exception
                    for qid, _ in o.exception.if_any})
    reached = set()
    for combo in itertools.product(*(rules.question(qid).option_ids for qid in named)):
        fixed = dict(zip(named, combo, strict=True))
        states = {(0, Level.HIGH)}
        for question in scoring:
            options = [question.option(fixed[question.id])] if question.id in fixed else (
                question.options)
            states = {(score + o.points, _stricter(cap, o.cap_given(fixed)))
                      for score, cap in states for o in options}
        reached |= {level_for(rules, score, cap) for score, cap in states}
    for level in LEVELS:
        if level not in reached:
            raise _fail(f"levels.{level}", "unreachable: no combination of answers gives it")


def _stricter(cap: Level, other: Level | None) -> Level:
    """The stricter of two ceilings (None: no ceiling)."""
    return other if other is not None and RANK[other] > RANK[cap] else cap


# ---------------------------------------------------------------- UI strings


def validate_ui(data: object) -> dict[str, Text]:
    """Flatten nested UI tables to dotted keys, each with every language; raise RulesError."""
    if not isinstance(data, dict) or not data:
        raise _fail("ui", "expected a non-empty table")
    flat: dict[str, Text] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, Text]) -> None:
    """Collect leaves ({ja, en} tables) under dotted keys."""
    for key, value in table.items():
        path = f"{prefix}{key}"
        if not isinstance(value, dict) or not value:
            raise _fail(f"ui.{path}", "expected a table of texts by language")
        if any(lang in value for lang in LANGS):
            out[path] = _text(value, f"ui.{path}")
        else:
            _flatten(value, f"{path}.", out)


def _option_ids(value: object, accepted: tuple[str, ...], path: str) -> list[str]:
    """A list of option ids of one question, each one of `accepted`."""
    return schema.ids(value, path, accepted, "option")
