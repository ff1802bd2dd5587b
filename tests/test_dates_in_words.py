"""Dates in words: every precision the date widget offers, in Korean order and in English."""

from __future__ import annotations

import re
from datetime import timedelta, timezone

import pytest

from forms.dates_in_words import datetime_in_words, edtf_in_words
from forms.edtf import EdtfError

# (EDTF the widget writes, English, Korean): day, month, each season, year, decade,
# each qualifier, a span, a span with an unknown or open end, an unknown date, and
# what the widget keeps "as recorded" (unspecified month, day, century).
CASES = [
    ("2008-04-15", "15 April 2008", "2008년 4월 15일"),
    ("2008-04", "April 2008", "2008년 4월"),
    ("2008-21", "spring 2008", "2008년 봄"),
    ("2008-22", "summer 2008", "2008년 여름"),
    ("2008-23", "autumn 2008", "2008년 가을"),
    ("2008-24", "winter 2008–09", "2008~09년 겨울"),
    ("2008", "2008", "2008년"),
    ("199X", "the 1990s", "1990년대"),
    ("2008-04-15~", "about 15 April 2008", "2008년 4월 15일경"),
    ("2008-04~", "about April 2008", "2008년 4월경"),
    ("2008-21~", "about spring 2008", "2008년 봄 무렵"),
    ("2008~", "about 2008", "2008년경"),
    ("199X~", "about the 1990s", "1990년대 무렵"),
    ("2008-04?", "April 2008 (not certain)", "2008년 4월(확실하지 않음)"),
    ("2008-04%", "about April 2008 (not certain)", "2008년 4월경(확실하지 않음)"),
    ("1997/1999", "between 1997 and 1999", "1997년~1999년 사이"),
    ("1997-03~/1999-21~", "between about March 1997 and about spring 1999",
     "1997년 3월경~1999년 봄 무렵 사이"),
    ("1997/", "from 1997 (end not known)", "1997년부터(끝 모름)"),
    ("1997/..", "from 1997, still going on", "1997년부터 지금까지"),
    ("/1999", "until 1999 (start not known)", "1999년까지(시작 모름)"),
    ("XXXX", "date not known", "날짜 모름"),
    ("1998-XX", "1998 (month not known)", "1998년(월 모름)"),
    ("1998-03-XX", "March 1998 (day not known)", "1998년 3월(날짜 모름)"),
    ("19XX", "the 1900s", "1900년대"),
]  # fmt: skip


@pytest.mark.parametrize(("edtf", "en", "ko"), CASES, ids=[c[0] for c in CASES])
def test_every_precision_in_both_languages(edtf: str, en: str, ko: str) -> None:
    assert edtf_in_words(edtf, "en") == en
    assert edtf_in_words(edtf, "ko") == ko


def test_korean_runs_year_month_day_and_marks_about_with_gyeong() -> None:
    for edtf, _, ko in CASES:
        if edtf == "XXXX":
            continue
        # every date starts with its year; never "15 4월 2008" or "약 4월 2008"
        assert re.match(r"^\d{4}(?:~\d{2})?년", ko), ko
        assert not re.search(r"\d+[월일] \d{4}|\d+일 \d+월|약 ", ko), ko
        for date in ko.split("~"):
            units = re.findall(r"\d+([년월일])", date)
            assert units == sorted(units, key="년월일".index), ko
        if "~" in edtf and "/" not in edtf:
            assert "경" in ko or "무렵" in ko, ko


def test_no_code_reaches_the_reader() -> None:
    for _, en, ko in CASES:
        for words in (en, ko):
            assert not re.search(r"\d{4}-\d{2}|X|[~?%]$", words), words


def test_times_in_the_local_zone_with_the_offset() -> None:
    seoul = timezone(timedelta(hours=9))
    utc = "2026-03-14T01:30:00Z"
    assert datetime_in_words(utc, "en", seoul) == "14 March 2026, 10:30 (UTC+09:00)"
    assert datetime_in_words(utc, "ko", seoul) == "2026년 3월 14일 10:30 (UTC+09:00)"
    # without a zone, the offset it was recorded with
    west = "2026-03-13T20:00:00-05:30"
    assert datetime_in_words(west, "ko") == "2026년 3월 13일 20:00 (UTC-05:30)"
    with pytest.raises(ValueError):
        datetime_in_words("2026-03-14T01:30:00", "en")  # no offset: ambiguous


def test_bad_input_is_refused() -> None:
    with pytest.raises(EdtfError):
        edtf_in_words("14/03/2008", "ko")
    with pytest.raises(ValueError):
        edtf_in_words("2008", "fr")
