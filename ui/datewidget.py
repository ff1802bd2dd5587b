"""A date with its precision, written as EDTF (``forms.edtf``) without ever being typed.

The interviewer picks what the witness knows (a day, a month, a season, a year,
a decade, a span between two such dates, or nothing at all) and then picks
numbers from separate selectors: there is no free-text date to misread.
"About" and "not sure" are explicit qualifiers. Dates the selectors cannot
express (``1998-XX``, ``19XX``) are kept exactly as recorded until changed.

Every selector starts empty: a date counts as answered only once the interviewer has
chosen each number its precision needs ("Today" fills in the day). Years stop at this
year and a date in the future is refused (the core refuses it too).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.dates_in_words import edtf_in_words
from forms.edtf import EdtfError, edtf_range, validate_edtf
from ui.wraplabel import WrapLabel

#: Precision of one date, in the order the selector offers them.
DAY, MONTH, SEASON, YEAR, DECADE, UNKNOWN_END, OPEN_END = (
    "day",
    "month",
    "season",
    "year",
    "decade",
    "unknown",
    "open",
)
#: What the whole widget holds.
NOT_GIVEN, ONE_DATE, BETWEEN, UNKNOWN, AS_RECORDED = (
    "none",
    "one",
    "between",
    "unknown",
    "recorded",
)
#: Qualifiers: exact, approximate (~), uncertain (?), both (%).
QUALIFIERS = ("", "~", "?", "%")
FIRST_YEAR = 1900
NO_YEAR = FIRST_YEAR - 1  # the year selector's "not chosen yet" (shown as "—")


def last_year() -> int:
    """Dates are about the past: the latest year a selector offers is this year."""
    return date.today().year

_PART_RE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<part>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")
_DECADE_RE = re.compile(r"^(?P<decade>[0-9]{3})X$")


def split_qualifier(text: str) -> tuple[str, str]:
    if text and text[-1] in "~?%":
        return text[:-1], text[-1]
    return text, ""


class DatePart(QWidget):
    """One date: a precision and the numbers it needs (year, month, day, season)."""

    changed = Signal()

    def __init__(
        self,
        *,
        interval_end: str | None = None,
        lang: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        """``interval_end`` is "end" for the end of a span (it may be open); month names
        follow ``lang`` ("en" or "ko")."""
        super().__init__(parent)
        self.precision = QComboBox(self)
        self.precision.setAccessibleName(self.tr("Precision"))
        choices = [
            (DAY, self.tr("Exact day")),
            (MONTH, self.tr("Month")),
            (SEASON, self.tr("Season")),
            (YEAR, self.tr("Year")),
            (DECADE, self.tr("Decade")),
        ]
        if interval_end is not None:
            choices.append((UNKNOWN_END, self.tr("Not known")))
        if interval_end == "end":
            choices.append((OPEN_END, self.tr("Still going on")))
        for code, label in choices:
            self.precision.addItem(label, code)
        self.precision.setCurrentIndex(self.precision.findData(YEAR))
        self.year = QSpinBox(self)
        self.year.setRange(NO_YEAR, last_year())
        self.year.setSpecialValueText("—")
        self.year.setValue(NO_YEAR)
        self.year.setAccessibleName(self.tr("Year"))
        self.month = QComboBox(self)
        self.month.setAccessibleName(self.tr("Month"))
        korean = lang == "ko"
        locale = QLocale(QLocale.Language.Korean if korean else QLocale.Language.English)
        for number in range(1, 13):
            self.month.addItem(locale.standaloneMonthName(number), number)
        self.day = QComboBox(self)
        self.day.setAccessibleName(self.tr("Day"))
        self.season = QComboBox(self)
        self.season.setAccessibleName(self.tr("Season"))
        for number, label in (
            (21, self.tr("Spring")),
            (22, self.tr("Summer")),
            (23, self.tr("Autumn")),
            (24, self.tr("Winter")),
        ):
            self.season.addItem(label, number)
        for box in (self.month, self.season):
            box.setCurrentIndex(-1)  # nothing chosen yet
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.precision, self.year, self.season, self.month, self.day):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._fill_days()
        self.precision.currentIndexChanged.connect(self._on_change)
        self.year.valueChanged.connect(self._on_change)
        self.month.currentIndexChanged.connect(self._on_change)
        self.day.currentIndexChanged.connect(self._on_change)
        self.season.currentIndexChanged.connect(self._on_change)
        self._sync_visibility()

    # -- state ------------------------------------------------------------
    def current_precision(self) -> str:
        return str(self.precision.currentData())

    def set_precision(self, precision: str) -> None:
        self.precision.setCurrentIndex(self.precision.findData(precision))

    def missing(self) -> str | None:
        """What the precision needs and has not been chosen yet, in words; None if complete."""
        precision = self.current_precision()
        if precision in (UNKNOWN_END, OPEN_END):
            return None
        if self.year.value() == NO_YEAR:
            return self.tr("Choose the year.")
        if precision == SEASON and self.season.currentIndex() < 0:
            return self.tr("Choose the season.")
        if precision in (MONTH, DAY) and self.month.currentIndex() < 0:
            return self.tr("Choose the month.")
        if precision == DAY and self.day.currentIndex() < 0:
            return self.tr("Choose the day.")
        return None

    def text(self) -> str | None:
        """EDTF of this date without a qualifier ("" unknown end, ".." open end); None
        while a number its precision needs is not chosen."""
        precision = self.current_precision()
        year = self.year.value()
        if precision == UNKNOWN_END:
            return ""
        if precision == OPEN_END:
            return ".."
        if self.missing() is not None:
            return None
        if precision == DECADE:
            return f"{year // 10:03d}X"
        if precision == YEAR:
            return f"{year:04d}"
        if precision == SEASON:
            return f"{year:04d}-{int(self.season.currentData()):02d}"
        month = int(self.month.currentData())
        if precision == MONTH:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{int(self.day.currentData()):02d}"

    def set_day(self, day: date) -> None:
        """Show one calendar day (the "Today" button)."""
        self.year.setValue(day.year)
        self.month.setCurrentIndex(day.month - 1)
        self._fill_days()
        self.day.setCurrentIndex(day.day - 1)
        self.set_precision(DAY)

    def set_text(self, text: str) -> bool:
        """Show ``text`` (no qualifier); False when the selectors cannot express it."""
        if text in ("", ".."):
            code = UNKNOWN_END if text == "" else OPEN_END
            if self.precision.findData(code) < 0:
                return False
            self.set_precision(code)
            return True
        decade = _DECADE_RE.match(text)
        if decade:
            year = int(decade.group("decade")) * 10
            if not FIRST_YEAR <= year <= last_year():
                return False
            self.year.setValue(year)
            self.set_precision(DECADE)
            return True
        match = _PART_RE.match(text)
        if match is None:
            return False
        year = int(match.group("year"))
        if not FIRST_YEAR <= year <= last_year():
            return False
        part, day = match.group("part"), match.group("day")
        self.year.setValue(year)
        if part is None:
            self.set_precision(YEAR)
            return True
        number = int(part)
        if 21 <= number <= 24 and day is None:
            self.season.setCurrentIndex(self.season.findData(number))
            self.set_precision(SEASON)
            return True
        if not 1 <= number <= 12:
            return False
        self.month.setCurrentIndex(number - 1)
        if day is None:
            self.set_precision(MONTH)
            return True
        self._fill_days()
        index = self.day.findData(int(day))
        if index < 0:
            return False
        self.day.setCurrentIndex(index)
        self.set_precision(DAY)
        return True

    def set_read_only(self, on: bool) -> None:
        for widget in (self.precision, self.month, self.day, self.season):
            widget.setEnabled(not on)
        self.year.setReadOnly(on)

    # -- internals ----------------------------------------------------------
    def _fill_days(self) -> None:
        """Only days that exist in the chosen month and year can be picked."""
        month = self.month.currentData()
        year = self.year.value() if self.year.value() != NO_YEAR else 2000  # a leap year
        last = calendar.monthrange(year, int(month))[1] if month is not None else 31
        current = self.day.currentData()
        if self.day.count() == last:
            return
        self.day.blockSignals(True)
        self.day.clear()
        for number in range(1, last + 1):
            self.day.addItem(str(number), number)
        self.day.setCurrentIndex(min(int(current), last) - 1 if current is not None else -1)
        self.day.blockSignals(False)

    def _sync_visibility(self) -> None:
        precision = self.current_precision()
        has_year = precision not in (UNKNOWN_END, OPEN_END)
        self.year.setVisible(has_year)
        self.season.setVisible(precision == SEASON)
        self.month.setVisible(precision in (MONTH, DAY))
        self.day.setVisible(precision == DAY)

    def _on_change(self) -> None:
        self._fill_days()
        self._sync_visibility()
        self.changed.emit()


class DateWidget(QWidget):
    """An EDTF date built from selectors; ``value()`` is the EDTF text or None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, lang: str = "en") -> None:
        super().__init__(parent)
        self._lang = "ko" if lang == "ko" else "en"
        self.mode = QComboBox(self)
        self.mode.setAccessibleName(self.tr("What the witness knows"))
        for code, label in (
            (NOT_GIVEN, self.tr("Not given")),
            (ONE_DATE, self.tr("A date")),
            (BETWEEN, self.tr("Between two dates")),
            (UNKNOWN, self.tr("Unknown")),
        ):
            self.mode.addItem(label, code)
        self.qualifier = QComboBox(self)
        self.qualifier.setAccessibleName(self.tr("Certainty"))
        for code, label in (
            ("", self.tr("Certain")),
            ("~", self.tr("About (approximate)")),
            ("?", self.tr("Not sure (uncertain)")),
            ("%", self.tr("About, and not sure")),
        ):
            self.qualifier.addItem(label, code or "exact")  # never "" or None as item data
        self.today = QToolButton(self)
        self.today.setText(self.tr("Today"))
        self.today.setAccessibleName(self.tr("Set to today's date"))
        self.today.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.today.clicked.connect(self.set_today)
        self.start = DatePart(lang=lang, parent=self)
        self.start.setAccessibleName(self.tr("Date"))
        self.end = DatePart(interval_end="end", lang=lang, parent=self)
        self.end.setAccessibleName(self.tr("Until"))
        self.between_label = QLabel(self.tr("until"), self)
        self.reading = WrapLabel("", self)
        self.reading.setObjectName("date-reading")
        self._recorded = ""

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.mode)
        top.addWidget(self.qualifier)
        top.addWidget(self.today)
        top.addStretch(1)
        parts = QHBoxLayout()
        parts.setContentsMargins(0, 0, 0, 0)
        parts.addWidget(self.start)
        parts.addWidget(self.between_label)
        parts.addWidget(self.end)
        parts.addStretch(1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(top)
        self._layout.addLayout(parts)
        self._layout.addWidget(self.reading)
        self.setFocusProxy(self.mode)
        self.mode.currentIndexChanged.connect(self._on_change)
        self.qualifier.currentIndexChanged.connect(self._on_change)
        self.start.changed.connect(self._on_change)
        self.end.changed.connect(self._on_change)
        self._refresh()

    # -- the value ----------------------------------------------------------
    def current_mode(self) -> str:
        return str(self.mode.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def set_qualifier(self, qualifier: str) -> None:
        self.qualifier.setCurrentIndex(max(QUALIFIERS.index(qualifier), 0))

    def current_qualifier(self) -> str:
        return QUALIFIERS[max(self.qualifier.currentIndex(), 0)]

    def _compose(self) -> str | None:
        mode = self.current_mode()
        qualifier = self.current_qualifier()
        if mode == NOT_GIVEN:
            return None
        if mode == UNKNOWN:
            return "XXXX"
        if mode == AS_RECORDED:
            return self._recorded
        start, end = self.start.text(), self.end.text()
        if start is None or (mode == BETWEEN and end is None):
            return None  # a number the precision needs is not chosen yet
        if mode == ONE_DATE:
            return start + qualifier
        assert end is not None
        start += qualifier if start else ""
        end += qualifier if end not in ("", "..") else ""
        return f"{start}/{end}"

    def value(self) -> str | None:
        """The EDTF text, or None when nothing is given or the choice is not a valid date."""
        text = self._compose()
        if text is None or self.local_problem() is not None:
            return None
        return text

    def raw_value(self) -> str | None:
        """The date as chosen even when it is not valid (a span that ends before it starts)."""
        return self._compose()

    def local_problem(self) -> str | None:
        """Why the selectors do not make a valid date (e.g. a span that ends before it starts,
        a number not chosen yet, a day in the future)."""
        if self.current_mode() in (ONE_DATE, BETWEEN):
            parts = (self.start, self.end) if self.current_mode() == BETWEEN else (self.start,)
            for part in parts:
                if part.missing() is not None:
                    return part.missing()
        text = self._compose()
        if text is None:
            return None
        try:
            validate_edtf(text)
            earliest = edtf_range(text)[0]
        except EdtfError:
            if self.current_mode() == BETWEEN:
                if self.start.text() == "" and self.end.text() in ("", ".."):
                    return self.tr("Give at least one end of the span.")
                return self.tr("The span ends before it starts.")
            return self.tr("This is not a valid date.")
        if earliest > date.today() + timedelta(days=1):  # a day of slack for time zones
            return self.tr("This date is in the future.")
        return None

    def set_value(self, value: object) -> None:
        """Show an EDTF text (None or "" for nothing); keeps what it cannot express."""
        for widget in (self.mode, self.qualifier, self.start, self.end):
            widget.blockSignals(True)
        try:
            self._show(value if isinstance(value, str) else "")
        finally:
            for widget in (self.mode, self.qualifier, self.start, self.end):
                widget.blockSignals(False)
        self._refresh()

    def _show(self, text: str) -> None:
        self._drop_recorded()
        self.set_qualifier("")
        if not text:
            self.set_mode(NOT_GIVEN)
            return
        if text == "XXXX":
            self.set_mode(UNKNOWN)
            return
        if "/" in text:
            self._ensure_interval_start(True)
            left, right = text.split("/", 1)
            left_plain, left_q = split_qualifier(left)
            right_plain, right_q = split_qualifier(right)
            qualifiers = {
                q
                for q, part in ((left_q, left_plain), (right_q, right_plain))
                if part not in ("", "..")
            }
            if (
                left_plain != ".."
                and len(qualifiers) <= 1
                and self.start.set_text(left_plain)
                and self.end.set_text(right_plain)
            ):
                self.set_qualifier(qualifiers.pop() if qualifiers else "")
                self.set_mode(BETWEEN)
                return
        else:
            plain, qualifier = split_qualifier(text)
            if self.start.set_text(plain):
                self.set_qualifier(qualifier)
                self.set_mode(ONE_DATE)
                return
        self._recorded = text
        self.mode.addItem(self.tr("As recorded: %1").replace("%1", text), AS_RECORDED)
        self.set_mode(AS_RECORDED)

    def set_today(self) -> None:
        """The button: the exact day of today (a change, like any other edit)."""
        self.mode.blockSignals(True)
        self.set_mode(ONE_DATE)
        self.mode.blockSignals(False)
        self.set_qualifier("")
        self._ensure_interval_start(False)
        for widget in (self.qualifier, self.start):
            widget.blockSignals(True)
        self.start.set_day(date.today())
        for widget in (self.qualifier, self.start):
            widget.blockSignals(False)
        self._on_change()

    def describe(self) -> str:
        """The date in words (what the reading line shows), by :mod:`forms.dates_in_words`."""
        mode = self.current_mode()
        if mode == NOT_GIVEN:
            return self.tr("No date given.")
        if mode == UNKNOWN:
            return self.tr("The date is not known.")
        text = self._compose()
        try:
            words = edtf_in_words(text or "", self._lang)
        except EdtfError:
            return self.tr("This is not a valid date.")
        if mode == AS_RECORDED:
            return self.tr("Kept as recorded: %1").replace("%1", words)
        return words

    def set_read_only(self, on: bool) -> None:
        self.mode.setEnabled(not on)
        self.qualifier.setEnabled(not on)
        self.today.setVisible(not on)
        self.start.set_read_only(on)
        self.end.set_read_only(on)

    # -- internals ----------------------------------------------------------
    def _drop_recorded(self) -> None:
        index = self.mode.findData(AS_RECORDED)
        if index >= 0:
            self.mode.removeItem(index)
        self._recorded = ""

    def _ensure_interval_start(self, between: bool) -> None:
        """A span's start may be unknown; a single date's may not."""
        index = self.start.precision.findData(UNKNOWN_END)
        self.start.precision.blockSignals(True)
        if between and index < 0:
            self.start.precision.addItem(self.tr("Not known"), UNKNOWN_END)
        elif not between and index >= 0:
            if self.start.current_precision() == UNKNOWN_END:
                self.start.set_precision(YEAR)
            self.start.precision.removeItem(index)
        self.start.precision.blockSignals(False)
        self.start._sync_visibility()

    def _refresh(self) -> None:
        mode = self.current_mode()
        self._ensure_interval_start(mode == BETWEEN)
        self.qualifier.setVisible(mode in (ONE_DATE, BETWEEN))
        self.start.setVisible(mode in (ONE_DATE, BETWEEN))
        self.between_label.setVisible(mode == BETWEEN)
        self.end.setVisible(mode == BETWEEN)
        problem = self.local_problem()
        self.reading.setText(problem if problem is not None else self.describe())

    def _on_change(self) -> None:
        if self.current_mode() != AS_RECORDED:
            self._drop_recorded_if_left()
        self._refresh()
        self.changed.emit()

    def _drop_recorded_if_left(self) -> None:
        index = self.mode.findData(AS_RECORDED)
        if index >= 0:
            current = self.current_mode()
            self.mode.blockSignals(True)
            self.mode.removeItem(index)
            self.set_mode(current)
            self.mode.blockSignals(False)
            self._recorded = ""
