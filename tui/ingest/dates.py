"""Dates as found in news pages and feeds, normalised to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]|$)")
_SLASH = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})$")
_DOTTED = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")
_DAY_MONTH = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<y>\d{4})$")
_MONTH_DAY = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$")
_WEEKDAY = re.compile(r"^[A-Za-z]+,?\s+(?=\d|[A-Za-z]{3})")
_TIME_TAIL = re.compile(r"[\s,]+(?:at\s+)?\d{1,2}[:.]\d{2}.*$", re.IGNORECASE)

# A date written alone (used to spot date lines and `Title – Outlet – date` suffixes).
DATE_PATTERN = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})"
)


def _make(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def normalize_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a string, date, datetime or struct_time; else None.

    Slash dates are read month first (08/14/2025) unless the first number
    cannot be a month; dotted dates are read day first (14.08.2025).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return _make(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return (
                datetime.fromtimestamp(value / 1000 if value > 1e11 else value).date().isoformat()
            )
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())[:80]
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    if "," in s[:4] or s[:3].isalpha():
        try:
            return parsedate_to_datetime(s).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    s = _TIME_TAIL.sub("", s)
    s = _WEEKDAY.sub("", s) if not _MONTH_DAY.match(s) else s
    m = _SLASH.match(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if a <= 12 else (b, a)
        return _make(int(m["y"]), month, day)
    m = _DOTTED.match(s)
    if m:
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.match(s)
        if m:
            month_no = _MONTHS.get(m["month"].casefold())
            if month_no:
                return _make(int(m["y"]), month_no, int(m["d"]))
    return None
