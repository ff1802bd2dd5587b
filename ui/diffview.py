"""What a correction changes: answer-by-answer differences between two record documents.

The table shows each change in a line (a long text by its changed passage); the change
chosen in it is shown whole below, both sides untruncated, what was removed struck through
in red and what was added underlined in green."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import forms
from ui.fields import display_value, path_label

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
PREVIEW_CHARS = 160


@dataclass(frozen=True)
class Difference:
    path: str  # concrete path, e.g. incidents[0].acts[1].type
    kind: str  # added, removed or changed
    old: object
    new: object


def answers(form: forms.Form, doc: Mapping[str, Any]) -> dict[str, object]:
    """Every answer of ``doc`` by concrete path (groups are not answers; their fields are)."""
    found: dict[str, object] = {}
    for each, value, path in form.walk(doc):
        if each.is_container:  # a repeating group is one too
            continue
        found[path] = value
    return found


def differences(
    form: forms.Form, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[Difference]:
    """Answers added, removed or changed from ``old`` to ``new``, in document order."""
    before, after = answers(form, old), answers(form, new)
    order = list(after) + [p for p in before if p not in after]
    found = []
    for path in order:
        if path not in before:
            found.append(Difference(path, ADDED, None, after[path]))
        elif path not in after:
            found.append(Difference(path, REMOVED, before[path], None))
        elif before[path] != after[path]:
            found.append(Difference(path, CHANGED, before[path], after[path]))
    return found


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def changed_passage(old: str, new: str) -> tuple[str, str]:
    """For long texts: the changed stretch of each side with a little context."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not opcodes:
        return "", ""
    first, last = opcodes[0], opcodes[-1]
    context = 30
    a_start, a_end = max(first[1] - context, 0), min(last[2] + context, len(old))
    b_start, b_end = max(first[3] - context, 0), min(last[4] + context, len(new))

    def cut(text: str, start: int, end: int) -> str:
        return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")

    return _preview(cut(old, a_start, a_end)), _preview(cut(new, b_start, b_end))


_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def inline_diff(old: str, new: str) -> str:
    """HTML of ``new`` with what ``old`` had and it lacks struck through (red) and what it adds
    underlined (green), word by word; nothing cut."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append('<s style="color:#b00020">' + html.escape("".join(a[i1:i2])) + "</s>")
        if op in ("insert", "replace"):
            out.append('<u style="color:#0a6b2d">' + html.escape("".join(b[j1:j2])) + "</u>")
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
    return "".join(out).replace("\n", "<br>")


class DiffView(QWidget):
    """A table of the differences: field (in words), the sealed answer, the answer now."""

    def __init__(self, form: forms.Form, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form, self.lang = form, lang
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Field"), self.tr("Sealed version"), self.tr("Now")])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAccessibleName(self.tr("Changes against the sealed version"))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda item, _old: self.show_whole(item))
        self.whole = QTextBrowser(self)
        self.whole.setObjectName("diff.whole")
        self.whole.setAccessibleName(self.tr("The chosen change, whole"))
        self.whole.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 2)
        layout.addWidget(self.whole, 1)
        self.found: list[Difference] = []

    def show_differences(
        self, old: Mapping[str, Any], new: Mapping[str, Any], sealed_version: int
    ) -> None:
        self.found = differences(self.form, old, new)
        if self.found:
            text = self.tr("%1 changes against sealed version %2.")
        else:
            text = self.tr("No changes yet against sealed version %2.")
        self.heading.setText(
            text.replace("%1", str(len(self.found))).replace("%2", str(sealed_version))
        )
        self.tree.clear()
        self.whole.clear()
        self.whole.hide()
        for change in self.found:
            old_text, new_text = self._texts(change)
            item = QTreeWidgetItem(
                [path_label(self.form, change.path, self.lang), old_text, new_text]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, change.path)
            item.setToolTip(0, change.path)
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:  # the first change is shown whole at once
            self.tree.setCurrentItem(first)
            self.show_whole(first)

    def show_whole(self, item: QTreeWidgetItem | None) -> None:
        """The change of ``item`` in full below the table (both sides, nothing cut)."""
        index = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        if not 0 <= index < len(self.found):
            self.whole.hide()
            return
        change = self.found[index]
        old, new = (self._full(change.path, v) for v in (change.old, change.new))
        label = html.escape(path_label(self.form, change.path, self.lang))
        if isinstance(change.old, str) and isinstance(change.new, str):
            body = inline_diff(old, new)
        else:
            before, after = self.tr("Before:"), self.tr("After:")
            body = (f"{html.escape(before)} {html.escape(old)}<br>"
                    f"{html.escape(after)} {html.escape(new)}")
        self.whole.setHtml(f"<b>{label}</b><br>{body}")
        self.whole.show()

    def _full(self, path: str, value: object) -> str:
        return "—" if value is None else display_value(self.form, path, value, self.lang)

    def _texts(self, change: Difference) -> tuple[str, str]:
        if isinstance(change.old, str) and isinstance(change.new, str):
            if len(change.old) > PREVIEW_CHARS or len(change.new) > PREVIEW_CHARS:
                return changed_passage(change.old, change.new)
        return self._text(change.path, change.old), self._text(change.path, change.new)

    def _text(self, path: str, value: object) -> str:
        if value is None:
            return "—"
        return _preview(display_value(self.form, path, value, self.lang))
