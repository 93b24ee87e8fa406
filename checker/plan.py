"""When to call, and what to say: the reader's details and their moment in Japan time -> the
call plan (`call_at`, `call_until`, `skipped`, `follow_up_on`) and the filled call script.
Pure: the page passes the time in Japan (Asia/Tokyo); nothing here reads a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from .compose import in_register, shown_details
from .compose import spec as compose_spec
from .loader import read_data
from .model import LANGS, Text, _show, check_lang, glossed
from .schema import array as _list
from .schema import fail as _fail
from .schema import integer as _integer
from .schema import string as _str
from .schema import table as _table
from .schema import template as _template
from .schema import text as _text
from .schema import within
from .script import CALL_KEYS, Script, load_script, plain, segments
from .workdays import closed_reason, in_new_year_break, next_working_day

NOW_FORMAT = "YYYY-MM-DDTHH:MM"
NOW_EXAMPLE = "2026-12-04T22:10"


class InvalidNow(ValueError):
    """`now` is not a date and time in the accepted format; the message names it."""


@cache
def calendar() -> dict[str, Any]:
    """The checked [calendar], [texts] and [ics] of call.toml (read once, then cached)."""
    return validate_calendar(read_data("call"))


_TEXTS = ("call_at", "call_now", "date", "date_with_year", "expected_notice", "follow_up",
          "new_year", "new_year_notice", "retry", "skipped_day", "time_range", "windows_note")
_ICS_TEXTS = ("alarm", "call_summary", "company_blank", "description", "follow_up_summary")
_SAMPLE = dict.fromkeys(("date", "range", "until", "year", "name", "start", "end", "month",
                         "day", "weekday", "month_name", "company"), "x")
"""Every placeholder a call text may use."""


def validate_calendar(data: object) -> dict[str, Any]:
    """The plan's part of call.toml checked (the script is checked by validate_script): the
    calling windows, the new-year break, the holidays' English names, the texts of the plan,
    of the calendar file and of the page. Raises RulesError naming the entry."""
    with within("call"):
        root = _table(data, "call", CALL_KEYS)
        cal = _table(root["calendar"], "calendar",
                     ("windows", "windows_source", "new_year_break", "follow_up_working_days",
                      "holidays_confirmed_through", "names"))
        _str(cal["windows_source"], "calendar.windows_source")
        brk = _table(cal["new_year_break"], "calendar.new_year_break", ("from", "to"))
        new_year = tuple(_month_day(brk[k], f"calendar.new_year_break.{k}")
                         for k in ("from", "to"))
        names = _table(cal["names"], "calendar.names", [lang for lang in LANGS if glossed(lang)])
        texts, weekdays, months = _texts(root["texts"])
        ics = _table(root["ics"], "ics", ("reminder_minutes", *_ICS_TEXTS))
        for key in _ICS_TEXTS:
            _template(_text(ics[key], f"ics.{key}"), f"ics.{key}", **_SAMPLE)
        _integer(ics["reminder_minutes"], "ics.reminder_minutes", least=0)
        _page(root["page"])
        return {"windows": _windows(cal["windows"]), "new_year": new_year,
                "follow_up_days": _integer(cal["follow_up_working_days"],
                                           "calendar.follow_up_working_days", least=1),
                "confirmed_through": _integer(cal["holidays_confirmed_through"],
                                              "calendar.holidays_confirmed_through"),
                "names": {lang: _names(table, f"calendar.names.{lang}")
                          for lang, table in names.items()}, "texts": texts,
                "weekdays": weekdays, "months_en": months, "ics": ics}


def _windows(value: object) -> tuple[tuple[dt.time, dt.time], ...]:
    """The calling windows of a working day, running forward without overlapping."""
    windows: list[tuple[dt.time, dt.time]] = []
    for i, raw in enumerate(_list(value, "calendar.windows")):
        entry = _table(raw, f"calendar.windows[{i}]", ("start", "end"))
        start, end = (_clock(entry[k], f"calendar.windows[{i}].{k}") for k in ("start", "end"))
        if not start < end or (windows and start < windows[-1][1]):
            raise _fail(f"calendar.windows[{i}]", "windows must run forward, in order, "
                                                  "without overlapping")
        windows.append((start, end))
    return tuple(windows)


def _names(value: object, path: str) -> dict[str, str]:
    """Each holiday's Japanese name -> its name in another language."""
    if not isinstance(value, dict) or not value:
        raise _fail(path, "expected a non-empty table")
    return {_str(key, path): _str(name, f"{path}.{key}") for key, name in value.items()}


def _texts(value: object) -> tuple[dict[str, Text], dict[str, list[str]], list[str]]:
    """The plan's texts (placeholders checked), the weekday names, the English month names."""
    table = _table(value, "texts", (*_TEXTS, "weekdays", "months_en"))
    texts = {key: _template(_text(table[key], f"texts.{key}"), f"texts.{key}", **_SAMPLE)
             for key in _TEXTS}
    week = _table(table["weekdays"], "texts.weekdays", LANGS)
    weekdays = {lang: _names_list(week[lang], f"texts.weekdays.{lang}", 7) for lang in LANGS}
    return texts, weekdays, _names_list(table["months_en"], "texts.months_en", 12)


def _names_list(value: object, path: str, count: int) -> list[str]:
    """Exactly `count` names (the days of a week, the months of a year)."""
    names = [_str(name, path) for name in _list(value, path)]
    if len(names) != count:
        raise _fail(path, f"expected {count} names, got {len(names)}")
    return names


def _page(value: object) -> None:
    """The page's texts: the same nested keys in every language, each a non-empty string."""
    table = _table(value, "page", LANGS)
    keys = {lang: _leaves(table[lang], f"page.{lang}") for lang in LANGS}
    for lang in LANGS[1:]:
        if differ := sorted(keys[lang] ^ keys[LANGS[0]]):
            raise _fail(f"page.{lang}", f"has not the keys of page.{LANGS[0]}: {differ[0]}")


def _leaves(value: object, path: str) -> set[str]:
    """The dotted keys of a nested table of non-empty strings."""
    if not isinstance(value, dict) or not value:
        raise _fail(path, "expected a non-empty table")
    keys = set()
    for key, item in value.items():
        if isinstance(item, dict):
            keys |= {f"{key}.{leaf}" for leaf in _leaves(item, f"{path}.{key}")}
        else:
            _str(item, f"{path}.{key}")
            keys.add(key)
    return keys


def _clock(value: object, path: str) -> dt.time:
    text = _str(value, path)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise _fail(path, f"{text!r} is not a time; accepted: HH:MM") from None


def _month_day(value: object, path: str) -> tuple[int, int]:
    text = _str(value, path)
    try:
        day = dt.date.fromisoformat(f"2000-{text}")  # a leap year: every month-day exists
    except ValueError:
        raise _fail(path, f"{text!r} is not a month and day; accepted: MM-DD") from None
    return day.month, day.day


def parse_now(text: object) -> dt.datetime:
    """The reader's moment in Japan time from "YYYY-MM-DDTHH:MM" (seconds allowed)."""
    if isinstance(text, str) and len(text) in (16, 19) and text[10:11] == "T":
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            return moment.replace(second=0, microsecond=0)
    raise InvalidNow(f"now: {_show(text)} is not a date and time; accepted: {NOW_FORMAT} in "
                     f"Japan time, such as {NOW_EXAMPLE}")


# ---------------------------------------------------------------- when


def _slot(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The moment to call and the end of its window: now when inside a window on a working
    day, else the start of the next window."""
    cal = calendar()
    day = now.date()
    if not closed_reason(day, cal["new_year"]):
        for start, end in cal["windows"]:
            if now.time() < end:
                begin = max(now, dt.datetime.combine(day, start))
                return begin, dt.datetime.combine(day, end)
    day = next_working_day(day, cal["new_year"])
    start, end = cal["windows"][0]
    return dt.datetime.combine(day, start), dt.datetime.combine(day, end)


def date_text(day: dt.date, lang: str, today: dt.date) -> str:
    """12月7日（月） / Mon 7 December; with the year when it is not today's."""
    cal = calendar()
    form = cal["texts"]["date" if day.year == today.year else "date_with_year"].get(lang)
    return form.format(year=day.year, month=day.month, day=day.day,
                       weekday=cal["weekdays"][lang][day.weekday()],
                       month_name=cal["months_en"][day.month - 1])


def _range(start: dt.datetime, end: dt.datetime, lang: str) -> str:
    return calendar()["texts"]["time_range"].get(lang).format(
        start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))


def _day_name(reason: str, lang: str) -> str:
    cal = calendar()
    if reason == "new_year":
        return cal["texts"]["new_year"].get(lang)
    return f"{cal['names'][lang][reason]} ({reason})" if glossed(lang) else reason


def when(now: dt.datetime, lang: str) -> dict[str, Any]:
    """The plan's dates and its words: call_at, call_until, skipped, follow_up_on, retry_at."""
    cal = calendar()
    texts = cal["texts"]
    call_at, call_until = _slot(now)
    today = now.date()
    skipped, day = [], today
    while day < call_at.date():
        reason = closed_reason(day, cal["new_year"])
        if reason and reason != "weekend":
            skipped.append({"date": day.isoformat(), "reason": reason,
                            "text": texts["skipped_day"].get(lang).format(
                                date=date_text(day, lang, today),
                                name=_day_name(reason, lang))})
        day += dt.timedelta(days=1)
    follow_up = next_working_day(call_at.date(), cal["new_year"], cal["follow_up_days"])
    retry_at, retry_until = _slot(call_until)
    span = [today + dt.timedelta(days=n) for n in range((follow_up - today).days + 1)]
    notices = []
    if any(in_new_year_break(d, *cal["new_year"]) for d in span):
        notices.append(texts["new_year_notice"].get(lang))
    # 春分 falls in March and 秋分 in September: only a span reaching one of those in a year
    # whose dates are not yet confirmed is counted on expected dates
    late = sorted({d.year for d in span
                   if d.year > cal["confirmed_through"] and d.month in (3, 9)})
    notices += [texts["expected_notice"].get(lang).format(year=year) for year in late]
    if call_at == now:
        headline = texts["call_now"].get(lang).format(until=call_until.strftime("%H:%M"))
    else:
        headline = texts["call_at"].get(lang).format(
            date=date_text(call_at.date(), lang, today), range=_range(call_at, call_until, lang))
    return {
        "now": now.isoformat(timespec="minutes"),
        "call_at": call_at.isoformat(timespec="minutes"),
        "call_until": call_until.isoformat(timespec="minutes"),
        "skipped": skipped,
        "follow_up_on": follow_up.isoformat(),
        "retry_at": retry_at.isoformat(timespec="minutes"),
        "headline": headline,
        "windows_note": texts["windows_note"].get(lang),
        "follow_up_text": texts["follow_up"].get(lang).format(
            date=date_text(follow_up, lang, today)),
        "retry_text": texts["retry"].get(lang).format(
            date=date_text(retry_at.date(), lang, today),
            range=_range(retry_at, retry_until, lang)),
        "notices": notices,
    }


# ---------------------------------------------------------------- what to say


def _lines(script: Script, node_id: str, shown: dict[str, dict[str, str]], given: set[str],
           lang: str) -> list[dict[str, Any]]:
    word = compose_spec()["keigo"]["speech"] | {"ja": script.company_word}
    typed = {key: in_register(shown["ja"][key], "speech") for key in ("reason", "reason_note")}
    lines = []
    for block in script.nodes[node_id].blocks:
        if not set(block.get("given", ())) <= given or set(block.get("blank", ())) & given:
            continue
        for words in block["lines"]:
            said = words["ja"].format_map(shown["ja"] | typed | {"company_word": word["ja"]})
            line: dict[str, Any] = {"ja": plain(said)}
            if glossed(lang):
                line["ruby"] = segments(said)
                line[lang] = words[lang].format_map(shown[lang] | {"company_word": word[lang]})
            lines.append(line)
    return lines


def script_for(details: Mapping[str, object], lang: str, today: dt.date,
               dates: Mapping[str, str]) -> dict[str, Any]:
    """The whole script filled with the reader's details; outcomes carry their dates' words."""
    script = load_script()
    values, shown, given = shown_details(details, today.isoformat())
    nodes = {}
    for nid, node in script.nodes.items():
        outcome = script.outcomes[node.outcome] if node.outcome else None
        nodes[nid] = {
            "who": node.who,
            "title": node.title.get(lang),
            "lines": _lines(script, nid, shown, given, lang),
            "answers": [{"id": a, "label": script.answers[a].label.get(lang),
                         "to": script.answers[a].to} for a in node.answers],
            "outcome": None if outcome is None else {
                "id": outcome.id, "email": outcome.email, "next": outcome.next.get(lang),
                "follow_up": dates["follow_up_text"] if outcome.follow_up else None,
                "retry": dates["retry_text"] if outcome.retry else None},
        }
    return {"start": script.start, "nodes": nodes, "company": values.get("company", "")}


def plan(details: Mapping[str, object], lang: str = "ja", *, now: str) -> dict[str, Any]:
    """The call plan and script for the reader's details at `now` (Japan time, ISO).

    Returns {"lang", "now", "call_at", "call_until", "skipped", "follow_up_on", "retry_at",
    "headline", "windows_note", "follow_up_text", "retry_text", "notices", "script"}.
    Raises InvalidNow or the composer's InvalidDetail (both ValueError) naming what is wrong."""
    lang = check_lang(lang)
    moment = parse_now(now)
    dates = when(moment, lang)
    return {"lang": lang, **dates,
            "script": script_for(details, lang, moment.date(), dates)}


__all__ = ["InvalidNow", "Text", "calendar", "parse_now", "plan", "validate_calendar", "when"]
