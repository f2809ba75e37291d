"""Resolving the date expressions news uses ("on Saturday", "yesterday") against the article date."""
from __future__ import annotations

import datetime as dt
import re

from kg.extract.article import MONTHS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = {"today": 0, "yesterday": -1, "tonight": 0}
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})\b")


def resolve_date(expression: str, anchor: dt.date | None, forward: bool = False) -> dt.date | None:
    """The calendar date an expression names, or None when the text does not fix it.

    A bare weekday in news refers to the most recent such day on or before the
    publication date ("on Sunday" in a Sunday paper is that day); for what is still
    planned (`forward`), the next such day on or after it ("will meet on Tuesday").

    >>> resolve_date("on Saturday", dt.date(2026, 1, 25))
    datetime.date(2026, 1, 24)
    >>> resolve_date("on Tuesday", dt.date(2026, 3, 2), forward=True)
    datetime.date(2026, 3, 3)
    >>> resolve_date("late Tuesday", None) is None
    True
    >>> resolve_date("February 17-18", dt.date(2026, 2, 14), forward=True)
    datetime.date(2026, 2, 17)
    >>> resolve_date("January 3", dt.date(2025, 12, 30), forward=True)
    datetime.date(2026, 1, 3)
    """
    if anchor is None:
        return None
    words = re.findall(r"[a-z]+", expression.lower())
    if any(w in ("last", "next", "week", "month", "year") for w in words):
        return None
    for word in words:
        if word in _RELATIVE:
            return anchor + dt.timedelta(days=_RELATIVE[word])
        if word in WEEKDAYS:
            if forward:
                return anchor + dt.timedelta(days=(WEEKDAYS.index(word) - anchor.weekday()) % 7)
            back = (anchor.weekday() - WEEKDAYS.index(word)) % 7
            return anchor - dt.timedelta(days=back)
    match = _MONTH_DAY.search(expression)
    if match and match.group(1).lower()[:3] in {m[:3] for m in MONTHS}:
        month = next(n for m, n in MONTHS.items() if m[:3] == match.group(1).lower()[:3])
        try:
            day = dt.date(anchor.year, month, int(match.group(2)))
        except ValueError:
            return None
        if forward:                     # planned: the next such day ("talks on February 17")
            return day if day >= anchor - dt.timedelta(days=7) else _year(day, anchor.year + 1)
        return day if day <= anchor + dt.timedelta(days=7) else _year(day, anchor.year - 1)
    return None


def _year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:                  # 29 February
        return None
