"""Read the TOML data beside this module and validate it, failing loudly on the bad entry."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from .engine import level_for
from .model import (
    LANGS,
    LEVELS,
    RANK,
    Advice,
    Condition,
    Level,
    LevelInfo,
    Option,
    Question,
    Rules,
    RulesError,
    Text,
    check_lang,
)

_HERE = os.path.dirname(os.path.abspath(__file__))
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
_ANCHOR_CHARS = _ID_CHARS
_TEXT_KEYS = ("disclaimer", "effect_raises", "effect_lowers", "effect_neutral", "effect_caps",
              "effect_caps_points", "cap", "unanswered_as")
_SAMPLE = {"points": -1, "level": "L", "question": "Q", "option": "O"}


def read_data(stem: str) -> dict[str, Any]:
    """The data file `stem` beside this module: `stem.toml`, the source, or `stem.json`, which
    the wheel ships instead (the same data; JSON parses natively in the browser). Read through
    the module's own loader: from a folder, or from the wheel imported as a zip."""
    try:
        return json.loads(__loader__.get_data(os.path.join(_HERE, stem + ".json")))
    except OSError:
        import tomllib  # only from the source tree: the browser's wheel holds JSON

        return tomllib.loads(__loader__.get_data(os.path.join(_HERE, stem + ".toml")).decode())


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


# ---------------------------------------------------------------- small typed readers


def _fail(path: str, message: str) -> RulesError:
    """An error naming the entry at path."""
    return RulesError(f"{path}: {message}")


def _table(value: object, path: str, required: tuple[str, ...] = (),
           optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A table with exactly the required keys and maybe some optional ones."""
    if not isinstance(value, dict):
        raise _fail(path, f"expected a table, got {type(value).__name__}")
    missing = [key for key in required if key not in value]
    if missing:
        raise _fail(path, f"missing {', '.join(missing)}")
    unknown = [key for key in value if key not in required and key not in optional]
    if unknown:
        raise _fail(path, f"unknown key {', '.join(map(repr, unknown))}; "
                          f"accepted: {', '.join(required + optional)}")
    return value


def _list(value: object, path: str) -> list[Any]:
    """A non-empty array."""
    if not isinstance(value, list) or not value:
        raise _fail(path, "expected a non-empty array")
    return value


def _str(value: object, path: str) -> str:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "expected a non-empty string")
    return value


def _int(value: object, path: str) -> int:
    """An integer (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, "expected an integer")
    return value


def _ident(value: object, path: str) -> str:
    """An id: lower-case letters, digits, '-' and '_'."""
    text = _str(value, path)
    if not set(text) <= _ID_CHARS:
        raise _fail(path, f"bad id {text!r}: use lower-case letters, digits, '-' and '_'")
    return text


def _text(value: object, path: str) -> Text:
    """A text given in every language, and in no other."""
    table = _table(value, path, LANGS)
    return Text(**{lang: _str(table[lang], f"{path}.{lang}") for lang in LANGS})


def _link(value: object, path: str) -> str:
    """A docs link, "page.md" or "page.md#anchor"."""
    link = _str(value, path)
    page, _, anchor = link.partition("#")
    if not page.endswith(".md") or " " in page or page.startswith(("/", ".")) or "\\" in page:
        raise _fail(path, f"bad link {link!r}: expected 'page.md' or 'page.md#anchor'")
    if "#" in link and (not anchor or not set(anchor) <= _ANCHOR_CHARS):
        raise _fail(path, f"bad anchor in link {link!r}")
    return link


def _level(value: object, path: str) -> Level:
    """A level id."""
    if not isinstance(value, str) or value not in LEVELS:
        raise _fail(path, f"unknown level {value!r}; accepted: {', '.join(LEVELS)}")
    return Level(value)


def _template(text: Text, path: str, **values: Any) -> Text:
    """A text whose placeholders all format with the given values."""
    for lang in LANGS:
        try:
            text.get(lang).format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise _fail(f"{path}.{lang}", f"bad placeholder ({error!r})") from None
    return text


def _where(value: object, where: str, index: int) -> str:
    """Path of an array entry: by its id when it has a plain one, else by its index."""
    ident = value.get("id") if isinstance(value, dict) else None
    if isinstance(ident, str) and ident and set(ident) <= _ID_CHARS:
        return f"{where}[{ident}]"
    return f"{where}[{index}]"


def _unique(ids: list[str], path: str) -> None:
    """Fail on a repeated id."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise _fail(path, f"duplicate id {item!r}")
        seen.add(item)


# ---------------------------------------------------------------- the rules


def validate_rules(data: object) -> Rules:
    """Check parsed rules data entry by entry and build Rules; raise RulesError naming the entry."""
    root = _table(data, "rules", ("version", "scoring", "levels", "texts", "method",
                                  "questions", "steps", "warnings"))
    version = _str(root["version"], "version")
    thresholds = _thresholds(root["scoring"])
    levels = _levels(root["levels"])
    texts = _texts(root["texts"])
    labels = {info.level: info._label for info in levels}
    method_values: dict[str, Any] = {level.value: t for level, t in thresholds}
    method_values |= {f"{level.value}_label": "L" for level in LEVELS}
    method = tuple(_template(_text(item, f"method[{i}]"), f"method[{i}]", **method_values)
                   for i, item in enumerate(_list(root["method"], "method")))
    questions = tuple(_question(item, i, texts, labels)
                      for i, item in enumerate(_list(root["questions"], "questions")))
    _unique([q.id for q in questions], "questions")
    steps = _advice_list(root["steps"], "steps", questions)
    warnings = _advice_list(root["warnings"], "warnings", questions)
    rules = Rules(version=version, questions=questions, levels=levels, thresholds=thresholds,
                  steps=steps, warnings=warnings, texts=texts, method=method)
    _check_reachable(rules)
    return rules


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


def _effect(option_points: int, cap: Level | None, texts: dict[str, Text],
            labels: dict[Level, Text]) -> Text:
    """The sentence saying how an option counts, in every language."""
    if cap is not None:
        key = "effect_caps_points" if option_points else "effect_caps"
    else:
        key = "effect_raises" if option_points > 0 else "effect_lowers" if option_points else (
            "effect_neutral")
    words = {}
    for lang in LANGS:
        level = labels[cap].get(lang) if cap is not None else ""
        words[lang] = texts[key].get(lang).format(points=option_points, level=level)
    return Text(**words)


def _question(value: object, index: int, texts: dict[str, Text],
              labels: dict[Level, Text]) -> Question:
    """One question, its options checked for order, messages and links."""
    where = _where(value, "questions", index)
    entry = _table(value, where, ("id", "unanswered", "label", "text", "hint", "options"),
                   ("link",))
    qid = _ident(entry["id"], f"{where}.id")
    path = f"questions[{qid}]"
    options = tuple(_option(item, f"{path}.options", i, texts, labels)
                    for i, item in enumerate(_list(entry["options"], f"{path}.options")))
    if len(options) < 2:
        raise _fail(f"{path}.options", "a question needs at least two options")
    _unique([o.id for o in options], f"{path}.options")
    for better, worse in zip(options, options[1:], strict=False):
        if worse.points > better.points:
            raise _fail(f"{path}.options[{worse.id}].points",
                        f"{worse.points} is more than {better.points} for the more favourable "
                        f"{better.id!r}: options must be listed most favourable first")
        if RANK[worse.cap or Level.HIGH] < RANK[better.cap or Level.HIGH]:
            raise _fail(f"{path}.options[{worse.id}].cap",
                        f"looser than the cap of the more favourable {better.id!r}")
    unanswered = _ident(entry["unanswered"], f"{path}.unanswered")
    if unanswered not in {o.id for o in options}:
        raise _fail(f"{path}.unanswered", f"names no option: {unanswered!r}; "
                                          f"accepted: {', '.join(o.id for o in options)}")
    link = _link(entry["link"], f"{path}.link") if "link" in entry else None
    return Question(id=qid, options=options, unanswered_as=unanswered, link=link,
                    _label=_text(entry["label"], f"{path}.label"),
                    _text=_text(entry["text"], f"{path}.text"),
                    _hint=_text(entry["hint"], f"{path}.hint"))


def _option(value: object, where: str, index: int, texts: dict[str, Text],
            labels: dict[Level, Text]) -> Option:
    """One option; one that raises, lowers or caps must say why and link to the guidance."""
    entry = _table(value, _where(value, where, index), ("id", "points", "label", "hint"),
                   ("cap", "reason", "link"))
    oid = _ident(entry["id"], f"{_where(value, where, index)}.id")
    path = f"{where}[{oid}]"
    points = _int(entry["points"], f"{path}.points")
    cap = _level(entry["cap"], f"{path}.cap") if "cap" in entry else None
    if cap is Level.HIGH:
        raise _fail(f"{path}.cap", "a cap at 'high' caps nothing; remove it")
    counts = bool(points) or cap is not None
    for key in ("reason", "link"):
        if counts and key not in entry:
            raise _fail(path, f"missing {key}: an option that raises, lowers or caps needs one")
        if not counts and key in entry:
            raise _fail(f"{path}.{key}", "a neutral option is never shown as a reason")
    return Option(id=oid, points=points, cap=cap,
                  link=_link(entry["link"], f"{path}.link") if counts else None,
                  _label=_text(entry["label"], f"{path}.label"),
                  _hint=_text(entry["hint"], f"{path}.hint"),
                  _effect=_effect(points, cap, texts, labels),
                  _reason=_text(entry["reason"], f"{path}.reason") if counts else None)


def _advice_list(value: object, where: str, questions: tuple[Question, ...]) -> tuple[Advice, ...]:
    """Steps or warnings, their conditions checked against the questions."""
    items = tuple(_advice(item, where, i, questions) for i, item in enumerate(_list(value, where)))
    _unique([a.id for a in items], where)
    return items


def _advice(value: object, where: str, index: int, questions: tuple[Question, ...]) -> Advice:
    """One step or warning."""
    entry = _table(value, _where(value, where, index), ("id", "link", "text"), ("when",))
    aid = _ident(entry["id"], f"{_where(value, where, index)}.id")
    path = f"{where}[{aid}]"
    when = _condition(entry["when"], f"{path}.when", questions) if "when" in entry else Condition()
    return Advice(id=aid, when=when, link=_link(entry["link"], f"{path}.link"),
                  _text=_text(entry["text"], f"{path}.text"))


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
        accepted = known[qid].option_ids
        ids = [_str(o, f"{path}.answers.{qid}") for o in _list(options, f"{path}.answers.{qid}")]
        for oid in ids:
            if oid not in accepted:
                raise _fail(f"{path}.answers.{qid}", f"unknown option {oid!r}; "
                                                     f"accepted: {', '.join(accepted)}")
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
    """Fail unless every level comes out of some combination of answers."""
    states = {(0, Level.HIGH)}
    for question in rules.questions:
        states = {(score + o.points, o.cap if o.cap and RANK[o.cap] > RANK[cap] else cap)
                  for score, cap in states for o in question.options}
    reached = {level_for(rules, score, cap) for score, cap in states}
    for level in LEVELS:
        if level not in reached:
            raise _fail(f"levels.{level}", "unreachable: no combination of answers gives it")


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
