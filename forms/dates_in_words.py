"""Dates and times in words, in English or Korean, for people (not for machines).

One module for every place a person reads a date: the PDF statement, the app
(the date widget's reading line) and the CSV exports. It writes each precision
the date widget offers in the order and with the markers of the language:

==================  ==========================  =========================
EDTF                English                     Korean
==================  ==========================  =========================
``2008-04-15``      15 April 2008               2008년 4월 15일
``2008-04~``        about April 2008            2008년 4월경
``2008-21``         spring 2008                 2008년 봄
``2008-24``         winter 2008–09              2008~09년 겨울
``2008?``           2008 (not certain)          2008년(확실하지 않음)
``199X``            the 1990s                   1990년대
``1997/1999``       between 1997 and 1999       1997년~1999년 사이
``1997/..``         from 1997, still going on   1997년부터 지금까지
``XXXX``            date not known              날짜 모름
==================  ==========================  =========================

Korean marks an approximate day, month or year with 경 and an approximate
season or decade with 무렵; numbers take no particle here, so nothing depends
on the sound of the last digit. Times are shown at the offset they were
recorded with (or converted to a given zone), always with that offset.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from forms.edtf import EdtfError, validate_edtf

__all__ = ["LANGS", "datetime_in_words", "edtf_in_words", "offset_text"]

LANGS = ("en", "ko")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SEASONS = {
    21: ("spring", "봄"),
    22: ("summer", "여름"),
    23: ("autumn", "가을"),
    24: ("winter", "겨울"),
}
_ONE = re.compile(
    r"^(?P<year>[0-9X]{4})(?:-(?P<part>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qual>[?~%])?$"
)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"no dates in words for language {lang!r}")


def _plain(year: str, part: str | None, day: str | None, lang: str) -> tuple[str, bool]:
    """(words, coarse): coarse dates (season, decade, century) take 무렵 rather than 경."""
    ko = lang == "ko"
    if year == "XXXX":
        return ("날짜 모름" if ko else "date not known"), True
    if "X" in year:
        base = year.replace("X", "0")
        return (f"{base}년대" if ko else f"the {base}s"), True
    if part is None:
        return (f"{int(year)}년" if ko else str(int(year))), False
    if part == "XX":
        return (f"{int(year)}년(월 모름)" if ko else f"{int(year)} (month not known)"), False
    number = int(part)
    if number in _SEASONS:
        en, korean = _SEASONS[number]
        if number == 24:  # December to February: name both years
            years = f"{int(year)}~{(int(year) + 1) % 100:02d}"
            return (f"{years}년 {korean}" if ko else f"{en} {years.replace('~', '–')}"), True
        return (f"{int(year)}년 {korean}" if ko else f"{en} {int(year)}"), True
    month = f"{int(year)}년 {number}월" if ko else f"{_MONTHS_EN[number - 1]} {int(year)}"
    if day is None:
        return month, False
    if day == "XX":
        return (f"{month}(날짜 모름)" if ko else f"{month} (day not known)"), False
    return (f"{month} {int(day)}일" if ko else f"{int(day)} {month}"), False


def _one(text: str, lang: str) -> str:
    match = _ONE.match(text)
    if match is None:  # pragma: no cover - validate_edtf ran first
        raise EdtfError("not a date")
    words, coarse = _plain(match.group("year"), match.group("part"), match.group("day"), lang)
    qual = match.group("qual") or ""
    if match.group("year") == "XXXX":
        return words
    if qual in ("~", "%"):
        if lang == "ko":
            words = f"{words} 무렵" if coarse else f"{words}경"
        else:
            words = f"about {words}"
    if qual in ("?", "%"):
        words = f"{words}(확실하지 않음)" if lang == "ko" else f"{words} (not certain)"
    return words


def edtf_in_words(text: str, lang: str) -> str:
    """``text`` (a date of the :mod:`forms.edtf` subset) in words, in ``lang`` ("en"/"ko").

    Raises :class:`forms.edtf.EdtfError` when ``text`` is not such a date.
    """
    _check_lang(lang)
    validate_edtf(text)
    ko = lang == "ko"
    if "/" not in text:
        return _one(text, lang)
    left, right = text.split("/")
    if left in ("", ".."):
        end = _one(right, lang)
        if left == "..":
            return f"{end}까지" if ko else f"until {end}"
        return f"{end}까지(시작 모름)" if ko else f"until {end} (start not known)"
    start = _one(left, lang)
    if right == "..":
        return f"{start}부터 지금까지" if ko else f"from {start}, still going on"
    if right == "":
        return f"{start}부터(끝 모름)" if ko else f"from {start} (end not known)"
    end = _one(right, lang)
    return f"{start}~{end} 사이" if ko else f"between {start} and {end}"


def offset_text(offset: timedelta | None) -> str:
    """``UTC+09:00`` for a UTC offset (``UTC+00:00`` for UTC itself)."""
    minutes = int((offset or timedelta(0)).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def datetime_in_words(value: str, lang: str, zone: tzinfo | None = None) -> str:
    """An RFC 3339 date and time in words, at its own offset or converted to ``zone``.

    ``2026-03-14T01:30:00Z`` with zone UTC+9 reads "14 March 2026, 10:30 (UTC+09:00)"
    and "2026년 3월 14일 10:30 (UTC+09:00)". Raises ValueError on other text.
    """
    _check_lang(lang)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time without its UTC offset is ambiguous")
    if zone is not None:
        moment = moment.astimezone(zone)
    day = _plain(f"{moment.year:04d}", f"{moment.month:02d}", f"{moment.day:02d}", lang)[0]
    sep = " " if lang == "ko" else ", "
    return f"{day}{sep}{moment:%H:%M} ({offset_text(moment.utcoffset())})"
