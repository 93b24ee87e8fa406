"""The calendar file (RFC 5545) for a call plan: one event for the call and one for the
follow-up, in Asia/Tokyo time, each with a reminder; nothing personal beyond the company's
name as the reader typed it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .plan import calendar

_TZ = ["BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000",
       "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD", "END:VTIMEZONE"]
_JST = dt.timedelta(hours=9)


def _escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _event(uid: str, stamp: str, start: dt.datetime, end: dt.datetime, summary: str,
           description: str, alarm: str, minutes: int) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Asia/Tokyo:{_stamp(start)}", f"DTEND;TZID=Asia/Tokyo:{_stamp(end)}",
            f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}",
            "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(alarm)}",
            f"TRIGGER:-PT{minutes}M", "END:VALARM", "END:VEVENT"]


def ics(result: Mapping[str, Any]) -> str:
    """The .ics text for a plan() result (CRLF line ends, folded lines)."""
    cal = calendar()
    lang = result["lang"]
    texts = {key: value[lang] for key, value in cal["ics"].items() if isinstance(value, dict)}
    company = result["script"]["company"] or texts["company_blank"]
    minutes = cal["ics"]["reminder_minutes"]
    now = dt.datetime.fromisoformat(result["now"])
    stamp = _stamp(now - _JST) + "Z"
    call_at = dt.datetime.fromisoformat(result["call_at"])
    call_until = dt.datetime.fromisoformat(result["call_until"])
    follow_day = dt.date.fromisoformat(result["follow_up_on"])
    first, first_end = cal["windows"][0]
    follow_at = dt.datetime.combine(follow_day, first)
    follow_until = dt.datetime.combine(follow_day, first_end)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//naitei-guide//call plan//EN",
             "CALSCALE:GREGORIAN", *_TZ]
    lines += _event(f"call-{_stamp(call_at)}@naitei-guide", stamp, call_at, call_until,
                    texts["call_summary"].format(company=company), texts["description"],
                    texts["alarm"], minutes)
    lines += _event(f"follow-up-{_stamp(follow_at)}@naitei-guide", stamp, follow_at,
                    follow_until, texts["follow_up_summary"].format(company=company),
                    result["follow_up_text"], texts["alarm"], minutes)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
