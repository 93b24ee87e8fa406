"""The calendar file: it parses with a real calendar library and its events fall at the
planned times in Asia/Tokyo, with a reminder and nothing personal but the company's name."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from checker.ics import ics
from checker.plan import plan

TOKYO = ZoneInfo("Asia/Tokyo")
DETAILS = {"company": "株式会社みなと物産, 東京本社; 人事部", "name": "佐藤花子",
           "school": "東西大学経済学部", "reason": "family", "phone": "090-1234-5678",
           "email": "hanako@example.jp", "contact": "鈴木"}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("now", ["2026-12-04T22:10", "2026-12-28T16:30", "2026-12-08T10:20"])
def test_the_events_fall_at_the_planned_times_in_tokyo(lang: str, now: str) -> None:
    """Two events: the call (call_at to call_until) and the follow-up (the first window of
    follow_up_on), each at those times in Asia/Tokyo, each with a display reminder."""
    result = plan(DETAILS, lang, now=now)
    text = ics(result)
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 2
    call, follow = events
    at = dt.datetime.fromisoformat(result["call_at"]).replace(tzinfo=TOKYO)
    until = dt.datetime.fromisoformat(result["call_until"]).replace(tzinfo=TOKYO)
    assert call.decoded("DTSTART") == at and call.decoded("DTEND") == until
    follow_day = dt.date.fromisoformat(result["follow_up_on"])
    assert follow.decoded("DTSTART").date() == follow_day
    assert follow.decoded("DTSTART").utcoffset() == dt.timedelta(hours=9)
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") < dt.timedelta(0)
    assert str(call["SUMMARY"]).count(DETAILS["company"]) == 1  # escaped, and read back whole


def test_no_personal_detail_but_the_company_is_written() -> None:
    """The reader's name, school, phone, email and contact never reach the file."""
    text = icalendar.Calendar.from_ical(ics(plan(DETAILS, "ja", now="2026-12-04T22:10")))
    written = text.to_ical().decode()
    for key in ("name", "school", "phone", "email", "contact"):
        assert DETAILS[key] not in written
