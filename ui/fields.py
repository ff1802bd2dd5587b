"""Widgets for the fields of a form, one kind per field type, built from the form definition.

Every answer widget has ``objectName`` = its concrete path in the record
document (``incidents[0].acts[0].type``) and an accessible name = its label.
The tree of nodes (a row per question, a group box per group, a list of items
per repeating group) turns the widgets back into a document in which a field
appears only when it has a value and only when its ``visible_if`` holds, so
the draft is valid as far as the widgets can make it. Text stays in its widget
whatever happens to the draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QMimeData,
    QObject,
    QPoint,
    QRegularExpression,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QDoubleValidator,
    QInputMethodEvent,
    QIntValidator,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import forms
from forms.fields import (
    DATE,
    PROGRAM_ROLES,
    REF_PATTERN,
    TEXT_DEFAULT_MAX,
    Field,
)
from forms.types import display
from forms.validation import join_path
from forms.vocabularies import term
from intake.capture.attachments import Attachment
from ui.datewidget import DateWidget
from ui.vocabpicker import VocabMultiPicker, VocabPicker
from ui.wraplabel import WrapLabel

_SEGMENT_RE = re.compile(r"([^.\[\]]+)((?:\[[0-9]+\])*)")
MESSAGE_STYLE = "color: #b00020;"
HELP_STYLE = "color: palette(mid);"


def interface_language(widget: QWidget | None = None) -> str:
    """ "ko" or "en": the language the interface runs in.

    The first of: the ``prefs.language`` of a window above ``widget`` (the main window
    keeps the preferences), the installed catalog (it translates the marker "en" to
    "ko"), the default QLocale.
    """
    probe: QObject | None = widget
    while probe is not None:
        language = getattr(getattr(probe, "prefs", None), "language", None)
        if language in ("en", "ko"):
            return str(language)
        probe = probe.parent()
    if QCoreApplication.translate("Language", "en") == "ko":
        return "ko"
    return "ko" if QLocale().language() == QLocale.Language.Korean else "en"


def path_label(form: forms.Form, path: str, lang: str) -> str:
    """A concrete path in words: ``incidents[0].type`` → "Incidents 1 › Act type"."""
    words: list[str] = []
    abstract = ""
    for key, indexes in _SEGMENT_RE.findall(path):
        abstract = join_path(abstract, key)
        try:
            label = form.label(abstract, lang)
        except KeyError:
            label = key
        numbers = [str(int(i) + 1) for i in re.findall(r"[0-9]+", indexes)]
        words.append(" ".join([label, *numbers]))
    return " › ".join(words)


def display_value(form: forms.Form, path: str, value: object, lang: str) -> str:
    """An answer as a person reads it (terms for codes, dates in words): the field type's
    display text (:func:`forms.types.display`); the value itself at a path the form lacks."""
    try:
        each = form.field(path)
    except KeyError:
        return str(value)
    return display(form, each, value, lang)


@dataclass
class FormContext:
    """What widgets need beyond their field: the form, the language, the record's files."""

    form: forms.Form
    lang: str
    attachments: list[Attachment] = field(default_factory=list)


class FieldInput(Protocol):
    """What every answer widget offers the nodes."""

    changed: Any

    def value(self) -> object | None: ...

    def set_value(self, value: object) -> None: ...

    def set_read_only(self, on: bool) -> None: ...


def local_problem(widget: object) -> str | None:
    """Input a widget holds but cannot turn into a valid answer (kept, not saved)."""
    check = getattr(widget, "local_problem", None)
    return check() if callable(check) else None


def raw_value(widget: Any) -> object | None:
    """What a widget holds even when it is not a valid answer yet (kept in the vault beside
    the draft, shown again with its message); its ``value()`` otherwise."""
    raw = getattr(widget, "raw_value", None)
    return raw() if callable(raw) else widget.value()


def _typed_number(text: str) -> object | None:
    """A number as typed: the number when it parses (out of range), else the text."""
    text = text.strip()
    if not text:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text



# -- answer widgets -------------------------------------------------------------------------


def too_long_message(longest: int, length: int) -> str:
    return (
        QCoreApplication.translate(
            "TextInput", "Not pasted: %1 characters, this answer takes at most %2."
        )
        .replace("%1", f"{length:,}")
        .replace("%2", f"{longest:,}")
    )


class TextInput(QLineEdit):
    """One line of text. A paste that would not fit is refused whole, with a message
    (never cut: the end of a sentence is not dropped silently)."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, longest: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.longest = longest
        self.setMaxLength(longest)
        self.textChanged.connect(self.changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            incoming = QApplication.clipboard().text()
            length = len(self.text()) - len(self.selectedText()) + len(incoming)
            if length > self.longest:
                self.refused.emit(too_long_message(self.longest, length))
                return
        super().keyPressEvent(event)

    def value(self) -> str | None:
        return self.text() if self.text().strip() else None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.setText(value if isinstance(value, str) else "")
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setReadOnly(on)


class LongTextInput(QPlainTextEdit):
    """Paragraphs of text. What would make it longer than the form allows (a paste, a drop,
    typing, the input method) is refused at input with a message; nothing is cut."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, longest: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.longest = longest
        self.setTabChangesFocus(True)
        self.setMinimumHeight(90)
        self.textChanged.connect(self.changed)

    def _fits(self, incoming: str) -> bool:
        if self.longest is None or not incoming:
            return True
        cursor = self.textCursor()
        length = (
            self.length()
            - (cursor.selectionEnd() - cursor.selectionStart())
            + len(incoming)
        )
        if length <= self.longest:
            return True
        self.refused.emit(too_long_message(int(self.longest), length))
        return False

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt API)
        if self._fits(source.text()):
            super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        typed = event.text()
        if typed and typed.isprintable() and not self._fits(typed):
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt API)
        if not self._fits(event.commitString()):
            event.setCommitString("")
        super().inputMethodEvent(event)

    def length(self) -> int:
        """len(toPlainText()) without copying the text out (at every keystroke: a narrative
        is tens of thousands of characters); the document counts its last paragraph end."""
        return self.document().characterCount() - 1

    def local_problem(self) -> str | None:
        """Longer than allowed (only a document from elsewhere can be): kept, not saved."""
        if self.longest is not None and self.length() > self.longest:
            return too_long_message(int(self.longest), self.length())
        return None

    def value(self) -> str | None:
        text = self.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.setPlainText(value if isinstance(value, str) else "")
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setReadOnly(on)


class IntegerInput(QLineEdit):
    changed = Signal()

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high = low, high
        self.setValidator(QIntValidator(low, high, self))
        self.setMaximumWidth(160)
        self.textChanged.connect(self.changed)

    def value(self) -> int | None:
        if not self.text().strip() or self.local_problem():
            return None
        return int(self.text())

    def raw_value(self) -> object | None:
        return _typed_number(self.text())

    def local_problem(self) -> str | None:
        if not self.text().strip() or self.hasAcceptableInput():
            return None
        return (
            self.tr("Enter a whole number from %1 to %2.")
            .replace("%1", str(self.low))
            .replace("%2", str(self.high))
        )

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(value, str):  # as typed, kept beside the draft
            self.setText(value)
        else:
            self.setText(str(int(value)) if isinstance(value, int | float) and ok else "")
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setReadOnly(on)


class NumberInput(QLineEdit):
    changed = Signal()

    def __init__(self, low: float, high: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high = low, high
        validator = QDoubleValidator(low, high, 8, self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale.c())
        self.setValidator(validator)
        self.setMaximumWidth(200)
        self.textChanged.connect(self.changed)

    def value(self) -> float | None:
        if not self.text().strip() or self.local_problem():
            return None
        return float(self.text())

    def raw_value(self) -> object | None:
        return _typed_number(self.text())

    def local_problem(self) -> str | None:
        if not self.text().strip() or self.hasAcceptableInput():
            return None
        return (
            self.tr("Enter a number from %1 to %2.")
            .replace("%1", f"{self.low:g}")
            .replace("%2", f"{self.high:g}")
        )

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        self.setText(repr(value) if ok else value if isinstance(value, str) else "")
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setReadOnly(on)


class YesNoInput(QComboBox):
    # Codes by index: PySide6 mishandles None / "" as item data (a refcount bug), so none is used.
    CODES = (None, "yes", "no", "unknown")
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for label in ("—", self.tr("Yes"), self.tr("No"), self.tr("Unknown")):
            self.addItem(label)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> str | None:
        return self.CODES[max(self.currentIndex(), 0)]

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(self.CODES.index(value) if value in self.CODES[1:] else 0)
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setEnabled(not on)


def zone_text(offset_seconds: int, moment: datetime | None = None) -> str:
    """A time zone in words for interviewers: the laptop's zone name when it has that
    offset, and the offset (``+09:00``)."""
    sign = "+" if offset_seconds >= 0 else "-"
    hours, minutes = divmod(abs(offset_seconds) // 60, 60)
    offset = f"{sign}{hours:02d}:{minutes:02d}"
    local = QTimeZone.systemTimeZone()
    when = QDateTime.currentDateTime() if moment is None else QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute), local
    )
    if local.offsetFromUtc(when) == offset_seconds:
        name = local.displayName(when, QTimeZone.NameType.LongName, QLocale())
        if name and "UTC" not in name and "GMT" not in name:
            return f"{name} ({offset})"
    return offset


class DateTimeInput(QWidget):
    """A local date and time, typed as ``2026-11-28 09:30`` (empty until typed or "Now").

    A plain line edit: Tab leaves it, Ctrl+A and Backspace clear it, letters are refused.
    The value is stored unambiguously, with the laptop's UTC offset at that moment
    (``2026-11-28T09:30:00+09:00``); the zone is shown beside it in words.
    """

    changed = Signal()
    PATTERN = r"[0-9]{0,4}(-[0-9]{0,2}(-[0-9]{0,2}( [0-9]{0,2}(:[0-9]{0,2})?)?)?)?"
    FORMAT = "%Y-%m-%d %H:%M"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(self.PATTERN), self.edit)
        )
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD HH:MM"))
        self.edit.setMaximumWidth(200)
        self.zone = QLabel(self)
        self.zone.setStyleSheet(HELP_STYLE)
        self.now = QToolButton(self)
        self.now.setText(self.tr("Now"))
        self.now.setAccessibleName(self.tr("Set to the current time"))
        self.now.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clear = QToolButton(self)
        self.clear.setText(self.tr("Clear"))
        self.clear.setAccessibleName(self.tr("Clear the time"))
        self.clear.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.zone)
        layout.addWidget(self.now)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self._stored: str | None = None  # the value as loaded, kept while its text is
        self._stored_text = ""
        self.edit.textChanged.connect(self._on_text)
        self.now.clicked.connect(self.set_now)
        self.clear.clicked.connect(self.edit.clear)
        self._show_zone(None)

    def set_now(self) -> None:
        self.set_moment(datetime.now().astimezone())
        self.changed.emit()

    def set_moment(self, moment: datetime) -> None:
        """Show an aware moment (without emitting ``changed``)."""
        self.set_value(moment.replace(microsecond=0).isoformat())

    def _on_text(self) -> None:
        self._show_zone(self.moment())
        self.changed.emit()

    def _show_zone(self, moment: datetime | None) -> None:
        offset = moment.utcoffset() if moment is not None else None
        seconds = int(offset.total_seconds()) if offset is not None else None
        if seconds is None:
            seconds = QTimeZone.systemTimeZone().offsetFromUtc(QDateTime.currentDateTime())
        self.zone.setText(zone_text(seconds, moment))

    def moment(self) -> datetime | None:
        """The aware moment the text means (local time of this laptop), None if incomplete."""
        text = self.edit.text().strip()
        if self._stored is not None and text == self._stored_text:
            return datetime.fromisoformat(self._stored.replace("Z", "+00:00"))
        try:
            naive = datetime.strptime(text, self.FORMAT)
        except ValueError:
            return None
        return naive.astimezone()  # the laptop's offset at that moment (summer time too)

    def value(self) -> str | None:
        if self._stored is not None and self.edit.text().strip() == self._stored_text:
            return self._stored
        moment = self.moment()
        return moment.isoformat() if moment is not None else None

    def raw_value(self) -> str | None:
        """What is typed, for a draft that cannot take it yet."""
        return self.value() or (self.edit.text() if self.edit.text().strip() else None)

    def local_problem(self) -> str | None:
        if not self.edit.text().strip() or self.moment() is not None:
            return None
        return self.tr("Enter the date and time as 2026-03-14 09:30.")

    def set_value(self, value: object) -> None:
        text, stored = "", None
        if isinstance(value, str) and value:
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                text = value  # as typed (a draft kept with its problem)
            else:
                if parsed.tzinfo is None:
                    parsed = parsed.astimezone()
                text, stored = parsed.strftime(self.FORMAT), value
        self._stored, self._stored_text = stored, text
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        self._show_zone(self.moment())

    def set_read_only(self, on: bool) -> None:
        self.edit.setReadOnly(on)
        self.now.setVisible(not on)
        self.clear.setVisible(not on)


class PersonRefInput(QLineEdit):
    """A person code (``P1``, ``interviewee``): letters, digits and . _ : - only."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(REF_PATTERN), self))
        self.setMaxLength(64)
        self.setMaximumWidth(200)
        self.setPlaceholderText("P1, interviewee")
        self.textChanged.connect(self.changed)

    def value(self) -> str | None:
        text = self.text()
        return text if text and self.hasAcceptableInput() else None

    def raw_value(self) -> str | None:
        return self.text() or None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.setText(value if isinstance(value, str) else "")
        self.blockSignals(False)

    def set_read_only(self, on: bool) -> None:
        self.setReadOnly(on)


def _attachment_text(att: Attachment) -> str:
    return f"{att.filename} ({att.id[:8]})"


class AttachmentInput(QComboBox):
    """One of the record's files (ids the vault does not hold are kept as they are)."""

    changed = Signal()

    def __init__(self, attachments: Sequence[Attachment], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attachments = list(attachments)
        self._ids: list[str | None] = [None]
        self._fill(None)
        self.currentIndexChanged.connect(self.changed)

    def _fill(self, current: str | None) -> None:
        self.blockSignals(True)
        self.clear()
        self._ids = [None] + [att.id for att in self._attachments]
        self.addItem("—")
        for att in self._attachments:
            self.addItem(_attachment_text(att))
        if current and current not in self._ids:
            self._ids.append(current)
            self.addItem(current)
        self.setCurrentIndex(self._ids.index(current) if current else 0)
        self.blockSignals(False)

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        self._attachments = list(attachments)
        self._fill(self.value())

    def value(self) -> str | None:
        return self._ids[max(self.currentIndex(), 0)]

    def set_value(self, value: object) -> None:
        self._fill(value if isinstance(value, str) and value else None)

    def set_read_only(self, on: bool) -> None:
        self.setEnabled(not on)


class AttachmentsInput(QListWidget):
    """Several of the record's files, ticked in a list."""

    changed = Signal()

    def __init__(self, attachments: Sequence[Attachment], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attachments = list(attachments)
        self._order: list[str] = []
        self._read_only = False
        self._fill([])
        self.itemChanged.connect(self._on_item_changed)

    def _fill(self, chosen: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        names = {att.id: _attachment_text(att) for att in self._attachments}
        self._order = list(chosen) + [att.id for att in self._attachments if att.id not in chosen]
        for att_id in self._order:
            item = QListWidgetItem(names.get(att_id, att_id))
            item.setData(Qt.ItemDataRole.UserRole, att_id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not self._read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            checked = att_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if not self._order:
            placeholder = QListWidgetItem(self.tr("No files yet: add them under Attachments."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)
        self.setFixedHeight(min(max(self.count(), 1), 5) * 22 + 6)
        self.blockSignals(False)

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        self._attachments = list(attachments)
        self._fill(self.value() or [])

    def value(self) -> list[str] | None:
        chosen = []
        for row in range(self.count()):
            item = self.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return chosen or None

    def set_value(self, value: object) -> None:
        ids = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        self._fill(list(dict.fromkeys(ids)))

    def set_checked(self, att_id: str, on: bool) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == att_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()

    def set_read_only(self, on: bool) -> None:
        self._read_only = on
        self._fill(self.value() or [])


class EntityInput(QWidget):
    """A facility or unit picked from the shipped list (stable id), or a new entry typed
    in, which the archive flags for reconciliation."""

    changed = Signal()
    NEW = "\x00new"

    def __init__(self, gazetteer: str, lang: str, parent: QWidget | None = None) -> None:
        from forms.entities import gazetteer as entries

        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.addItem("—", None)
        for entity in entries(gazetteer).values():
            self.combo.addItem(entity.name[lang], entity.id)
        self.combo.addItem(self.tr("New entry (not in the list)"), self.NEW)
        self.name_ko = QLineEdit(self)
        self.name_ko.setPlaceholderText(self.tr("Name in Korean"))
        self.name_ko.setAccessibleName(self.tr("Name in Korean"))
        self.name_en = QLineEdit(self)
        self.name_en.setPlaceholderText(self.tr("Name in English"))
        self.name_en.setAccessibleName(self.tr("Name in English"))
        for edit in (self.name_ko, self.name_en):
            edit.setMaxLength(200)
            edit.textChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.name_ko, 1)
        layout.addWidget(self.name_en, 1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self._on_pick)
        self._extra: dict[str, str] = {}
        self._on_pick()

    def _on_pick(self) -> None:
        new = self.combo.currentData() == self.NEW
        self.name_ko.setVisible(new)
        self.name_en.setVisible(new)
        self.changed.emit()

    def value(self) -> object | None:
        data = self.combo.currentData()
        if data != self.NEW:
            return data if isinstance(data, str) else None
        entry = dict(self._extra)
        for key, edit in (("name_ko", self.name_ko), ("name_en", self.name_en)):
            if edit.text().strip():
                entry[key] = edit.text().strip()
            else:
                entry.pop(key, None)
        return entry or None

    def set_value(self, value: object) -> None:
        self.combo.blockSignals(True)
        self._extra = {}
        if isinstance(value, dict):
            self.combo.setCurrentIndex(self.combo.findData(self.NEW))
            self._extra = {k: str(v) for k, v in value.items() if k not in ("name_ko", "name_en")}
            self.name_ko.setText(str(value.get("name_ko", "")))
            self.name_en.setText(str(value.get("name_en", "")))
        else:
            index = self.combo.findData(value) if isinstance(value, str) else 0
            self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._on_pick()

    def set_read_only(self, on: bool) -> None:
        self.combo.setEnabled(not on)
        self.name_ko.setReadOnly(on)
        self.name_en.setReadOnly(on)


class SpansInput(QWidget):
    """Passages of a sibling text marked to be withheld like protected identity: select
    text in it, choose the kind, "Mark"; stored as character offsets and a class."""

    changed = Signal()

    def __init__(self, vocab: forms.vocabularies.Vocabulary, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: QPlainTextEdit | None = None
        self.spans: list[dict[str, Any]] = []
        self.vocab = vocab
        self.lang = lang
        self.list = QListWidget(self)
        self.list.setMaximumHeight(90)
        self.kind = QComboBox(self)
        for code, labels in vocab.terms.items():
            self.kind.addItem(labels[lang], code)
        self.kind.setAccessibleName(self.tr("Kind of passage"))
        self.mark = QPushButton(self.tr("Mark the selected text"), self)
        self.remove = QPushButton(self.tr("Remove"), self)
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(self.mark)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.mark.clicked.connect(self.mark_selection)
        self.remove.clicked.connect(self._remove)

    def set_source(self, source: QPlainTextEdit) -> None:
        self.source = source
        source.textChanged.connect(self._fill)

    def _text(self) -> str:
        return self.source.toPlainText() if self.source is not None else ""

    @staticmethod
    def _index(text: str, utf16: int) -> int:
        """A character index of ``text`` from a Qt (UTF-16) position."""
        return len(text.encode("utf-16-le")[: 2 * utf16].decode("utf-16-le", errors="ignore"))

    def mark_selection(self) -> None:
        if self.source is None:
            return
        cursor = self.source.textCursor()
        text = self._text()
        start = self._index(text, cursor.selectionStart())
        end = self._index(text, cursor.selectionEnd())
        if start >= end:
            return
        kept = [s for s in self.spans if s["end"] <= start or s["start"] >= end]
        self.spans = sorted([*kept, {"start": start, "end": end, "class": self.kind.currentData()}],
                            key=lambda s: int(s["start"]))
        self._fill()
        self.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.spans):
            del self.spans[row]
            self._fill()
            self.changed.emit()

    def _fill(self) -> None:
        text = self._text()
        self.list.clear()
        for span in self.spans:
            start, end = int(span["start"]), int(span["end"])
            kind = term(self.vocab, span["class"], self.lang)
            passage = text[start:end] if end <= len(text) else "?"
            self.list.addItem(f"{start}–{end} {kind}: {passage[:60]}")

    def value(self) -> list[dict[str, Any]] | None:
        return [dict(s) for s in self.spans] or None

    def set_value(self, value: object) -> None:
        self.spans = [dict(s) for s in value if isinstance(s, dict)] if isinstance(
            value, list) else []
        self._fill()

    def set_read_only(self, on: bool) -> None:
        self.mark.setEnabled(not on)
        self.remove.setEnabled(not on)
        self.kind.setEnabled(not on)


def _vocabulary(each: Field, ctx: FormContext) -> forms.vocabularies.Vocabulary:
    assert each.vocabulary is not None
    return ctx.form.vocabularies[each.vocabulary]


def _integer_input(each: Field, ctx: FormContext) -> QWidget:
    low = int(each.min) if each.min is not None else -(2**31) + 1
    high = int(each.max) if each.max is not None else 2**31 - 1
    return IntegerInput(low, high)


def _number_input(each: Field, ctx: FormContext) -> QWidget:
    return NumberInput(
        float(each.min) if each.min is not None else -1e15,
        float(each.max) if each.max is not None else 1e15,
    )


#: The answer widget of each field type that is not a group (``forms.types.REGISTRY``).
WIDGETS: dict[str, Callable[[Field, FormContext], QWidget]] = {
    "text": lambda f, ctx: TextInput(int(f.max) if f.max is not None else TEXT_DEFAULT_MAX),
    "long_text": lambda f, ctx: LongTextInput(int(f.max) if f.max is not None else None),
    "integer": _integer_input,
    "number": _number_input,
    "yes_no_unknown": lambda f, ctx: YesNoInput(),
    "choice": lambda f, ctx: VocabPicker(_vocabulary(f, ctx), ctx.lang),
    "multi_choice": lambda f, ctx: VocabMultiPicker(_vocabulary(f, ctx), ctx.lang),
    "date": lambda f, ctx: DateWidget(lang=ctx.lang),
    "datetime": lambda f, ctx: DateTimeInput(),
    "person_ref": lambda f, ctx: PersonRefInput(),
    "attachment_ref": lambda f, ctx: AttachmentInput(ctx.attachments),
    "attachment_refs": lambda f, ctx: AttachmentsInput(ctx.attachments),
    "entity": lambda f, ctx: EntityInput(f.gazetteer or "", ctx.lang),
    "spans": lambda f, ctx: SpansInput(_vocabulary(f, ctx), ctx.lang),
}


def make_input(each: Field, ctx: FormContext) -> QWidget:
    """The answer widget for a field that is not a group."""
    try:
        make = WIDGETS[each.type]
    except KeyError:
        raise ValueError(f"no widget for field type {each.type}") from None
    return make(each, ctx)


# -- nodes: rows, groups, repeating groups ---------------------------------------------------


class Node(QWidget):
    """A piece of the editor that answers for one field (or a group of them)."""

    changed = Signal()
    #: Items were added or removed: paths below have changed.
    restructured = Signal()

    def __init__(self, each: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = each
        self.ctx = ctx
        self.path = ""
        self.folded = False  # hidden by a folded entry (not by a condition)
        self.parked = False  # hidden for a moment while its folded entry is shown ahead

    def value(self) -> object | None:
        raise NotImplementedError

    def raw_value(self) -> object | None:
        """Like ``value`` but with what is typed even where it is not a valid answer yet."""
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def set_path(self, path: str) -> None:
        self.path = path

    def set_read_only(self, on: bool) -> None:
        raise NotImplementedError

    def targets(self) -> Iterator[tuple[str, Node]]:
        """``(concrete path, node)`` for everything that can show a message."""
        yield self.path, self

    def show_messages(self, messages: list[str]) -> None:
        """Show validation messages next to the field (an empty list clears them)."""


class _Messages(WrapLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setStyleSheet(MESSAGE_STYLE)
        self.setObjectName("field-message")
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(dict.fromkeys(messages)))
        self.setVisible(bool(messages))


class LeafRow(Node):
    """A question: its label (with * when sealing needs it), help, answer widget, messages."""

    def __init__(self, each: Field, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(each, ctx, parent)
        label_text = each.label[ctx.lang]
        self.input = make_input(each, ctx)
        self.input.setAccessibleName(label_text)
        proxy = self.input.focusProxy()
        while proxy is not None:  # the widget that takes the focus says what it answers
            name = proxy.accessibleName()
            proxy.setAccessibleName(f"{label_text}: {name}" if name else label_text)
            proxy = proxy.focusProxy()
        self.label = WrapLabel(label_text + (" *" if each.required_for_seal else ""), self)
        self.label.setBuddy(self.input)
        if each.required_for_seal:
            self.label.setToolTip(self.tr("Needed before sealing"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        if each.help:
            help_label = WrapLabel(each.help[ctx.lang], self)
            help_label.setStyleSheet(HELP_STYLE)
            self.input.setAccessibleDescription(each.help[ctx.lang])
            layout.addWidget(help_label)
        layout.addWidget(self.input)
        #: The program fills this answer (the signing-key fingerprint): never typed.
        self.program_filled = each.role in PROGRAM_ROLES
        if self.program_filled:
            self.answer().set_read_only(True)
        self.messages = _Messages(self)
        self.shown_local: list[str] = []  # local_messages() as of the last change: cheap to read
        layout.addWidget(self.messages)
        self.attached = QVBoxLayout()
        self.attached.setContentsMargins(24, 0, 0, 0)
        layout.addLayout(self.attached)
        self.answer().changed.connect(self._on_changed)
        refused = getattr(self.input, "refused", None)
        if refused is not None:  # input refused at once (too long): said beside the field
            refused.connect(lambda text: self.messages.show_messages([text]))

    def answer(self) -> FieldInput:
        return self.input  # type: ignore[return-value]

    def attach(self, row: Node) -> None:
        """Show a closely related question inside this one (a date's basis)."""
        self.attached.addWidget(row)

    def _on_changed(self) -> None:
        self.messages.show_messages(self._local_now())
        self.changed.emit()

    def local_messages(self) -> list[str]:
        problem = local_problem(self.input)
        return [problem] if problem else []

    def _local_now(self) -> list[str]:
        self.shown_local = self.local_messages()
        return self.shown_local

    def value(self) -> object | None:
        return self.answer().value()

    def raw_value(self) -> object | None:
        return raw_value(self.answer())

    def set_value(self, value: object) -> None:
        self.answer().set_value(value)
        self.messages.show_messages(self._local_now())

    def set_path(self, path: str) -> None:
        super().set_path(path)
        self.input.setObjectName(path)

    def set_read_only(self, on: bool) -> None:
        self.answer().set_read_only(on or self.program_filled)

    def show_messages(self, messages: list[str]) -> None:
        self.messages.show_messages(self._local_now() + messages)

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        setter = getattr(self.input, "set_attachments", None)
        if callable(setter):
            setter(attachments)


def shown_to(widget: QWidget, ancestor: QWidget) -> bool:
    """Like ``widget.isVisibleTo(ancestor)``, but a folded entry counts as shown: what is
    folded away is still part of the record (only a condition hides a question)."""
    while widget is not ancestor:
        if widget.isHidden() and not (
            getattr(widget, "folded", False) or getattr(widget, "parked", False)
        ):
            return False
        parent = widget.parentWidget()
        if parent is None:
            return False
        widget = parent
    return True


def unfold(widget: QWidget) -> None:
    """Open the folded entries ``widget`` is in (going to a question shows it)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, RepeatItem) and not parent.is_open:
            parent.owner.open_item(parent)
        parent = parent.parentWidget()


def lay_out() -> None:
    """The layouts the event loop would do in its next turns, now: where a widget will be,
    and one painting of the page as it ends up. A layout whose size changes asks its parent's
    for a layout, and the event loop does those asked meanwhile only in its next turn: one
    level of nesting a turn (a question in a group in an entry of a page: 8-10), each turn
    painting the page as it is then (a layout's own ``activate`` leaves the levels above it
    and the scroll area behind)."""
    for _ in range(LAYOUT_DEPTH):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def kept_in_place(anchor: QWidget, change: Callable[[], None]) -> None:
    """Do ``change`` (parts of a page shown or hidden) with ``anchor`` where it was on
    screen: the page scrolled by what the change added or took away above it."""
    scroll = anchor.parentWidget()  # the scroll area it is shown in (its section's page)
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    page = scroll.widget() if scroll is not None else None
    if scroll is None or page is None or not page.isAncestorOf(anchor):
        change()
        return
    lay_out()
    bar = scroll.verticalScrollBar()
    y = bar.value() - anchor.mapTo(page, QPoint(0, 0)).y()  # (the page may get shorter)
    change()
    lay_out()
    bar.setValue(y + anchor.mapTo(page, QPoint(0, 0)).y())


def foldable_entries(node: QWidget) -> Iterator[RepeatItem]:
    """The entries of the foldable groups in ``node`` (a section), in reading order."""
    if isinstance(node, RepeatNode):
        for item in node.items:
            if node.foldable:
                yield item
            yield from foldable_entries(item.group)
    elif isinstance(node, GroupNode):
        for child in node.children_by_key.values():
            yield from foldable_entries(child)


def focus_order(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that Tab reaches, in reading order: depth first, children
    in the order they were made, except that a repeating group's Add button comes after its
    entries (made later). A widget that hands its focus on (a focus proxy) is skipped."""
    found: list[QWidget] = []

    def visit(widget: QWidget) -> None:
        children = [c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()]
        if isinstance(widget, RepeatNode):
            children.remove(widget.add_button)
            children.append(widget.add_button)
        for child in children:
            if takes_tab(child):
                found.append(child)
            visit(child)

    visit(root)
    return found


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab stops at ``widget`` itself (not one that hands its focus on)."""
    return widget.focusProxy() is None and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def order_tabs(
    roots: Sequence[QWidget], before: QWidget | None = None, after: QWidget | None = None
) -> None:
    """Tab goes through ``roots`` one after the other in reading order (entries added later
    included), from ``before`` and on to ``after`` (Qt skips what is hidden). Without them
    the last widget would lead back into the roots (their containers stay where they were
    made in Qt's focus chain), a keyboard trap."""
    chain = [w for root in roots for w in focus_order(root)]
    chain = [*([before] if before else []), *chain, *([after] if after else [])]
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)


def build_node(each: Field, ctx: FormContext, parent: QWidget | None = None) -> Node:
    if each.repeat:  # the acts of an incident fold like the incidents (most of its widgets)
        return RepeatNode(each, ctx, parent, foldable=each.role == "act")
    if each.is_container:
        return GroupNode(each, ctx, parent=parent)
    return LeafRow(each, ctx, parent)


class GroupNode(Node):
    """The questions of a group (or a place, or one item of a repeating group)."""

    def __init__(
        self,
        each: Field,
        ctx: FormContext,
        *,
        titled: bool = True,
        keep_empty: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(each, ctx, parent)
        self.keep_empty = keep_empty
        self.children_by_key: dict[str, Node] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if titled:
            box = QGroupBox(each.label[ctx.lang], self)
            outer.addWidget(box)
            layout = QVBoxLayout(box)
            if each.help:
                help_label = WrapLabel(each.help[ctx.lang], box)
                help_label.setStyleSheet(HELP_STYLE)
                layout.addWidget(help_label)
        else:
            layout = QVBoxLayout()
            layout.setContentsMargins(0, 0, 0, 0)
            outer.addLayout(layout)
        for child in each.fields:
            node = build_node(child, ctx, self)
            self.children_by_key[child.key] = node
            host = self._date_host(child)
            if host is not None:
                host.attach(node)
            else:
                layout.addWidget(node)
            node.changed.connect(self._on_child_changed)
            node.restructured.connect(self.restructured)
        for node in self.children_by_key.values():
            source = self.children_by_key.get(node.field.of or "")
            if isinstance(node, LeafRow) and isinstance(source, LeafRow):
                node.input.set_source(source.input)  # type: ignore[attr-defined]
            if node.field.suggest_from in self.children_by_key:
                self.children_by_key[node.field.suggest_from].changed.connect(
                    lambda node=node: self._suggest(node)
                )
        self._apply_conditions()

    def _suggest(self, node: Node) -> None:
        """Fill an empty multiple choice with what its ``suggest_from`` sibling proposes
        (a violation's usual legal headings); the interviewer edits it freely."""
        if node.value():
            return
        proposed = self.ctx.form.suggestions(node.field.path, self._raw_values())
        if proposed:
            node.set_value(proposed)

    def _date_host(self, child: Field) -> LeafRow | None:
        """``date_basis`` and ``date_basis_note`` sit inside the ``date`` they explain."""
        for key, node in self.children_by_key.items():
            if (
                node.field.type == DATE
                and isinstance(node, LeafRow)
                and child.key.startswith(f"{key}_basis")
            ):
                return node
        return None

    def _raw_values(self) -> dict[str, object]:
        """The answers this group's conditions look at, and only those: the value of every
        child would build each nested group's value again, on every keystroke."""
        values: dict[str, object] = {}
        for node in self.children_by_key.values():
            condition = node.field.visible_if
            if condition is None or condition.field in values:
                continue
            source = self.children_by_key.get(condition.field)
            value = source.value() if source is not None else None
            if value is not None:
                values[condition.field] = value
        return values

    def _apply_conditions(self) -> None:
        raw = self._raw_values()
        for node in self.children_by_key.values():
            condition = node.field.visible_if
            shown = (condition is None or condition.holds(raw)) and not node.parked
            if node.isHidden() == shown:  # only what changes (each call costs a layout pass)
                node.setVisible(shown)

    def visible_children(self) -> Iterator[tuple[str, Node]]:
        raw = self._raw_values()
        for key, node in self.children_by_key.items():
            condition = node.field.visible_if
            if condition is None or condition.holds(raw):
                yield key, node

    def _on_child_changed(self) -> None:
        self._apply_conditions()
        self.changed.emit()

    def value(self) -> dict[str, object] | None:
        doc: dict[str, object] = {}
        for key, node in self.visible_children():
            value = node.value()
            if value is not None:
                doc[key] = value
        return doc if doc or self.keep_empty else None

    def raw_value(self) -> dict[str, object] | None:
        doc: dict[str, object] = {}
        for key, node in self.visible_children():
            value = node.raw_value()
            if value is not None:
                doc[key] = value
        return doc if doc or self.keep_empty else None

    def set_value(self, value: object) -> None:
        values = value if isinstance(value, dict) else {}
        for key, node in self.children_by_key.items():
            node.set_value(values.get(key))
        self._apply_conditions()

    def set_path(self, path: str) -> None:
        super().set_path(path)
        for key, node in self.children_by_key.items():
            node.set_path(join_path(path, key))

    def set_read_only(self, on: bool) -> None:
        for node in self.children_by_key.values():
            node.set_read_only(on)

    def targets(self) -> Iterator[tuple[str, Node]]:
        for node in self.children_by_key.values():
            yield from node.targets()

    def leaf_rows(self) -> Iterator[LeafRow]:
        for node in self.children_by_key.values():
            if isinstance(node, LeafRow):
                yield node
            elif isinstance(node, GroupNode | RepeatNode):
                yield from node.leaf_rows()


LAYOUT_DEPTH = 16  # levels of nested widgets laid out by ``lay_out`` (a page has 8-10)
OPEN_AT_MOST = 2  # entries of a foldable group open at once (each: hundreds of widgets)
#: How many questions (or groups, their parts not yet) are shown ahead in one idle turn:
#: Qt's first show of one, with the layout of the group it is in, ~1-2 ms here.
WARM_SLICE = 8
TAB_SLICE = 400  # entries of the focus chain walked in one idle turn, mending Tab


class ShowAhead:
    """Shows a hidden widget (a folded entry's questions, a section's page) ahead, out of
    sight, a few questions per idle turn, so that showing it later is quick: Qt's first
    show of a widget (its polish, layout and text measuring) costs about four times a later
    one. ``step`` does one turn's worth: its questions are hidden ("parked"), the widget is
    moved into a window of its own that is never on screen (not the editor's: nothing in it
    is on screen, in the editor's accessibility tree or reached by Tab), they are shown
    there a few at a time (the layouts held off until a batch is in), its own folded
    entries next, then it goes back home, hidden, and Tab is mended: back in the editor's
    window its questions come last in the Tab order, so each is put right after ``anchor``,
    the last first (each move then a short one; in reading order each would walk past
    those moved before). ``finish`` does what is left at once (the widget is to be shown)."""

    def __init__(
        self,
        widget: QWidget,
        root: QWidget,
        anchor: QWidget,
        home: Callable[[QWidget], None],
        size: Callable[[], tuple[int, int]],
        fit: bool,
    ) -> None:
        self.widget, self.root, self.anchor, self.home = widget, root, anchor, home
        self.size = size  # the size it has when shown ((0, 0): not laid out yet)
        self.fit = fit  # its height follows its questions (an entry), or is the host's
        self.done = False
        self._host: QWidget | None = None
        self._queue: list[tuple[QWidget, GroupNode | None]] = []  # to show, in order
        self._parked = False
        self._retab = False
        self._cursor: QWidget | None = None  # how far mending Tab has come (walking back)

    def step(self) -> bool:
        """One idle turn's worth; whether it did anything."""
        if self.done:
            return False
        if self._host is not None and not self._queue:
            if not any(inner.warm_step() for inner in foldable_entries(self.root)):
                self._return()
        elif self._host is not None:
            self._reveal_batch()
        elif self._retab:
            self._order_tabs()
        elif not self._parked:
            if self.size()[0] <= 0:
                return False  # not laid out yet: its width is not known
            self._queue = _park(self.root)
            self._parked = True
        else:
            parent = self.widget.parentWidget()
            host = QWidget(parent, Qt.WindowType.Window)
            host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            host.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # the editor's font
            host.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
            width, height = self.size()
            host.resize(width, max(height, 1))
            self.widget.setParent(host)
            self.widget.resize(width, max(height, 1))
            self.widget.show()
            self._host = host
            host.show()
        return True

    def finish(self) -> None:
        """All that is left, now."""
        if not self.done:
            self._return()
            while self._retab:
                self._order_tabs(budget=1_000_000)
            self.done = True

    def _reveal_batch(self) -> None:
        batch = self._queue[:WARM_SLICE]
        del self._queue[:WARM_SLICE]
        # laid out once after the batch, not once per question shown (each layout of a
        # group with its old height would lay out every question above too)
        layouts = {
            id(lay): lay
            for w, _ in batch
            if (parent := w.parentWidget()) is not None and (lay := parent.layout())
        }
        for lay in layouts.values():
            lay.setEnabled(False)
        for each in batch:
            self._queue[:0] = _reveal(*each)
        for lay in layouts.values():
            lay.setEnabled(True)
        if self.fit and self._host is not None:
            width = self._host.width()
            height = self.widget.heightForWidth(width)
            self.widget.resize(width, height if height > 0 else self.widget.sizeHint().height())

    def _return(self) -> None:
        while self._queue:
            _reveal(*self._queue.pop(0), split=False)
        host, self._host = self._host, None
        if host is None:
            self.done = not self._retab
            return
        self.widget.hide()
        self.home(self.widget)
        host.deleteLater()
        self._retab = True  # back in the editor's window: last in its Tab order

    def _order_tabs(self, budget: int = TAB_SLICE) -> None:
        """Part of mending Tab (``budget`` entries of the focus chain): walking back from the
        end of the window's focus chain, where the widget came back, each question is put
        right after ``anchor``, the last first."""
        each = self._cursor or self.widget.window().previousInFocusChain()
        block = self.widget.isAncestorOf
        if self._cursor is None and each is not None and not block(each):
            return self._order_tabs_forward()  # not last: something came after it
        for _ in range(budget):
            if each is None or not (each is self.widget or block(each)):
                break  # (past its start)
            before = each.previousInFocusChain()
            if takes_tab(each):
                QWidget.setTabOrder(self.anchor, each)
            if each is self.widget:
                break
            each = before
        else:
            self._cursor = each
            return
        self._cursor = None
        self._retab = False
        self.done = True

    def _order_tabs_forward(self) -> None:
        focusable: list[QWidget] = []
        each: QWidget | None = self.widget
        while each is not None and (each is self.widget or self.widget.isAncestorOf(each)):
            if takes_tab(each):
                focusable.append(each)
            each = each.nextInFocusChain()
        for each in reversed(focusable):
            QWidget.setTabOrder(self.anchor, each)
        self._retab = False
        self.done = True


def _park(widget: QWidget) -> list[tuple[QWidget, GroupNode | None]]:
    """Hide the parts of ``widget``, to be shown one by one, each with the group whose
    conditions say whether it is shown."""
    parts: list[tuple[QWidget, GroupNode | None]]
    if isinstance(widget, GroupNode):
        parts = [(node, widget) for _, node in widget.visible_children()]
    elif isinstance(widget, RepeatNode):
        parts = [(item, None) for item in widget.items]
    elif isinstance(widget, RepeatItem) and widget.is_open:
        parts = [(widget.group, None)]
    else:
        return []
    for part, _ in parts:
        part.parked = True  # type: ignore[attr-defined]
        part.hide()
    return parts


def _reveal(
    widget: QWidget, owner: GroupNode | None, split: bool = True
) -> list[tuple[QWidget, GroupNode | None]]:
    """Show ``widget`` (a group with its parts parked: they are returned, to show next)."""
    if widget.parentWidget() is None:
        return []  # an entry removed meanwhile (a record loaded again)
    parts = _park(widget) if split else []
    widget.parked = False  # type: ignore[attr-defined]
    condition = widget.field.visible_if if isinstance(widget, Node) else None
    if owner is None or condition is None or condition.holds(owner._raw_values()):
        widget.show()  # (unless a condition changed meanwhile: a record loaded again)
    return parts


class RepeatItem(QFrame):
    """One entry of a repeating group, with its number and a Remove button. In a foldable
    group (a section of entries) its questions can be folded away: still there, holding
    their answers, but not shown (showing thousands of widgets at once is what makes a
    section slow to show)."""

    def __init__(self, owner: RepeatNode) -> None:
        super().__init__(owner)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.owner = owner
        self.fold = QToolButton(self)
        self.fold.setAutoRaise(True)
        self.fold.clicked.connect(lambda: owner.open_item(self, not self.is_open))
        self.fold.setVisible(owner.foldable)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.summary = QLabel(self)  # what the folded entry is about (its first text answer)
        self.summary.setStyleSheet(HELP_STYLE)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.hide()
        self.remove_button = QToolButton(self)
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.clicked.connect(lambda: owner.ask_remove(self))
        self.group = GroupNode(owner.field, owner.ctx, titled=False, keep_empty=True, parent=self)
        header = QHBoxLayout()
        header.addWidget(self.fold)
        header.addWidget(self.title)
        header.addWidget(self.summary, 1)
        header.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.group)
        self.parked = False  # hidden for a moment while its folded entry is shown ahead
        self._shown = False  # its questions were shown once (here or ahead)
        self._ahead: ShowAhead | None = None  # while they are being shown ahead
        self.set_open(True)

    @property
    def is_open(self) -> bool:
        return not self.group.folded

    @property
    def cold(self) -> bool:
        """Folded, and its questions not yet all shown once and back in place: opening it
        would do Qt's first show of (some of) them at once."""
        return not self.is_open and not self._shown

    def warm_step(self) -> bool:
        """An idle turn's worth of showing this folded entry's questions ahead
        (``ShowAhead``); whether it did anything."""
        if not self.cold:
            return False
        if self._ahead is None:
            layout = self.layout()
            assert layout is not None
            self._ahead = ShowAhead(
                self.group,
                self.group,
                self.remove_button,
                home=layout.addWidget,
                size=lambda: (layout.contentsRect().width() if self.isVisible() else 0, 1),
                fit=True,
            )
        did = self._ahead.step()
        if self._ahead.done:
            self._ahead, self._shown = None, True
        return did

    def set_open(self, on: bool) -> None:
        """Show the entry's questions, or fold them away behind its title."""
        if on == self.is_open and self.fold.arrowType() != Qt.ArrowType.NoArrow:
            return
        self._shown = self._shown or self.group.isVisible()
        if on and self._ahead is not None:  # what is left of showing it ahead, now
            self._ahead.finish()
            self._ahead, self._shown = None, True
        self.group.folded = not on
        self.group.setVisible(on)
        self.fold.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self._name_fold()
        if not on:
            text = next(
                (v for v in (n.value() for n in self.group.children_by_key.values()
                             if isinstance(n, LeafRow)) if isinstance(v, str) and v),
                "",
            )
            self.summary.setText(text.splitlines()[0][:120] if text else "")
        self.summary.setVisible(not on and bool(self.summary.text()))

    def _name_fold(self) -> None:
        name = self.title.text()
        self.fold.setAccessibleName(
            (self.tr("Fold %1") if self.is_open else self.tr("Unfold %1")).replace("%1", name)
        )
        self.fold.setToolTip(self.fold.accessibleName())

    def set_number(self, number: int) -> None:
        label = self.owner.field.label[self.owner.ctx.lang]
        self.title.setText(f"{label} {number}")
        self.remove_button.setAccessibleName(
            self.tr("Remove %1").replace("%1", f"{label} {number}")
        )
        self._name_fold()


class RepeatNode(Node):
    """A repeating group: items added and removed, each a group of questions."""

    def __init__(
        self, each: Field, ctx: FormContext, parent: QWidget | None = None, *,
        foldable: bool = False,
    ) -> None:
        super().__init__(each, ctx, parent)
        self.items: list[RepeatItem] = []
        self._read_only = False
        #: At most OPEN_AT_MOST entries open, the others folded behind their titles (a
        #: section of entries: the page shows, and lays out, the widgets of those only).
        self.foldable = foldable
        self._opened: list[RepeatItem] = []  # the open entries, the longest open first
        self._folder: QTimer | None = None  # folds the one open too many, a turn later
        label = each.label[ctx.lang]
        title = QLabel(label + (" *" if each.required_for_seal else ""), self)
        title.setStyleSheet("font-weight: bold; font-size: 110%;")
        self.messages = _Messages(self)
        self.add_button = QPushButton(self.tr("Add: %1").replace("%1", label), self)
        self.add_button.setAccessibleName(self.tr("Add an entry to %1").replace("%1", label))
        self.add_button.clicked.connect(self.add_item)
        self.item_layout = QVBoxLayout()
        self.item_layout.setContentsMargins(12, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(title)
        if each.help:
            help_label = WrapLabel(each.help[ctx.lang], self)
            help_label.setStyleSheet(HELP_STYLE)
            layout.addWidget(help_label)
        layout.addWidget(self.messages)
        layout.addLayout(self.item_layout)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._sync()

    def open_item(self, item: RepeatItem, on: bool = True) -> None:
        """Open ``item`` (folding the entry open the longest when more would be open than
        OPEN_AT_MOST), or fold it."""
        if not self.foldable:
            return
        self._opened = [each for each in self._opened if each.is_open and each is not item]
        item.set_open(on)
        if on:
            self._opened.append(item)
        if len(self._opened) > OPEN_AT_MOST:  # in a turn of its own: hiding hundreds of
            if self._folder is None:  # widgets is as much of Qt's work as showing them
                self._folder = QTimer(self)
                self._folder.setSingleShot(True)
                self._folder.timeout.connect(self.fold_extra)
            self._folder.start(0)

    def fold_extra(self) -> None:
        """Fold the entries open the longest while more than OPEN_AT_MOST are open, the
        question with the cursor kept where it is on screen."""
        self._opened = [each for each in self._opened if each.is_open]
        if len(self._opened) <= OPEN_AT_MOST:
            return

        def fold() -> None:
            while len(self._opened) > OPEN_AT_MOST:
                self._opened.pop(0).set_open(False)

        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            kept_in_place(focus, fold)
        else:
            fold()

    def add_item(self) -> RepeatItem:
        item = self._new_item()
        self.open_item(item)
        self._sync()
        self.restructured.emit()  # the editor orders Tab through every page again
        self.changed.emit()
        for row in item.group.leaf_rows():  # the cursor in the new entry's first question
            if not row.program_filled and row.isVisibleTo(item):
                row.input.setFocus(Qt.FocusReason.TabFocusReason)
                break
        return item

    def _new_item(self) -> RepeatItem:
        item = RepeatItem(self)
        item.group.changed.connect(self.changed)
        item.group.restructured.connect(self.restructured)
        self.items.append(item)
        self.item_layout.addWidget(item)
        item.show()  # a layout shows a new child of a visible widget only later (queued)
        return item

    def ask_remove(self, item: RepeatItem) -> None:
        """The Remove button: asks first when the entry holds answers."""
        if item.group.value():
            answer = QMessageBox.question(
                self,
                self.tr("Remove entry"),
                self.tr("Remove %1 and everything in it?").replace("%1", item.title.text()),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove_item(self.items.index(item))

    def remove_item(self, index: int) -> None:
        self._discard(self.items.pop(index))
        self._sync()
        self.restructured.emit()
        self.changed.emit()

    def _discard(self, item: RepeatItem) -> None:
        """Out of the widget tree at once (no stale paths for findChild), deleted later."""
        self.item_layout.removeWidget(item)
        item.hide()
        item.setParent(None)
        item.deleteLater()

    def _sync(self) -> None:
        for number, item in enumerate(self.items, start=1):
            item.set_number(number)
            item.group.set_path(f"{self.path}[{number - 1}]")
            item.remove_button.setVisible(not self._read_only)
        full = self.field.max is not None and len(self.items) >= self.field.max
        self.add_button.setVisible(not self._read_only)
        self.add_button.setEnabled(not full)

    def value(self) -> list[object] | None:
        values: list[object] = [item.group.value() or {} for item in self.items]
        return values or None

    def raw_value(self) -> list[object] | None:
        values: list[object] = [item.group.raw_value() or {} for item in self.items]
        return values or None

    def set_value(self, value: object) -> None:
        entries = value if isinstance(value, list) else []
        while len(self.items) > len(entries):
            self._discard(self.items.pop())
        while len(self.items) < len(entries):
            self._new_item()
        for item, entry in zip(self.items, entries, strict=True):
            item.group.set_value(entry)
        if self.foldable and self.items and all(each.is_open for each in self.items):
            # as loaded: the first entry open, the others folded, and their own entries too
            # (an incident opens with its acts folded: half the widgets to show at once)
            for each in self.items[1:]:
                each.set_open(False)
                for inner in foldable_entries(each.group):
                    inner.owner.open_item(inner, False)
            self._opened = [self.items[0]]
        self._sync()
        for item in self.items:
            item.group.set_read_only(self._read_only)

    def set_path(self, path: str) -> None:
        super().set_path(path)
        self._sync()

    def set_read_only(self, on: bool) -> None:
        self._read_only = on
        for item in self.items:
            item.group.set_read_only(on)
        self._sync()

    def targets(self) -> Iterator[tuple[str, Node]]:
        yield self.path, self
        for item in self.items:
            yield from item.group.targets()

    def show_messages(self, messages: list[str]) -> None:
        self.messages.show_messages(messages)

    def leaf_rows(self) -> Iterator[LeafRow]:
        for item in self.items:
            yield from item.group.leaf_rows()
