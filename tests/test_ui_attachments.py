"""The attachments panel on a real vault: add (button path and drop), preview, cancel, extract."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from intake.capture import attachments, records
from tests.conftest import make_vault
from ui.attachmentspanel import PREVIEW_LIMIT, AttachmentsPanel, human_size
from ui.editor import RecordEditor
from ui.fields import AttachmentsInput

FORM = "nk-testimony"




@pytest.fixture
def vault(tmp_path: Path) -> Any:
    v = make_vault(tmp_path / "vault")
    yield v
    v.lock()


@pytest.fixture
def rid(vault: Any) -> str:
    return records.create(vault, FORM)


def png(path: Path, width: int = 40, height: int = 30) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    assert image.save(str(path), "PNG")
    return path


def make_panel(qtbot: Any, vault: Any, rid: str, **kwargs: Any) -> AttachmentsPanel:
    panel = AttachmentsPanel(vault, rid, **kwargs)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_added_file_is_listed_with_size_type_and_hash(
    qtbot: Any, vault: Any, rid: str, tmp_path: Path
) -> None:
    source = png(tmp_path / "sketch.png")
    panel = make_panel(qtbot, vault, rid)
    with qtbot.waitSignal(panel.job_done, timeout=20_000) as done:
        panel.add_files([source])
    assert done.args[0] == "added"
    assert panel.table.rowCount() == 1
    row = [panel.table.item(0, c).text() for c in range(4)]
    data = source.read_bytes()
    assert row == [
        "sketch.png",
        "image/png",
        human_size(len(data)),
        hashlib.sha256(data).hexdigest(),
    ]
    stored = attachments.for_record(vault, rid)
    assert [a.sha256 for a in stored] == [hashlib.sha256(data).hexdigest()]
    blob = attachments.blob_path(vault, stored[0].id).read_bytes()
    assert data not in blob  # encrypted in the vault


def test_dropping_files_adds_them_one_after_another(
    qtbot: Any, vault: Any, rid: str, tmp_path: Path
) -> None:
    first = png(tmp_path / "one.png")
    second = tmp_path / "notes.txt"
    second.write_text("field notes", encoding="utf-8")
    panel = make_panel(qtbot, vault, rid)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2 and panel.task is None, timeout=20_000)
    assert sorted(a.filename for a in attachments.for_record(vault, rid)) == [
        "notes.txt",
        "one.png",
    ]


def test_image_preview_comes_from_memory(qtbot: Any, vault: Any, rid: str, tmp_path: Path) -> None:
    source = png(tmp_path / "map.png", 64, 48)
    panel = make_panel(qtbot, vault, rid)
    with qtbot.waitSignal(panel.job_done, timeout=20_000):
        panel.add_files([source])
    source.unlink()  # the preview cannot come from the original file
    before = set(Path(vault.path).rglob("*"))
    with qtbot.waitSignal(panel.preview_ready, timeout=20_000):
        panel.table.selectRow(0)
    pixmap = panel.preview.pixmap()
    assert not pixmap.isNull()
    assert (pixmap.width(), pixmap.height()) == (320, 240)  # scaled, aspect kept
    assert set(Path(vault.path).rglob("*")) == before  # nothing written for the preview


def test_non_images_and_large_images_are_not_previewed(
    qtbot: Any, vault: Any, rid: str, tmp_path: Path
) -> None:
    text = tmp_path / "transcript.txt"
    text.write_text("line", encoding="utf-8")
    panel = make_panel(qtbot, vault, rid)
    with qtbot.waitSignal(panel.job_done, timeout=20_000):
        panel.add_files([text])
    panel.table.selectRow(0)
    assert panel.preview.pixmap().isNull()
    assert panel.preview.text() == "No preview for this type of file."
    assert PREVIEW_LIMIT == 50 * 1024 * 1024


def test_cancel_keeps_nothing_of_the_file(qtbot: Any, vault: Any, rid: str, tmp_path: Path) -> None:
    big = tmp_path / "recording.wav"
    with open(big, "wb") as f:
        f.write(os.urandom(1024 * 1024) * 48)
    panel = make_panel(qtbot, vault, rid)
    with qtbot.waitSignal(panel.job_done, timeout=30_000) as done:
        panel.add_files([big])
        assert panel.cancel_button.isVisible() and panel.progress.isVisible()
        panel.cancel()
    assert done.args[0] == "cancelled"
    assert attachments.for_record(vault, rid) == []
    assert list(vault.attachments_dir.iterdir()) == []
    assert panel.table.rowCount() == 0 and not panel.cancel_button.isVisible()


def test_extract_writes_the_plaintext_where_asked(
    qtbot: Any, vault: Any, rid: str, tmp_path: Path
) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.4 fictional scan " * 1000)
    panel = make_panel(qtbot, vault, rid)
    with qtbot.waitSignal(panel.job_done, timeout=20_000) as added:
        panel.add_files([source])
    target = tmp_path / "out" / "copy.pdf"
    target.parent.mkdir()
    with qtbot.waitSignal(panel.job_done, timeout=20_000) as extracted:
        panel.extract_to(added.args[1], target)
    assert extracted.args == ["extracted", added.args[1]]
    assert target.read_bytes() == source.read_bytes()


def test_read_only_panel_adds_nothing(qtbot: Any, vault: Any, rid: str, tmp_path: Path) -> None:
    panel = make_panel(qtbot, vault, rid, read_only=True)
    assert not panel.add_button.isVisible() and not panel.acceptDrops()
    panel.add_files([png(tmp_path / "x.png")])
    assert panel.task is None and attachments.for_record(vault, rid) == []


def test_new_files_become_choices_in_the_editor(
    qtbot: Any, vault: Any, rid: str, tmp_path: Path
) -> None:
    editor = RecordEditor(vault, rid, lang="en")
    qtbot.addWidget(editor)
    editor.show()
    editor.set_section("attachments")
    panel = editor.attachments_panel
    assert panel is not None
    with qtbot.waitSignal(panel.job_done, timeout=20_000) as added:
        panel.add_files([png(tmp_path / "photo.png")])
    recordings = editor.findChild(AttachmentsInput, "statement.recordings")
    assert recordings is not None
    recordings.set_checked(added.args[1], True)
    assert editor.flush()
    assert records.draft(vault, rid)["statement"]["recordings"] == [added.args[1]]
