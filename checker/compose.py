"""The message composer: the reader's details -> the Japanese email and phone notes to send,
with the English meaning of every line. All wording and keigo rules live in compose.toml."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from . import schema
from .loader import read_data
from .model import LANGS, _show, check_lang, glossed
from .schema import within

PARTS = ("subject", "email", "phone", "phone_if_out")
"""The parts of a draft, in the order they are returned."""

REGISTERS = ("writing", "speech")
INPUTS = ("text", "tel", "email", "date")
"""The kinds of input a field may ask for on the page (`input` in compose.toml)."""
_CONDITIONS = ("status", "given", "blank", "reason")
# C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides and isolates,
# and lone surrogates: none belongs in a one-line detail.
_BAD_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x202E), (0x2066, 0x2069), (0xD800, 0xDFFF))
_DATE_EXAMPLE = "2025-11-20"
ERROR_CODES = ("not_text", "control_character", "too_long", "unknown_choice", "not_a_date",
               "future_date", "unreadable", "internal", "note_needed")
"""The problems a detail can have, each with its text for the page in compose.toml [errors]."""
_ERROR_PARAMS = ("length", "max_length", "example", "today", "what")
NOTICE_CODES = ("latin",)
"""Notices beside a kept detail (compose.toml [notices]): a word of advice, never a refusal."""


class InvalidDetail(ValueError):
    """A detail is unknown or malformed; the message names the field and what is accepted.

    `code` names the problem (a key of compose.toml's [errors], whose text the page shows
    beside the field in the reader's language) and `params` fills its placeholders."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "unreadable",
                 params: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.params = dict(params or {})


# ---------------------------------------------------------------- the data


@cache
def spec() -> dict[str, Any]:
    """The validated composer data from compose.toml (read once, then cached)."""
    return _validate(read_data("compose"))


_KEYS = ("max_length", "default_status", "keigo", "dates", "fields", "reasons", "statuses",
         "parts", "models", "notices", "errors", "ui")
"""The tables and values of compose.toml."""
FIELD_CONTRACT = ("reason", "reason_note", "call_status", "declined_on", "answer_by",
                  "residence")
"""The field ids the engine itself reads (the others only fill the texts)."""
BLANK_REASON = "family"
"""The reason a draft reads as when the reader leaves it blank (the common case)."""


def _validate(data: object) -> dict[str, Any]:
    """Check every table of the data, its ids, references and keigo rules; return the data, or
    raise RulesError naming the bad entry (`compose.fields[answer_by].input: ...`)."""
    with within("compose"):
        root = schema.table(data, "compose", _KEYS)
        schema.integer(root["max_length"], "max_length", least=1)
        fields = _fields(root["fields"])
        statuses = _statuses(root["statuses"])
        if root["default_status"] not in statuses:
            raise schema.fail("default_status",
                              f"names no status; accepted: {', '.join(statuses)}")
        reasons = _reasons(root["reasons"], fields)
        keigo = _keigo(root["keigo"])
        _dates(root["dates"])
        known = {"status": statuses, "given": fields, "blank": fields,
                 "reason": tuple(reasons)}
        texts = _parts(root["parts"], known, fields)
        texts += [(f"reasons[{rid}]", "", r["text"][LANGS[0]]) for rid, r in reasons.items()]
        _check_request_emails(root)
        _check_keigo(texts, keigo)
        for mid, entry in _entries(root["models"], "models", ("id", "status", "parts")).items():
            schema.one_of(entry["status"], f"models[{mid}].status", statuses, "status")
            schema.ids(entry["parts"], f"models[{mid}].parts", PARTS, "part")
        _coded(root["notices"], "notices", NOTICE_CODES, {})
        _coded(root["errors"], "errors", ERROR_CODES, dict.fromkeys(_ERROR_PARAMS, "x"))
        for key, text in _flat_texts(schema.mapping(root["ui"], "ui")).items():
            _check_text(text, f"ui.{key}", {"fields": "x"})
    return root


def _entries(value: object, path: str, required: tuple[str, ...],
             optional: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """An array of tables with unique ids, by id."""
    entries: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(schema.array(value, path)):
        where = schema.where(raw, path, i)
        entry = schema.table(raw, where, required, optional)
        if schema.ident(entry["id"], f"{where}.id") in entries:
            raise schema.fail(path, f"duplicate id {entry['id']!r}")
        entries[entry["id"]] = entry
    return entries


def _statuses(value: object) -> tuple[str, ...]:
    """The call statuses' ids; `request` marks those whose email asks to withdraw the decline."""
    statuses = _entries(value, "statuses", ("id", "label"), ("request",))
    for sid, status in statuses.items():
        _check_text(status["label"], f"statuses[{sid}].label", {})
        schema.boolean(status.get("request", False), f"statuses[{sid}].request")
    return tuple(statuses)


def _fields(value: object) -> tuple[str, ...]:
    """The details' ids, each field checked: its texts, its kind of input, its own choices."""
    fields = _entries(value, "fields", ("id", "label", "placeholder"),
                      ("required", "japanese", "input", "autocomplete", "choices"))
    for fid, field in fields.items():
        path = f"fields[{fid}]"
        for key in ("label", "placeholder"):
            _check_text(field[key], f"{path}.{key}", {})
        for key in ("required", "japanese"):
            schema.boolean(field.get(key, False), f"{path}.{key}")
        schema.one_of(field.get("input", "text"), f"{path}.input", INPUTS, "input")
        if "autocomplete" in field:
            schema.string(field["autocomplete"], f"{path}.autocomplete")
        if "choices" in field:
            for cid, choice in _entries(field["choices"], f"{path}.choices", ("id", "label")
                                        ).items():
                _check_text(choice["label"], f"{path}.choices[{cid}].label", {})
    if missing := [fid for fid in FIELD_CONTRACT if fid not in fields]:
        raise schema.fail("fields", f"missing {', '.join(missing)}: the engine reads them")
    return tuple(fields)


def _reasons(value: object, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The reasons: each a sentence naming details only (it fits either register)."""
    reasons = _entries(value, "reasons", ("id", "label", "text"),
                       ("uses_note", "note_required", "note_placeholder"))
    for rid, reason in reasons.items():
        path = f"reasons[{rid}]"
        _check_text(reason["label"], f"{path}.label", {})
        _check_line(reason["text"], dict.fromkeys(fields, "x"), f"{path}.text")
        for key in ("uses_note", "note_required"):
            schema.boolean(reason.get(key, False), f"{path}.{key}")
        if "note_placeholder" in reason:
            _check_text(reason["note_placeholder"], f"{path}.note_placeholder", {})
        if reason.get("note_required") and not reason.get("uses_note"):
            raise schema.fail(path, "note_required needs uses_note")
        if reason.get("note_required") and "note_placeholder" not in reason:
            raise schema.fail(path, "note_required needs note_placeholder (what the note says)")
    if BLANK_REASON not in reasons:
        raise schema.fail("reasons", f"missing {BLANK_REASON!r}, the reason a blank one reads as")
    return reasons


def _keigo(value: object) -> dict[str, Any]:
    """The company's word in each register, the banned phrases, the sentence ends."""
    keigo = schema.table(value, "keigo", (*REGISTERS, "banned", "request_email_must_say",
                                          "full_stop", "sentence_ends"))
    for register in REGISTERS:
        _check_text(keigo[register], f"keigo.{register}", {})
    for key in ("banned", "request_email_must_say", "sentence_ends"):
        for phrase in schema.array(keigo[key], f"keigo.{key}"):
            schema.string(phrase, f"keigo.{key}")
    schema.string(keigo["full_stop"], "keigo.full_stop")
    return keigo


def _dates(value: object) -> None:
    """A date's form in each language, with and without its year, and the English months."""
    forms = tuple(LANGS) + tuple(f"{lang}_with_year" for lang in LANGS)
    dates = schema.table(value, "dates", (*forms, "months_en"))
    tokens = dict.fromkeys(("year", "month", "day", "month_name"), "x")
    for key in forms:
        _placeholders(schema.string(dates[key], f"dates.{key}"), f"dates.{key}", tokens)
    months = [schema.string(m, "dates.months_en") for m in schema.array(dates["months_en"],
                                                                         "dates.months_en")]
    if len(months) != 12:
        raise schema.fail("dates.months_en", f"expected 12 months, got {len(months)}")


def _parts(value: object, known: dict[str, tuple[str, ...]], fields: tuple[str, ...]
           ) -> list[tuple[str, str, str]]:
    """Each part's register and blocks, conditions naming known ids; the Japanese lines as
    (path, register, text), for the keigo rules."""
    parts = schema.table(value, "parts", PARTS)
    if list(parts) != list(PARTS):
        raise schema.fail("parts", f"expected {', '.join(PARTS)} in that order")
    tokens = dict.fromkeys(fields, "x") | {"reason": "x", "company_word": "x"}
    texts: list[tuple[str, str, str]] = []  # (path, register, Japanese text)
    for name, raw in parts.items():
        part = schema.table(raw, f"parts.{name}", ("register", "blocks"))
        register = schema.one_of(part["register"], f"parts.{name}.register", REGISTERS,
                                 "register")
        for i, item in enumerate(schema.array(part["blocks"], f"parts.{name}.blocks")):
            path = f"parts.{name}.blocks[{i}]"
            block = schema.table(item, path, ("lines",), _CONDITIONS)
            for key in set(_CONDITIONS) & set(block):
                schema.ids(block[key], f"{path}.{key}", known[key], key)
            for j, line in enumerate(schema.array(block["lines"], f"{path}.lines")):
                _check_line(line, tokens, f"{path}.lines[{j}]")
                texts.append((f"{path}.lines[{j}]", register, line[LANGS[0]]))
    return texts


def _check_keigo(texts: list[tuple[str, str, str]], keigo: dict[str, Any]) -> None:
    """No text says a banned phrase, nor the company's word of the other register."""
    for path, register, text in texts:
        for phrase in keigo["banned"]:
            if phrase in text:
                raise schema.fail(path, f"says {phrase!r}, which the keigo rules ban")
        for other in REGISTERS:
            if register and other != register and keigo[other]["ja"] in text:
                raise schema.fail(path, f"says {keigo[other]['ja']!r} in a {register} part; "
                                        f"use {{company_word}} ({keigo[register]['ja']})")


def _coded(value: object, path: str, codes: tuple[str, ...], tokens: dict[str, str]) -> None:
    """A text for each code, and for no other."""
    if not isinstance(value, dict):
        raise schema.fail(path, "expected a table")
    if missing := [code for code in codes if code not in value]:
        raise schema.fail(path, f"lacks {', '.join(missing)}; every code needs its text")
    for code, text in schema.table(value, path, codes).items():
        _check_text(text, f"{path}.{code}", tokens)


def _check_request_emails(data: dict[str, Any]) -> None:
    """Every request email says each phrase of request_email_must_say, whatever the details:
    the phrase stands in a block shown for that status on every condition."""
    for status in (s["id"] for s in data["statuses"] if s.get("request")):
        always = " ".join(line[LANGS[0]] for block in data["parts"]["email"]["blocks"]
                          if status in block.get("status", [status])
                          and not set(block) & {"given", "blank", "reason"}
                          for line in block["lines"])
        for phrase in data["keigo"]["request_email_must_say"]:
            if phrase not in always:
                raise schema.fail("parts.email", f"a request email ({status}) can leave out "
                                           f"{phrase!r}, which every request email must say")


def _check_text(text: object, path: str, tokens: dict[str, str]) -> None:
    """A text in every language, with known placeholders only."""
    schema.template(schema.text(text, path), path, **tokens)


def _placeholders(text: str, path: str, tokens: dict[str, str]) -> None:
    """Fail on a placeholder that is not one of the tokens."""
    try:
        text.format_map(tokens)
    except (KeyError, IndexError, ValueError) as error:
        raise schema.fail(path, f"bad placeholder ({error!r}) in {text!r}; accepted: "
                                f"{', '.join(tokens)}") from None


def _flat_texts(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A table of texts and sub-tables as flat dotted keys: {"status.loading": {ja, en}}."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict) and not set(LANGS) & set(value):
            flat |= _flat_texts(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = value
    return flat


def _check_line(line: object, tokens: dict[str, str], path: str) -> None:
    """A text in every language, blank in all or written in all, with known placeholders only."""
    text = schema.line(line, path)
    for lang in LANGS:
        _placeholders(text[lang], f"{path}.{lang}", tokens)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def field_ids() -> tuple[str, ...]:
    """The detail ids, in the order of the form (a contract with the page)."""
    return tuple(f["id"] for f in spec()["fields"])


def fields(lang: str = "ja") -> list[dict[str, Any]]:
    """The form's fields in lang: id, label, required, and the choices of a choice field."""
    lang = check_lang(lang)
    data = spec()
    choices = _choices(data)
    return [{"id": f["id"], "label": f["label"][lang], "required": bool(f.get("required")),
             "input": "choice" if f["id"] in choices else f.get("input", "text"),
             "autocomplete": f.get("autocomplete", ""),
             "choices": [{"id": c["id"], "label": c["label"][lang]}
                         for c in choices.get(f["id"], ())]}
            for f in data["fields"]]


def _choices(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The choices of each choice field: reasons, statuses, and any field's own."""
    inline = {f["id"]: f["choices"] for f in data["fields"] if "choices" in f}
    return {"reason": data["reasons"], "call_status": data["statuses"]} | inline


def ui_text(lang: str = "ja") -> dict[str, str]:
    """Every text of the templates page in lang, by flat dotted key ("status.loading")."""
    lang = check_lang(lang)
    return {key: text[lang] for key, text in _flat_texts(spec()["ui"]).items()}


def reader_message(error: BaseException, lang: str) -> str:
    """What the page says about a refused detail, in lang (compose.toml [errors])."""
    data = spec()
    code = error.code if isinstance(error, InvalidDetail) else "internal"
    params = error.params if isinstance(error, InvalidDetail) else {}
    today = params.get("today")
    if isinstance(today, tuple):
        params = params | {"today": _date_text(today, lang, None)}
    if isinstance(params.get("what"), dict):
        params = params | {"what": params["what"][lang].strip("［］[]")}
    return data["errors"][code][lang].format_map(
        {"max_length": data["max_length"], "example": _DATE_EXAMPLE} | params)


# ---------------------------------------------------------------- checking the details


def parse_date(text: str, field: str) -> tuple[int, int, int]:
    """(year, month, day) of an ISO date YYYY-MM-DD that exists in the calendar."""
    parts = text.split("-")
    shape = [len(p) for p in parts] == [4, 2, 2]
    if shape and all(p.isascii() and p.isdigit() for p in parts):
        year, month, day = (int(p) for p in parts)
        if year >= 1 and 1 <= month <= 12 and 1 <= day <= _month_days(year, month):
            return year, month, day
    raise InvalidDetail(f"{field}: {_show(text)} is not a date; accepted: a date as "
                        f"YYYY-MM-DD, such as {_DATE_EXAMPLE}", field=field, code="not_a_date")


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _bad_char(text: str) -> str | None:
    for char in text:
        code = ord(char)
        if any(low <= code <= high for low, high in _BAD_RANGES):
            return f"U+{code:04X}"
    return None


def clean(details: object, today: tuple[int, int, int] | None = None) -> dict[str, str]:
    """Every field's trimmed text ('' when blank); raise InvalidDetail on a bad detail."""
    data = spec()
    ids = field_ids()
    if not isinstance(details, Mapping):
        raise InvalidDetail(f"details must be a mapping of field id to text, not "
                            f"{type(details).__name__}; accepted fields: {', '.join(ids)}")
    values = dict.fromkeys(ids, "")
    for key, raw in details.items():
        if key not in values:
            raise InvalidDetail(f"unknown field {_show(key)}; accepted: {', '.join(ids)}",
                                field=key if isinstance(key, str) else None)
        if raw is None:
            continue
        if not isinstance(raw, str):
            raise InvalidDetail(f"{key}: expected text, not {type(raw).__name__}", field=key,
                                code="not_text")
        if bad := _bad_char(raw):
            raise InvalidDetail(f"{key}: contains a control character ({bad}); accepted: one "
                                "line of text without control characters", field=key,
                                code="control_character")
        value = raw.strip()
        if len(value) > data["max_length"]:
            raise InvalidDetail(f"{key}: {len(value)} characters is too long; accepted: at "
                                f"most {data['max_length']}", field=key, code="too_long",
                                params={"length": len(value)})
        values[key] = value
    for key, items in _choices(data).items():
        if values[key] and values[key] not in _by_id(items):
            raise InvalidDetail(f"{key}: unknown value {_show(values[key])}; accepted: "
                                f"{', '.join(i['id'] for i in items)} (or blank)", field=key,
                                code="unknown_choice")
    if values["declined_on"]:
        date = parse_date(values["declined_on"], "declined_on")
        if today is not None and date > today:
            raise InvalidDetail("declined_on: {} lies in the future (today is {}); accepted: a "
                                "date up to today".format(values["declined_on"], _iso(today)),
                                field="declined_on", code="future_date", params={"today": today})
    if values["answer_by"]:
        parse_date(values["answer_by"], "answer_by")
    return values


def _iso(date: tuple[int, int, int]) -> str:
    return "{:04d}-{:02d}-{:02d}".format(*date)


# ---------------------------------------------------------------- writing the draft


def _date_text(date: tuple[int, int, int], lang: str, today: tuple[int, int, int] | None) -> str:
    """11月20日 / 20 November; with the year when it is not the current one (or unknown)."""
    forms = spec()["dates"]
    year, month, day = date
    key = lang if today is not None and today[0] == year else f"{lang}_with_year"
    return forms[key].format(year=year, month=month, day=day,
                             month_name=forms["months_en"][month - 1])


def _shown(values: dict[str, str], required: set[str], lang: str,
           today: tuple[int, int, int] | None) -> dict[str, str]:
    """What each {field} becomes in lang: the value, or the placeholder of a needed blank one."""
    data = spec()
    keigo = data["keigo"]
    shown = {}
    for field in data["fields"]:
        fid = field["id"]
        shown[fid] = values[fid] or (field["placeholder"][lang] if fid in required else "")
    for date_field in ("declined_on", "answer_by"):
        if values[date_field]:
            shown[date_field] = _date_text(parse_date(values[date_field], date_field), lang,
                                           today)
    reason = _by_id(data["reasons"]).get(values["reason"])
    note = values["reason_note"]
    if note and not note.endswith(tuple(keigo["sentence_ends"])) and not _ends_in_latin(note):
        shown["reason_note"] = note + keigo["full_stop"]
    if not note and reason and "note_placeholder" in reason:
        shown["reason_note"] = reason["note_placeholder"][lang]
    shown["reason"] = (reason["text"][lang].format_map(shown) if reason
                       else shown["reason"])
    return shown


def in_register(text: str, register: str) -> str:
    """The reader's own words with the company named as `register` names it: a note typed with
    貴社 says 御社 on the phone, and one typed with 御社 says 貴社 in the email."""
    keigo = spec()["keigo"]
    other = next(name for name in REGISTERS if name != register)
    return text.replace(keigo[other]["ja"], keigo[register]["ja"])


def _ends_in_latin(text: str) -> bool:
    """Whether text ends in a Latin letter or a digit (a name or a number, not a sentence)."""
    last = text[-1]
    return last.isascii() and last.isalnum() or "\u00c0" <= last <= "\u024f"


def _mostly_latin(text: str) -> bool:
    """Whether most of text's letters are Latin (A-Z, with accents): not written in Japanese."""
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f"]
    return bool(letters) and len(latin) * 2 > len(letters)


def notices(values: Mapping[str, str], lang: str) -> list[dict[str, str]]:
    """Advice beside the details that go into the Japanese as written (compose.toml
    `japanese = true`) but are mostly Latin letters: {"field", "code", "message"}."""
    data = spec()
    return [{"field": f["id"], "code": "latin", "message": data["notices"]["latin"][lang]}
            for f in data["fields"] if f.get("japanese") and _mostly_latin(values[f["id"]])]


def _render(part: str, status: str, given: set[str], shown: dict[str, dict[str, str]],
            used: set[str], reason: str = "") -> list[dict[str, str]]:
    """The part's lines as {"ja", "en"} pairs: conditions applied, blank runs collapsed.
    Adds to `used` every {token} the kept lines name."""
    data = spec()
    register = data["parts"][part]["register"]
    word = data["keigo"][register]
    typed = {key: in_register(shown["ja"][key], register) for key in ("reason", "reason_note")}
    lines: list[dict[str, str]] = []
    for block in data["parts"][part]["blocks"]:
        if ("status" in block and status not in block["status"]
                or "reason" in block and reason not in block["reason"]
                or not set(block.get("given", ())) <= given or set(block.get("blank", ())) & given):
            continue
        for text in block["lines"]:
            used.update(token for token in shown["ja"] if "{" + token + "}" in text["ja"])
            pair = {lang: text[lang].format_map(shown[lang] | {"company_word": word[lang]})
                    for lang in LANGS[1:]}
            pair = {"ja": text["ja"].format_map(shown["ja"] | typed
                                                | {"company_word": word["ja"]})} | pair
            if pair["ja"] or (lines and lines[-1]["ja"]):
                lines.append(pair)
    while lines and not lines[-1]["ja"]:
        lines.pop()
    return lines


def _draft(values: dict[str, str], given: set[str], required: set[str], status: str,
           today: tuple[int, int, int] | None, used: set[str]) -> dict[str, list[dict[str, str]]]:
    """Every part's lines; `used` collects the details the draft names."""
    shown = {lang: _shown(values, required, lang, today) for lang in LANGS}
    lines = {part: _render(part, status, given, shown, used, values["reason"] or "family")
             for part in PARTS}  # a blank reason reads as the common case
    reason = _by_id(spec()["reasons"]).get(values["reason"])
    if "reason" in used and reason:
        used.update(token for token in values if "{" + token + "}" in reason["text"][LANGS[0]])
    return lines


def _text(lines: list[dict[str, str]]) -> str:
    return "\n".join(line["ja"] for line in lines)


def compose(details: Mapping[str, object], lang: str = "ja", *,
            today: str | None = None) -> dict[str, Any]:
    """The draft for the reader's details (see compose.toml for the field ids).

    Returns {"lang", "call_status", "subject", "email", "phone", "phone_if_out", "missing",
    "unfilled", "notices", "gloss"}: the Japanese texts to send (the same in every lang);
    `unfilled`, the needed fields left blank, shown as ［…］ in the texts; `missing`, the other
    blank fields (the draft does without them); `notices`, advice beside kept details;
    `gloss`, for lang "en", each part as a list of {"ja", "en"} lines (else None).
    `today` (YYYY-MM-DD) rules out future dates and drops the current year from dates.
    Raises InvalidDetail (a ValueError) naming the bad field and what is accepted.
    """
    lang = check_lang(lang)
    values, day, required, given = _prepare(details, today)
    data = spec()
    reason = _by_id(data["reasons"]).get(values["reason"], {})
    if reason.get("note_required") and not values["reason_note"]:
        what = reason["note_placeholder"]
        raise InvalidDetail(f"reason_note: the reason {values['reason']!r} needs the note; "
                            f"accepted: one or two sentences of your own ({what['en']})",
                            field="reason_note", code="note_needed",
                            params={"what": what})
    status = values["call_status"] or data["default_status"]
    used: set[str] = set()
    lines = _draft(values, given, required, status, day, used)
    unfilled = [f for f in field_ids() if not values[f] and f in required and f in used]
    return {
        "lang": lang,
        "call_status": status,
        **{part: _text(lines[part]) for part in PARTS},
        "missing": [f for f in field_ids() if not values[f] and f not in unfilled],
        "unfilled": unfilled,
        "notices": notices(values, lang),
        "gloss": lines if glossed(lang) else None,
    }


def compose_json(details_json: str, lang: str = "ja", today: str = "") -> str:
    """JSON of compose(...) for a JSON object of details, or {"error", "field", "message"};
    never raises. `error` is the English message naming the field id; `message` says what is
    wrong and what is accepted in lang, for the page to show beside the field (`field`, or
    None when no one field is to blame). `today` is the reader's local date, YYYY-MM-DD, or
    "" when it is not known."""
    try:
        try:
            details = json.loads(details_json)
        except (TypeError, ValueError) as error:
            raise InvalidDetail(f"details are not a JSON object: {error}") from None
        result = compose(details, lang, today=today or None)
    except Exception as error:  # the seam must never raise into JavaScript
        text = str(error) if isinstance(error, ValueError) else (
            f"internal error: {type(error).__name__}: {error}"[:500])
        field = getattr(error, "field", None)
        try:
            message = reader_message(error, lang if lang in LANGS else "en")
        except Exception:  # the data itself is broken: the English message must do
            message = text
        result = {"error": text, "field": field if isinstance(field, str) else None,
                  "message": message}
    return json.dumps(result, ensure_ascii=False)


def model(model_id: str, lang: str = "ja") -> dict[str, Any]:
    """A templates-page model: its parts' lines with a placeholder for every detail."""
    lang = check_lang(lang)
    data = spec()
    models = _by_id(data["models"])
    if model_id not in models:
        raise ValueError(f"unknown composer model {_show(model_id)}; accepted: "
                         f"{', '.join(models)}")
    entry = models[model_id]
    ids = field_ids()
    values = dict.fromkeys(ids, "")
    # every optional line shown, but not the ones for some readers only (the international
    # student's line, the answer date heard on the phone)
    given = set(ids) - {"reason", "reason_note", "call_status", "residence", "answer_by"}
    lines = _draft(values, given, set(ids), entry["status"], None, set())
    return {"id": model_id, "lang": lang, "status": entry["status"],
            "parts": [{"part": part, "register": data["parts"][part]["register"],
                       "text": _text(lines[part]), "lines": lines[part]}
                      for part in entry["parts"]]}


def _prepare(details: Mapping[str, object], today: str | None
             ) -> tuple[dict[str, str], tuple[int, int, int] | None, set[str], set[str]]:
    """The checked details: (values, today, the fields a draft needs, the fields given)."""
    day = parse_date(today, "today") if today is not None else None
    values = clean(details, day)
    data = spec()
    reason = _by_id(data["reasons"]).get(values["reason"], {})
    required = {f["id"] for f in data["fields"] if f.get("required")}
    if reason.get("uses_note"):
        required.add("reason_note")
    given = {field for field, value in values.items() if value}
    if reason.get("uses_note"):
        given.discard("reason_note")  # the note is the reason itself: not said twice
    return values, day, required, given


def shown_details(details: Mapping[str, object], today: str | None = None
                  ) -> tuple[dict[str, str], dict[str, dict[str, str]], set[str]]:
    """The reader's details as a script says them: (values, {lang: what each {field} becomes},
    the fields given). Raises InvalidDetail like compose(), but a missing note only shows as
    its placeholder."""
    values, day, required, given = _prepare(details, today)
    return values, {lang: _shown(values, required, lang, day) for lang in LANGS}, given
