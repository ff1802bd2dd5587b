"""Searchable pickers over a form vocabulary: one code, or a list of codes.

Typing filters the terms by their English label, their Korean label and their
code (case-insensitive, spaces ignored), so "고문", "tort" and "torture" all
find the same term. The search field is a plain QLineEdit: Korean input
methods compose in it as anywhere else.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.vocabularies import Vocabulary

OTHER_LANG = {"en": "ko", "ko": "en"}


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def search_terms(vocab: Vocabulary, query: str) -> list[str]:
    """Codes whose labels (either language) or code contain ``query``; all when empty.

    Terms whose label starts with the query come first, then the rest in vocabulary order.
    """
    needle = _fold(query).replace("_", "")
    if not needle:
        return list(vocab.terms)
    starts, contains = [], []
    for code, labels in vocab.terms.items():
        fields = [_fold(labels["en"]), _fold(labels["ko"]), _fold(code).replace("_", "")]
        if any(f.startswith(needle) for f in fields):
            starts.append(code)
        elif any(needle in f for f in fields):
            contains.append(code)
    return starts + contains


class _SearchBox(QWidget):
    """A search field with a completion list of terms; emits ``picked(code)``."""

    picked = Signal(str)

    def __init__(self, vocab: Vocabulary, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocab, self.lang = vocab, lang
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(self.tr("Show all choices"))
        self.button.setToolTip(self.tr("Show all choices (Alt+Down)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._codes: list[str] = []
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self.edit.textEdited.connect(self._on_edited)
        self.button.clicked.connect(self.show_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Alt+Down or F4 in the search field lists every choice, as in a combo box."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if (alt_down or event.key() == Qt.Key.Key_F4) and not self.edit.isReadOnly():
                self.show_all()
                return True
        return super().eventFilter(watched, event)

    def display(self, code: str) -> str:
        """How a term is shown: label in the interface language, then the other one."""
        labels = self.vocab.terms.get(code)
        if labels is None:
            return code
        return f"{labels[self.lang]} · {labels[OTHER_LANG[self.lang]]}"

    def filter(self, query: str) -> list[str]:
        """Put the matching terms into the completion list; return their codes."""
        self._codes = search_terms(self.vocab, query)
        self._model.setStringList([self.display(code) for code in self._codes])
        return list(self._codes)

    def show_all(self) -> None:
        self.filter("")
        self.edit.setFocus()
        self.completer.complete()

    def choose_row(self, row: int) -> None:
        if 0 <= row < len(self._codes):
            self.picked.emit(self._codes[row])

    def _on_edited(self, text: str) -> None:
        self.filter(text)
        if text and self._codes:
            self.completer.complete()
        else:
            self._hide_popup()

    def _on_activated(self, index: QModelIndex) -> None:
        self.choose_row(index.row())

    def set_read_only(self, on: bool) -> None:
        self.edit.setReadOnly(on)
        self.button.setEnabled(not on)

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()


class VocabPicker(_SearchBox):
    """One code from a vocabulary (or none)."""

    changed = Signal()

    def __init__(self, vocab: Vocabulary, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(vocab, lang, parent)
        self._code: str | None = None
        self.edit.setPlaceholderText(self.tr("Type to search, or ▾ for all"))
        self.picked.connect(self.set_value_and_notify)
        self.edit.editingFinished.connect(self._on_finished)

    def value(self) -> str | None:
        return self._code

    def set_value(self, value: object) -> None:
        """Show ``value`` without emitting ``changed`` (unknown codes are kept as they are)."""
        self._code = value if isinstance(value, str) and value else None
        self.edit.setText(self.display(self._code) if self._code else "")

    def set_value_and_notify(self, code: str) -> None:
        before = self._code
        self.set_value(code)
        self._hide_popup()
        if before != self._code:
            self.changed.emit()

    def _on_finished(self) -> None:
        """Leaving the field: empty clears; one match picks it; otherwise back to the value."""
        text = self.edit.text()
        if self._code is not None and text == self.display(self._code):
            return
        if not text.strip():
            if self._code is not None:
                self._code = None
                self.changed.emit()
            return
        matches = search_terms(self.vocab, text)
        if len(matches) == 1:
            self.set_value_and_notify(matches[0])
        else:
            self.set_value(self._code)


class VocabMultiPicker(QWidget):
    """A list of distinct codes: search to add, select and press Delete (or Remove) to drop."""

    changed = Signal()

    def __init__(self, vocab: Vocabulary, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = _SearchBox(vocab, lang, self)
        self.search.edit.setPlaceholderText(self.tr("Type to add, or ▾ for all"))
        self.search.picked.connect(self.add)
        self.search.edit.returnPressed.connect(self._add_single_match)
        self.chosen = _ChosenList(self)
        self.chosen.setAccessibleName(self.tr("Chosen"))
        self.remove_button = QToolButton(self)
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected choice"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.chosen.delete_pressed.connect(self.remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chosen, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addLayout(row)
        self.setFocusProxy(self.search)
        self._codes: list[str] = []
        self._read_only = False
        self._refresh()

    def value(self) -> list[str] | None:
        return list(self._codes) or None

    def set_value(self, value: object) -> None:
        codes = value if isinstance(value, list) else []
        self._codes = []
        for code in codes:
            if isinstance(code, str) and code not in self._codes:
                self._codes.append(code)
        self._refresh()

    def add(self, code: str) -> None:
        self.search._hide_popup()
        self.search.edit.clear()
        if code in self._codes:
            return
        self._codes.append(code)
        self._refresh()
        self.changed.emit()

    def remove(self, code: str) -> None:
        if code in self._codes:
            self._codes.remove(code)
            self._refresh()
            self.changed.emit()

    def remove_selected(self) -> None:
        item = self.chosen.currentItem()
        if item is not None and not self.search.edit.isReadOnly():
            self.remove(str(item.data(Qt.ItemDataRole.UserRole)))

    def set_read_only(self, on: bool) -> None:
        self._read_only = on
        self.search.set_read_only(on)
        self.search.setVisible(not on)
        self._refresh()

    def _add_single_match(self) -> None:
        matches = search_terms(self.search.vocab, self.search.edit.text())
        if self.search.edit.text().strip() and len(matches) == 1:
            self.add(matches[0])

    def _refresh(self) -> None:
        self.chosen.clear()
        for code in self._codes:
            item = QListWidgetItem(self.search.display(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.chosen.addItem(item)
        rows = max(1, len(self._codes))
        height = self.chosen.sizeHintForRow(0) if self._codes else 20
        self.chosen.setFixedHeight(min(rows, 6) * max(height, 18) + 6)
        self.chosen.setVisible(bool(self._codes))
        self.remove_button.setVisible(bool(self._codes) and not self._read_only)


class _ChosenList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)
