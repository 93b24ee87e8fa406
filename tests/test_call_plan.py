"""When to call: golden plans named by sentence, and properties over any moment."""

from __future__ import annotations

import datetime as dt
import os
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.plan import InvalidNow, calendar, parse_now, plan, when
from checker.workdays import closed_reason

GOLDEN = os.path.join(os.path.dirname(__file__), "call_golden.toml")
with open(GOLDEN, "rb") as _handle:
    PLANS: list[dict] = tomllib.load(_handle)["plan"]
DETAILS = {"company": "株式会社みなと物産", "name": "佐藤花子", "school": "東西大学経済学部",
           "reason": "family", "contact": "鈴木"}


def _is_working_day(day: dt.date) -> bool:
    return closed_reason(day, calendar()["new_year"]) is None


def _window_of(moment: dt.datetime) -> tuple[dt.time, dt.time] | None:
    return next(((start, end) for start, end in calendar()["windows"]
                 if start <= moment.time() < end), None)


@pytest.mark.parametrize("case", PLANS, ids=lambda case: case["name"][:60])
def test_golden_plan(case: dict) -> None:
    """Each golden moment gives the call time, window end, skipped days and follow-up day its
    sentence states."""
    result = when(parse_now(case["now"]), "ja")
    assert (result["call_at"], result["call_until"], result["follow_up_on"]) == (
        case["call_at"], case["call_until"], case["follow_up_on"]), case["name"]
    assert [[s["date"], s["reason"]] for s in result["skipped"]] == case.get("skipped", [])
    assert len(result["notices"]) == case.get("notices", 0)


def test_the_plan_in_words_names_the_day_the_window_and_the_skipped_holidays() -> None:
    """The Japanese headline reads 「9月24日（木）10:00〜11:00 に電話しましょう。」 and each skipped
    day is named; the English names the holiday in both languages."""
    ja = when(parse_now("2026-09-18T18:00"), "ja")
    assert ja["headline"] == "9月24日（木）10:00〜11:00 に電話しましょう。"
    assert "9月22日（火） 国民の休日" in [s["text"] for s in ja["skipped"]]
    en = when(parse_now("2026-09-18T18:00"), "en")
    assert en["headline"] == "Call on Thu 24 September, 10:00-11:00 (Japan time)."
    assert "Tue 22 September: Citizens' Holiday (国民の休日)" in [s["text"] for s in en["skipped"]]


def test_inside_a_window_the_plan_says_now() -> None:
    """Inside a window the headline says now is a good time, and until when."""
    assert when(parse_now("2026-12-08T14:05"), "ja")["headline"] == (
        "いまが電話をかけやすい時間です（16:00ごろまで）。")


def test_the_follow_up_is_labelled_as_the_sites_own_advice() -> None:
    """The follow-up sentence says it is this site's suggestion, in both languages."""
    assert "このサイトの目安" in when(parse_now("2026-12-08T10:00"), "ja")["follow_up_text"]
    assert "this site's suggestion" in when(parse_now("2026-12-08T10:00"), "en")["follow_up_text"]


@pytest.mark.parametrize("text", ["2026-12-04", "2026-13-01T10:00", "2026-12-04 10:00",
                                  "2026-12-04T25:00", "2026-12-04T10:00+09:00", "", None, 5])
def test_a_moment_that_does_not_parse_is_refused_naming_the_format(text: object) -> None:
    """A bad `now` raises InvalidNow naming the accepted format and an example."""
    with pytest.raises(InvalidNow, match=r"accepted: YYYY-MM-DDTHH:MM in Japan time"):
        parse_now(text)


def test_every_holiday_name_has_an_english_name() -> None:
    """Every name the holiday calendar gives over a decade has its English name in the data."""
    names = calendar()["names"]["en"]
    day = dt.date(2025, 1, 1)
    while day.year < 2036:
        if (reason := closed_reason(day, calendar()["new_year"])) not in (None, "weekend",
                                                                          "new_year"):
            assert reason in names, day
        day += dt.timedelta(days=1)


MOMENTS = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31)
                       ).map(lambda m: m.replace(second=0, microsecond=0))


@settings(max_examples=300, deadline=None)
@given(MOMENTS)
def test_call_at_is_never_before_now_and_falls_inside_a_window_on_a_working_day(
        now: dt.datetime) -> None:
    """call_at is never before now, always on a working day and inside a window, which
    call_until closes; no earlier window start on a working day lies between them."""
    result = when(now, "en")
    call_at = dt.datetime.fromisoformat(result["call_at"])
    call_until = dt.datetime.fromisoformat(result["call_until"])
    assert call_at >= now
    assert _is_working_day(call_at.date())
    window = _window_of(call_at)
    assert window is not None and call_until == dt.datetime.combine(call_at.date(), window[1])
    day = now.date()
    while day < call_at.date():
        if _is_working_day(day):
            assert all(dt.datetime.combine(day, end) <= now for _, end in calendar()["windows"])
        day += dt.timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(MOMENTS)
def test_follow_up_on_is_a_working_day_after_the_call(now: dt.datetime) -> None:
    """follow_up_on is a working day, after the call's day, by the configured working days."""
    result = when(now, "ja")
    call_day = dt.date.fromisoformat(result["call_at"][:10])
    follow = dt.date.fromisoformat(result["follow_up_on"])
    assert follow > call_day and _is_working_day(follow)
    working = sum(_is_working_day(call_day + dt.timedelta(days=n))
                  for n in range(1, (follow - call_day).days + 1))
    assert working == calendar()["follow_up_days"]


def test_plan_joins_the_dates_and_the_filled_script() -> None:
    """plan() gives the dates, and a script whose lines carry the reader's details in keigo
    (御社 in speech)."""
    result = plan(DETAILS | {"reason": "offer_revoked"}, "ja", now="2026-12-04T22:10")
    assert result["call_at"] == "2026-12-07T10:00"
    said = [line["ja"] for node in result["script"]["nodes"].values() for line in node["lines"]]
    assert "お世話になっております。東西大学経済学部の佐藤花子と申します。" in said
    assert any("御社" in line for line in said) and not any("貴社" in line for line in said)
