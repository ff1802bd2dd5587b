"""The date-with-precision widget: selectors in, valid EDTF out; nothing ambiguous gets through."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QLineEdit, QSpinBox

from forms.edtf import is_valid_edtf
from ui.datewidget import (
    AS_RECORDED,
    BETWEEN,
    DAY,
    DECADE,
    MONTH,
    NOT_GIVEN,
    ONE_DATE,
    OPEN_END,
    SEASON,
    UNKNOWN,
    UNKNOWN_END,
    YEAR,
    DateWidget,
)


@pytest.fixture
def widget(qtbot: object) -> DateWidget:
    w = DateWidget()
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    return w


@pytest.mark.parametrize(
    "text",
    [
        "1998-03-14",
        "1998-03",
        "1998-03~",
        "1998-21",
        "2008-24?",
        "1998",
        "1998?",
        "1975~",
        "1998-03%",
        "199X",
        "XXXX",
        "1997/1999",
        "1997~/1999~",
        "1998-03/1998-21",
        "/1999",
        "1997/",
        "1997/..",
        "2000-02-29",
    ],
)
def test_every_supported_form_round_trips(widget: DateWidget, text: str) -> None:
    widget.set_value(text)
    assert widget.current_mode() != AS_RECORDED
    assert widget.value() == text
    assert widget.local_problem() is None


@pytest.mark.parametrize("text", ["1975-04-XX", "19XX", "1998-XX", "1850", "../1999"])
def test_dates_the_selectors_cannot_express_are_kept_exactly(widget: DateWidget, text: str) -> None:
    widget.set_value(text)
    assert widget.current_mode() == AS_RECORDED
    assert widget.value() == text
    # choosing something else replaces it, and the kept text is gone from the choices
    widget.set_mode(UNKNOWN)
    assert widget.value() == "XXXX"
    assert widget.mode.findData(AS_RECORDED) < 0


def test_building_a_date_from_selectors(widget: DateWidget) -> None:
    assert widget.value() is None  # nothing given by default
    widget.set_mode(ONE_DATE)
    widget.start.year.setValue(1998)
    widget.start.set_precision(SEASON)
    widget.start.season.setCurrentIndex(widget.start.season.findData(21))
    assert widget.value() == "1998-21"
    widget.set_qualifier("~")
    assert widget.value() == "1998-21~"
    assert widget.reading.text() == "about spring 1998"  # words, never the EDTF code
    widget.start.set_precision(MONTH)
    widget.start.month.setCurrentIndex(2)
    assert widget.value() == "1998-03~"
    widget.set_qualifier("?")
    widget.start.set_precision(DAY)
    widget.start.day.setCurrentIndex(13)
    assert widget.value() == "1998-03-14?"
    widget.set_qualifier("")
    widget.start.set_precision(DECADE)
    assert widget.value() == "199X"
    widget.set_mode(UNKNOWN)
    assert widget.value() == "XXXX"
    widget.set_mode(NOT_GIVEN)
    assert widget.value() is None


def test_a_span_between_two_dates(widget: DateWidget) -> None:
    widget.set_mode(BETWEEN)
    widget.start.set_precision(YEAR)
    widget.start.year.setValue(1997)
    widget.end.set_precision(YEAR)
    widget.end.year.setValue(1999)
    assert widget.value() == "1997/1999"
    widget.set_qualifier("~")
    assert widget.value() == "1997~/1999~"
    widget.set_qualifier("")
    widget.end.set_precision(OPEN_END)
    assert widget.value() == "1997/.."
    widget.start.set_precision(UNKNOWN_END)
    widget.end.set_precision(YEAR)
    assert widget.value() == "/1999"


def test_a_span_that_ends_before_it_starts_is_refused_but_kept(widget: DateWidget) -> None:
    widget.set_value("1997/1999")
    widget.start.year.setValue(2005)
    assert widget.value() is None
    assert widget.local_problem() is not None
    assert widget.reading.text() == widget.local_problem()
    # the selectors still hold what was chosen
    assert widget.start.year.value() == 2005 and widget.end.year.value() == 1999
    widget.end.year.setValue(2006)
    assert widget.value() == "2005/2006"


def test_only_days_that_exist_can_be_picked(widget: DateWidget) -> None:
    widget.set_value("2001-02-28")
    assert widget.start.day.count() == 28
    widget.start.year.setValue(2000)
    assert widget.start.day.count() == 29
    widget.start.day.setCurrentIndex(28)
    assert widget.value() == "2000-02-29"
    widget.start.year.setValue(2001)  # 29 Feb no longer exists: the day is clamped
    assert widget.value() == "2001-02-28"


def test_a_single_date_cannot_have_an_unknown_start(widget: DateWidget) -> None:
    widget.set_mode(BETWEEN)
    assert widget.start.precision.findData(UNKNOWN_END) >= 0
    widget.start.set_precision(UNKNOWN_END)
    widget.set_mode(ONE_DATE)
    assert widget.start.precision.findData(UNKNOWN_END) < 0
    assert widget.value() is None and widget.local_problem() == "Choose the year."
    widget.start.year.setValue(1999)
    assert widget.value() is not None and is_valid_edtf(widget.value())


def test_every_combination_of_selectors_is_valid_edtf(widget: DateWidget) -> None:
    widget.set_mode(ONE_DATE)
    for precision in (DAY, MONTH, SEASON, YEAR, DECADE):
        widget.start.set_precision(precision)
        for year in (1900, 1999, 2000, 2024):
            widget.start.year.setValue(year)
            for index in range(widget.start.month.count()):
                widget.start.month.setCurrentIndex(index)
                widget.start.season.setCurrentIndex(index % 4)
                widget.start.day.setCurrentIndex(index)
                for qualifier in ("", "~", "?", "%"):
                    widget.set_qualifier(qualifier)
                    value = widget.value()
                    assert value is not None and is_valid_edtf(value), value


def test_there_is_no_free_text_date(widget: DateWidget) -> None:
    """The only line edits inside are those of the year spin boxes (digits only)."""
    spin_edits = {spin.lineEdit() for spin in widget.findChildren(QSpinBox)}
    assert set(widget.findChildren(QLineEdit)) == spin_edits


def test_changed_is_emitted_on_edits_but_not_on_set_value(
    widget: DateWidget, qtbot: object
) -> None:
    seen: list[str | None] = []
    widget.changed.connect(lambda: seen.append(widget.value()))
    widget.set_value("1998")
    assert seen == []
    widget.start.year.setValue(1999)
    assert seen == ["1999"]


def test_the_reading_line_is_korean_in_korean_order(qtbot: object) -> None:
    widget = DateWidget(lang="ko")
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    widget.set_value("2008-04~")
    assert widget.reading.text() == "2008년 4월경"
    widget.set_value("1997/1999")
    assert widget.reading.text() == "1997년~1999년 사이"
    widget.set_value("1998-XX")  # kept as recorded, still in words
    assert "1998년(월 모름)" in widget.reading.text() and "XX" not in widget.reading.text()
