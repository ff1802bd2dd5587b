"""A word-wrapped label that remembers its height for a width.

Qt's QLabel lays its text out again each time a layout asks how tall it is at a width, and
a page's layouts ask often: showing an entry's questions on the editor's incidents page
laid out the labels' texts again for 85 % of the layout's time (4-6 ms of each turn that
showed some, against under 1 ms with wrapping off)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

KEPT = 8  # widths remembered (a label is asked at two or three)


class WrapLabel(QLabel):
    """A QLabel with word wrap whose height for a width is computed once per text and
    font (``setText``, ``clear`` and a font or style change forget it)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= KEPT:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        self._heights.clear()  # (a font, a style, the contents' margins)
        super().changeEvent(event)
