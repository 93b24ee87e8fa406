"""Japanese working days: Monday to Friday, minus public holidays and the new-year break.

Public holidays (振替休日 and 国民の休日 included) come from `jpholiday`, imported on the first
question asked, so the engine starts without it."""

from __future__ import annotations

import datetime as dt
from functools import cache


@cache
def _jpholiday():  # noqa: ANN202 - the module itself
    import jpholiday  # only when a plan is asked for

    return jpholiday


def holiday_name(day: dt.date) -> str | None:
    """The public holiday's Japanese name on `day` ("振替休日" for any substitute day), or None."""
    name = _jpholiday().is_holiday_name(day)
    if not name:
        return None
    return "振替休日" if "振替休日" in name else name


def in_new_year_break(day: dt.date, first: tuple[int, int], last: tuple[int, int]) -> bool:
    """Whether `day` falls in the break from `first` (month, day) to `last`, across the year end."""
    key = (day.month, day.day)
    return key >= first or key <= last if first > last else first <= key <= last


def closed_reason(day: dt.date, new_year: tuple[tuple[int, int], tuple[int, int]]) -> str | None:
    """Why the company is likely closed on `day`: "weekend", "new_year", a holiday's name; or
    None on a working day."""
    if day.weekday() >= 5:
        return "weekend"
    if in_new_year_break(day, *new_year):
        return "new_year"
    return holiday_name(day)


def next_working_day(day: dt.date, new_year: tuple[tuple[int, int], tuple[int, int]],
                     count: int = 1) -> dt.date:
    """The `count`-th working day after `day`."""
    for _ in range(count):
        day += dt.timedelta(days=1)
        while closed_reason(day, new_year):
            day += dt.timedelta(days=1)
    return day
