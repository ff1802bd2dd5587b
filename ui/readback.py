"""A draft shown as it will be signed (the review page) and read back to the witness on paper.

The text is :func:`intake.capture.readback.draft_view`, set as HTML in a QTextDocument. Printing
goes through Qt's print dialog, with "DRAFT — not sealed" at the top of every page; the dialog's
own "print to file" is off, so no file is written unless the interviewer chooses "Save as
PDF…" and confirms a warning (a PDF on disk is testimony outside the vault).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from intake.capture.readback import DraftView
from intake.handover.model import Block, Row
from ui.app import add_fonts
from ui.filedialogs import run_dialog, save_file_name

MARK_HEIGHT_MM = 12.0


def _rows(rows: list[Row]) -> str:
    cells = "".join(
        f"<tr><td style='padding:2px 12px 2px 0; color:#555; vertical-align:top'>"
        f"{html.escape(r.label)}</td><td style='padding:2px 0'>"
        f"{html.escape(r.value).replace(chr(10), '<br>')}</td></tr>"
        for r in rows
    )
    return f"<table cellspacing='0'>{cells}</table>" if rows else ""


def _block(block: Block, depth: int = 0) -> str:
    level = min(3 + depth, 5)
    parts = [f"<h{level}>{html.escape(block.heading)}</h{level}>", _rows(block.rows)]
    parts += [f"<p>{html.escape(p)}</p>" for p in block.paragraphs]
    parts += [_block(child, depth + 1) for child in block.children]
    inner = "".join(parts)
    return f"<div style='margin-left:{12 * depth}px'>{inner}</div>"


def statement_html(view: DraftView) -> str:
    """The draft as one HTML page (escaped: testimony may hold < and &)."""
    narrative = "".join(
        f"<p>{html.escape(line)}</p>" for line in view.narrative.split("\n") if line.strip()
    )
    return "".join(
        [
            f"<h2>{html.escape(view.title)}</h2>",
            f"<p style='color:#a00; font-weight:bold'>{html.escape(view.draft_mark)}</p>",
            _rows(view.cover),
            f"<h3>{html.escape(view.consent_heading)}</h3>",
            _rows(view.consent),
            *[_block(b) for b in view.blocks],
            f"<h3>{html.escape(view.narrative_heading)}</h3>",
            narrative or "<p>—</p>",
            f"<h3>{html.escape(view.files_heading)}</h3>",
            _rows(view.files) or "<p>—</p>",
        ]
    )


def document(view: DraftView) -> QTextDocument:
    add_fonts()  # the pages carry Hangul whatever fonts the system has
    doc = QTextDocument()
    font = QFont("NanumGothic")
    font.setPointSize(10)
    doc.setDefaultFont(font)
    doc.setHtml(statement_html(view))
    return doc


def paint(view: DraftView, printer: QPrinter) -> int:
    """Lay the draft out on ``printer``'s pages, "DRAFT — not sealed" atop each; the number
    of pages printed."""
    printer.setPageMargins(QMarginsF(15, 15 + MARK_HEIGHT_MM, 15, 15), QPageLayout.Unit.Millimeter)
    doc = document(view)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    mark_height = MARK_HEIGHT_MM / 25.4 * dpi
    doc.documentLayout().setPaintDevice(printer)
    doc.setPageSize(QSizeF(page.width(), page.height()))
    pages = max(1, doc.pageCount())
    painter = QPainter(printer)
    try:
        mark_font = QFont("NanumGothic")
        mark_font.setPointSize(11)
        mark_font.setBold(True)
        for number in range(pages):
            if number:
                printer.newPage()
            painter.save()
            painter.setFont(mark_font)
            painter.setPen(Qt.GlobalColor.darkRed)
            painter.drawText(
                QRectF(0, -mark_height, page.width(), mark_height * 0.8),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{view.draft_mark} · {view.title} · {number + 1}/{pages}",
            )
            painter.restore()
            painter.save()
            painter.translate(0, -number * page.height())
            top = number * page.height()
            doc.drawContents(painter, QRectF(0, top, page.width(), page.height()))
            painter.restore()
    finally:
        painter.end()
    return pages


def print_dialog(view: DraftView, parent: QWidget) -> bool:
    """Qt's print dialog (printing to a file is not offered there); True if printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    title = QCoreApplication.translate("ReadBack", "Print the statement to read back")
    dialog.setWindowTitle(title)
    if not run_dialog(dialog):
        return False
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return False  # a file after all: only through Save as PDF, with its warning
    paint(view, printer)
    return True


def save_pdf(view: DraftView, parent: QWidget) -> Path | None:
    """After a warning, write the draft as a PDF where the interviewer chooses."""
    title = QCoreApplication.translate("ReadBack", "Save the statement as a file")
    answer = QMessageBox.warning(
        parent,
        title,
        QCoreApplication.translate(
            "ReadBack",
            "The file will hold the testimony unencrypted, outside the vault. Save it only on"
            " an encrypted disk and delete it once it is printed. Save anyway?",
        ),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Save:
        return None
    pdf = QCoreApplication.translate("ReadBack", "PDF (*.pdf)")
    name = save_file_name(parent, title, "statement.pdf", pdf)
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    paint(view, printer)
    return path


class ReadBackDialog(QDialog):
    """The printed pages on screen, with Print… (Qt's print dialog) and Save as PDF…"""

    def __init__(self, view: DraftView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(self.tr("Read back: %1").replace("%1", view.title))
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.setAccessibleName(self.tr("Pages to read back"))
        self.preview.paintRequested.connect(lambda printer: paint(self.view, printer))
        self.preview.fitToWidth()
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.clicked.connect(lambda: print_dialog(self.view, self))
        self.save_button = QPushButton(self.tr("Save as P&DF…"), self)
        self.save_button.clicked.connect(lambda: save_pdf(self.view, self))
        close = QPushButton(self.tr("C&lose"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(900, 700)
        self.print_button.setFocus()

    def pages(self) -> int:
        return int(self.preview.pageCount())
