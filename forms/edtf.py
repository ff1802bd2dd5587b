"""A strict validator for the subset of EDTF (ISO 8601-2) that forms use.

Accepted (each date may end in one qualifier ``?`` uncertain, ``~`` approximate
or ``%`` both):

=================  ==============================================
``1998-03-14``     a day
``1998-03``        a month
``1998-21``        a season: 21 spring, 22 summer, 23 autumn, 24 winter
``1998``           a year
``199X``/``19XX``  a decade / century (unspecified digits, capital X)
``1998-XX``        a month of 1998 nobody remembers (``1998-03-XX``: a day)
``XXXX``           the date is unknown
``1997/1999``      an interval between two of the above
``1997/..``        open end; ``../1997`` open start
``1997/``          unknown end; ``/1997`` unknown start
=================  ==============================================

Years are 0001-9999. Anything else (time of day, negative years, ``Y``
years, sets, level-2 qualifiers on parts) is rejected, because a date a court
may read must be unambiguous. Qualifiers do not widen :func:`edtf_range`:
``1998~`` spans 1998; the qualifier is kept in the text for the reader.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "EDTF_PATTERN",
    "EdtfError",
    "edtf_range",
    "is_valid_edtf",
    "normalise_edtf",
    "validate_edtf",
]

MAX_LENGTH = 64

_YEAR = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|XXXX)"
_DATE = _YEAR + r"(?:-(?:2[1-4]|(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?))?[?~%]?"
#: Syntax of the subset, for JSON Schema ``pattern``; :func:`validate_edtf`
#: additionally checks calendar facts (30 February) and interval order.
EDTF_PATTERN = rf"^(?:{_DATE}|(?:{_DATE}|\.\.)?/(?:{_DATE}|\.\.)?)$"

_DATE_RE = re.compile(
    r"^(?P<year>[0-9X]{4})(?:-(?P<part>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qual>[?~%])?$"
)
_SYNTAX_RE = re.compile(EDTF_PATTERN)
_CHARS_RE = re.compile(r"[0-9X?~%/.-]+")
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}


class EdtfError(ValueError):
    """Text that is not a date of the accepted EDTF subset."""

    code = "date.invalid"


@dataclass(frozen=True)
class _Span:
    earliest: date
    latest: date


def _year_span(text: str) -> tuple[int, int]:
    low = int(text.replace("X", "0"))
    high = int(text.replace("X", "9"))
    return max(low, 1), high


def _parse_date(text: str) -> _Span:
    match = _DATE_RE.match(text)
    if match is None:
        raise EdtfError("not a date of the form YYYY, YYYY-MM, YYYY-SS or YYYY-MM-DD")
    year_text, part, day = match.group("year"), match.group("part"), match.group("day")
    if year_text == "0000":
        raise EdtfError("year 0000 is not allowed")
    first_year, last_year = _year_span(year_text)
    if part is None:
        return _Span(date(first_year, 1, 1), date(last_year, 12, 31))
    if part != "XX" and 21 <= int(part) <= 24:
        if day is not None:
            raise EdtfError("a season has no day")
        start_month, end_month = _SEASON_MONTHS[int(part)]
        if start_month > end_month:  # winter runs into the next year
            if last_year == 9999:
                end = date.max
            else:
                end_year = last_year + 1
                end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        else:
            end = date(last_year, end_month, calendar.monthrange(last_year, end_month)[1])
        return _Span(date(first_year, start_month, 1), end)
    if part == "XX":
        if day is not None and day != "XX":
            raise EdtfError("a day cannot be given when the month is unspecified (XX)")
        return _Span(date(first_year, 1, 1), date(last_year, 12, 31))
    month = int(part)
    if not 1 <= month <= 12:
        raise EdtfError(f"month {part} does not exist (01-12, or seasons 21-24)")
    if day is None or day == "XX":
        return _Span(
            date(first_year, month, 1),
            date(last_year, month, calendar.monthrange(last_year, month)[1]),
        )
    day_number = int(day)
    longest = max(calendar.monthrange(y, month)[1] for y in _years_for_days(first_year, last_year))
    if not 1 <= day_number <= longest:
        raise EdtfError(f"day {day} does not exist in month {part}")
    first = _first_valid_day(first_year, last_year, month, day_number)
    last = _first_valid_day(last_year, first_year, month, day_number)
    return _Span(first, last)


def _years_for_days(first_year: int, last_year: int) -> range:
    # Four consecutive years include a leap year; enough to decide on 29 Feb.
    return range(first_year, min(last_year, first_year + 8) + 1)


def _first_valid_day(start: int, stop: int, month: int, day: int) -> date:
    step = 1 if stop >= start else -1
    for year in range(start, stop + step, step):
        if day <= calendar.monthrange(year, month)[1]:
            return date(year, month, day)
    raise EdtfError(f"day {day:02d} does not exist in month {month:02d}")  # pragma: no cover


def _spans(text: str) -> tuple[_Span | None, _Span | None, bool]:
    """(start, end, is_interval); None marks an open or unknown end."""
    if not isinstance(text, str):
        raise EdtfError("an EDTF date must be text")
    if len(text) > MAX_LENGTH:
        raise EdtfError(f"longer than {MAX_LENGTH} characters")
    if _SYNTAX_RE.fullmatch(text) is None or not _CHARS_RE.fullmatch(text):
        raise EdtfError("not in the accepted EDTF subset (e.g. 1998-03~, 1997/1999, 1998-21)")
    if "/" not in text:
        span = _parse_date(text)
        return span, span, False
    left, right = text.split("/")
    start = None if left in ("", "..") else _parse_date(left)
    end = None if right in ("", "..") else _parse_date(right)
    if start is None and end is None:
        raise EdtfError("an interval needs at least one known end")
    if start is not None and end is not None and start.earliest > end.latest:
        raise EdtfError("the interval ends before it starts")
    return start, end, True


def validate_edtf(text: str) -> None:
    """Raise :class:`EdtfError` unless ``text`` is a date of the accepted subset."""
    _spans(text)


def is_valid_edtf(text: object) -> bool:
    """True when ``text`` is a string in the accepted subset."""
    if not isinstance(text, str):
        return False
    try:
        _spans(text)
    except EdtfError:
        return False
    return True


def normalise_edtf(text: str) -> str:
    """Canonical form of what a person typed: trims spaces, capitalises ``x``.

    Raises :class:`EdtfError` when the result is still not valid.
    """
    canonical = "".join(text.split()).replace("x", "X")
    validate_edtf(canonical)
    return canonical


def edtf_range(text: str) -> tuple[date, date]:
    """The earliest and latest calendar day ``text`` can mean.

    Open or unknown interval ends give :data:`datetime.date.min` /
    :data:`datetime.date.max`. Raises :class:`EdtfError` on invalid input.
    """
    start, end, _ = _spans(text)
    return (
        start.earliest if start is not None else date.min,
        end.latest if end is not None else date.max,
    )
