"""Recovery shares in the app (pytest-qt, offscreen): shown one at a time with their QR code,
confirmed by typing two words, printed only after a warning when it is to a file; recovery
from the unlock screen typed or from a photo; set-up with shares leaves none on disk; the
supervisor's countersign step before sealing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from crypto import kdf, keys, shares
from intake.capture import countersign, listing, records
from intake.capture.filters import Filters
from intake.vault import KEY_FILE, Vault, recovery
from tests.conftest import PASSPHRASE, make_vault
from tests.markers import scan
from tests.records_data import FORM_ID, example
from ui.countersign import CountersignDialog
from ui.recovery import RecoverDialog, ShareDialog, qr_image
from ui.unlock import UnlockWidget

ROOT = Path(__file__).resolve().parent.parent
WAIT = 20_000
NEW = "새 암호 문구 after recovery 2026"


def decode(image: QImage) -> str:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())[: stride * height]
    pil = Image.frombytes("L", (width, height), raw, "raw", "L", stride)
    found = zxingcpp.read_barcodes(pil)
    assert len(found) == 1
    return shares.normalise(found[0].text)


def type_confirmation(qtbot: Any, dialog: ShareDialog, good: bool = True) -> None:
    words = dialog.share.split()
    a, b = dialog.positions[dialog.index]
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, words[a] if good else words[b])
    qtbot.keyClicks(dialog.second, words[b] if good else words[a])


def test_shares_are_shown_one_at_a_time_confirmed_then_in_force(qtbot: Any, tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    new = recovery.new_set(2, 3)
    dialog = ShareDialog(v, new)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []
    for i in range(3):
        assert dialog.heading.text() == f"Share {i + 1} of 3"
        shown = dialog.words.text()
        assert all(w in shown for w in new.words[i].split())
        assert not any(
            w in shown for w in set(new.words[(i + 1) % 3].split()) - set(new.words[i].split())
        )
        qr = dialog.qr.pixmap()
        assert decode(qr.toImage()) == new.words[i]  # the QR code holds this share
        type_confirmation(qtbot, dialog, good=False)
        dialog.next_button.click()
        assert dialog.index == i and "do not match" in dialog.message.text()
        assert keys.recovery_info((v.path / KEY_FILE).read_bytes()) is None  # type: ignore[attr-defined]
        type_confirmation(qtbot, dialog)
        seen.append(dialog.share)
        dialog.next_button.click()
    assert seen == new.words
    assert dialog.result() == ShareDialog.DialogCode.Accepted
    assert dialog.words.text() == "" and dialog.qr.pixmap().isNull()
    assert keys.recovery_info((v.path / KEY_FILE).read_bytes()) == new.info  # type: ignore[attr-defined]


def test_closing_the_dialog_early_keeps_the_old_set(qtbot: Any, tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    old = recovery.new_set()
    recovery.activate(v, old)  # type: ignore[arg-type]
    dialog = ShareDialog(v, recovery.new_set(), None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    type_confirmation(qtbot, dialog)
    dialog.next_button.click()
    dialog.reject()
    assert keys.recovery_info((v.path / KEY_FILE).read_bytes()) == old.info  # type: ignore[attr-defined]


def _answer_box(button: QMessageBox.StandardButton) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    box.button(button).click()


def test_printing_a_sheet_to_a_file_warns_first(qtbot: Any, tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    new = recovery.new_set()
    dialog = ShareDialog(v, new)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "sheet.pdf"
    printer.setOutputFileName(str(pdf))
    QTimer.singleShot(0, lambda: _answer_box(QMessageBox.StandardButton.Cancel))
    assert not dialog.print_to(printer) and not pdf.exists()
    QTimer.singleShot(0, lambda: _answer_box(QMessageBox.StandardButton.Save))
    assert dialog.print_to(printer) and pdf.exists()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.replace("\x01", " ")  # (how pdftotext reads the vendored font's spaces)
    assert all(w in text for w in new.words[0].split())
    assert "Recovery share 1 / 3" in text and "복구 조각" in text and "암호 문구" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", pages.stdout, re.M)  # one sheet per holder
    # the printed QR code reads back as the share
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page-1.png") as page:
        found = zxingcpp.read_barcodes(page)
    assert [shares.normalise(b.text) for b in found] == [new.words[0]]


def test_the_print_dialogs_file_chooser_leaves_no_folder_behind(qtbot: Any, tmp_path: Path) -> None:
    """Printing a sheet: Qt's print dialog has its own "…" file chooser (to print to a file),
    which Qt remembered in QtProject.conf (the folder of the sheet) until the app removed it;
    and the app never lets Qt use a platform dialog, which tells the desktop's recent list."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QComboBox, QFileDialog, QToolButton

    from ui.app import application
    from ui.filedialogs import QT_SETTINGS, forget_file_dialogs

    application()
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    v = make_vault(tmp_path / "vault")
    dialog = ShareDialog(v, recovery.new_set())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    folder = tmp_path / "holder-lee-sheets"
    folder.mkdir()
    chosen: list[str] = []

    def choose_file() -> None:  # Qt's file dialog, opened by the print dialog's "…"
        files = QApplication.activeModalWidget()
        assert isinstance(files, QFileDialog)
        files.selectFile(str(folder / "share-1.pdf"))
        files.accept()

    def in_print_dialog() -> None:
        printing = QApplication.activeModalWidget()
        assert isinstance(printing, QPrintDialog)
        printers = printing.findChild(QComboBox, "printers")
        printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
        QTimer.singleShot(0, choose_file)
        printing.findChild(QToolButton, "fileBrowser").click()
        chosen.append(printing.findChild(QLineEdit, "filename").text())
        printing.reject()  # changed their mind: nothing printed

    QTimer.singleShot(0, in_print_dialog)
    try:
        dialog.print_sheet()
        assert chosen == [str(folder / "share-1.pdf")]
        settings = QSettings(QSettings.Scope.UserScope, QT_SETTINGS)
        assert settings.childGroups().count("FileDialog") == 0, settings.fileName()
        assert not list(folder.iterdir())
    finally:
        forget_file_dialogs()


def _locked_vault_with_shares(tmp_path: Path) -> tuple[Path, list[str], str]:
    v = make_vault(tmp_path / "vault")
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    new = recovery.new_set()
    recovery.activate(v, new)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    return tmp_path / "vault", new.words, rid


def _fill(qtbot: Any, dialog: RecoverDialog, given: list[str]) -> None:
    while len(dialog.fields) < len(given):
        dialog.add_field()
    for field, text in zip(dialog.fields, given, strict=False):
        field.clear()
        qtbot.keyClicks(field, text)
    for field in dialog.fields[len(given) :]:
        field.clear()
    dialog.first.setText(NEW)
    dialog.second.setText(NEW)


def test_forgot_passphrase_recovers_with_two_shares_from_the_unlock_screen(
    qtbot: Any, tmp_path: Path
) -> None:
    path, words, rid = _locked_vault_with_shares(tmp_path)
    page = UnlockWidget(path, kdf_params=kdf.insecure_test_params())
    qtbot.addWidget(page)
    page.show()
    page.forgot.click()
    dialog = page.recover_dialog
    assert dialog is not None and dialog.isVisible()

    cases = [
        ([words[1]], "Too few shares: 2 are needed, 1 given."),
        ([words[1], words[1]], "Share 2 is the same as share 1: give a different share."),
        (
            [words[0], recovery.new_set().words[1]],
            "Share 2 comes from a different set than share 1",
        ),
        ([words[0], words[1].replace(words[1].split()[4], "qqqq", 1)], "not in the word list"),
    ]
    for given, message in cases:
        _fill(qtbot, dialog, given)
        dialog.go.click()
        qtbot.waitUntil(lambda: dialog._task is None, timeout=WAIT)
        assert message in dialog.message.text(), dialog.message.text()
    _fill(qtbot, dialog, [words[0], words[1]])
    for weak in ("password12", "qwertyuiop1"):  # refused as set-up refuses it, shares or not
        dialog.first.clear()
        dialog.second.clear()
        qtbot.keyClicks(dialog.first, weak)
        qtbot.keyClicks(dialog.second, weak)
        dialog.go.click()
        assert dialog._task is None
        assert "Too easy to guess" in dialog.message.text(), dialog.message.text()
    with Vault.open(path, PASSPHRASE):  # nothing changed
        pass

    _fill(
        qtbot, dialog, [" ".join(f"{i}. {w}" for i, w in enumerate(words[2].split(), 1)), words[0]]
    )
    with qtbot.waitSignal(page.unlocked, timeout=WAIT) as opened:
        dialog.go.click()
    vault = opened.args[0]
    assert records.get(vault, rid).id == rid
    assert all(f.toPlainText() == "" for f in dialog.fields) and dialog.first.text() == ""
    vault.lock()
    with Vault.open(path, NEW.encode()) as v, v.transaction() as c:
        from intake.vault import audit

        assert "passphrase set by recovery" in [e.action for e in audit.entries(c)]


def test_a_share_is_read_from_a_photo_of_its_qr_code(qtbot: Any, tmp_path: Path) -> None:
    path, words, _ = _locked_vault_with_shares(tmp_path)
    photo = tmp_path / "photo.png"
    big = qr_image(words[1], 6).scaled(900, 900)
    canvas = QImage(1200, 1000, QImage.Format.Format_RGB32)
    canvas.fill(0xFFEEDDCC)
    from PySide6.QtGui import QPainter

    p = QPainter(canvas)
    p.drawImage(150, 50, big)
    p.end()
    assert canvas.save(str(photo))
    dialog = RecoverDialog(path, kdf_params=kdf.insecure_test_params())
    qtbot.addWidget(dialog)
    assert dialog.read_image(photo, dialog.fields[1]) == 1
    assert dialog.fields[1].toPlainText() == words[1]
    not_a_share = tmp_path / "blank.png"
    blank = QImage(200, 200, QImage.Format.Format_RGB32)
    blank.fill(0xFFFFFFFF)
    blank.save(str(not_a_share))
    assert dialog.read_image(not_a_share) == 0 and "no recovery share" in dialog.message.text()
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG not really")
    assert dialog.read_image(junk) == 0 and "not a readable image" in dialog.message.text()


SETUP_CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from crypto import kdf
from intake import files
from ui.mainwindow import MainWindow
from ui.preferences import Preferences, Translators

files.private_umask()
app = QApplication([])
home = Path(sys.argv[1])
prefs = Preferences(QSettings(str(home / "prefs.ini"), QSettings.Format.IniFormat))
window = MainWindow(home / "vault", prefs, Translators(), kdf_params=kdf.insecure_test_params())
window.show()
wizard = window.setup
wizard.owner_page.name.setText("Interviewer Three")
wizard.next()
wizard.passphrase_page.first.setText("a long enough passphrase 12")
wizard.passphrase_page.second.setText("a long enough passphrase 12")
wizard.next()
while wizard.vault is None:
    app.processEvents()
wizard.next()
wizard.next()
page = wizard.recovery_page
assert wizard.currentPage() is page
page.button.click()
dialog = page.dialog
made = []
for i in range(3):
    words = dialog.share.split()
    a, b = dialog.positions[dialog.index]
    dialog.first.setText(words[a])
    dialog.second.setText(words[b])
    made.append(dialog.share)
    dialog.next_button.click()
    app.processEvents()
assert "any 2 of 3" in page.status.text(), page.status.text()
wizard.next()
wizard.button(wizard.WizardButton.FinishButton).click()
window.lock()
window.close()
app.processEvents()
print(json.dumps(made))
"""


def test_set_up_with_recovery_shares_writes_no_share_anywhere(tmp_path: Path) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(tmp / "run"),
        "TMPDIR": str(tmp),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    run = subprocess.run(
        [sys.executable, "-c", SETUP_CHILD, str(home)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    made = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(made) == 3
    key = json.loads((home / "vault" / KEY_FILE).read_text())
    assert key["recovery"]["threshold"] == 2 and key["recovery"]["shares"] == 3
    # Look for whole shares, upper case (the QR's text), and every run of 4 words.
    patterns = set()
    for share in made:
        words = share.split()
        patterns |= {share, share.upper()}
        patterns |= {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}
    files = [p for p in home.rglob("*") if p.is_file()] + [p for p in tmp.rglob("*") if p.is_file()]
    assert len(files) >= 2  # the key file and the database at least
    assert scan([home, tmp], sorted(patterns)) == []
    # the scanner finds a share where one is
    (tmp / "control.txt").write_text(made[0])
    assert scan([tmp], [made[0]]) != []
    # and the shares made in the app do recover the vault
    with recovery.recover(
        home / "vault", made[1:], b"another passphrase",
        params=kdf.insecure_test_params(), insecure_test_kdf=True,
    ):  # fmt: skip
        pass


def test_the_seal_review_stops_at_the_supervisor_step(qtbot: Any, tmp_path: Path) -> None:
    from crypto import signkey
    from crypto.sign import SigningIdentity
    from ui.sealreview import SealReview

    v = make_vault(tmp_path / "vault")
    sup = SigningIdentity.create("Supervisor Lee", "Example NGO")
    key_file = tmp_path / "sup.key"
    key_file.write_bytes(signkey.wrap(sup, b"supervisor pass", kdf.insecure_test_params()))
    countersign.add_supervisor(v, sup.cert_pem())  # type: ignore[arg-type]
    countersign.set_policy(v, seal=True)  # type: ignore[arg-type]
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    review = SealReview(v, rid, "en")  # type: ignore[arg-type]
    qtbot.addWidget(review)
    review.show()
    review.confirm.setChecked(True)
    review.seal_button.click()
    step = review.countersign_step
    assert isinstance(step, CountersignDialog) and step.isVisible()
    assert any("Supervisor Lee" in label.text() for label in step.findChildren(type(step.message)))
    step.path.setText(str(key_file))
    qtbot.keyClicks(step.passphrase, "wrong")
    step.go.click()
    qtbot.waitUntil(lambda: step._task is None, timeout=WAIT)
    assert step.message.text() == "Wrong passphrase for this key file."
    assert records.get(v, rid).status == "draft"  # type: ignore[arg-type]
    qtbot.keyClicks(step.passphrase, "supervisor pass")
    with qtbot.waitSignal(review.sealed, timeout=WAIT):
        step.go.click()
    sealed = records.sealed_versions(v, rid)[-1]  # type: ignore[arg-type]
    assert sealed.countersigner_cert == sup.cert_pem().decode()
    v.lock()  # type: ignore[attr-defined]


def test_an_archive_can_require_countersignatures_and_shows_the_countersigner(
    qtbot: Any, tmp_path: Path
) -> None:
    from crypto.sign import SigningIdentity
    from intake.handover import export, recipients
    from tests.test_bundle import keypair, sealed_record
    from ui.archive.imports import ImportPanel

    key, recipient = keypair(tmp_path)
    sup = SigningIdentity.create("Supervisor Lee", "Example NGO")
    v = make_vault(tmp_path / "vault")
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    countersign.add_supervisor(v, sup.cert_pem())  # type: ignore[arg-type]
    plain, signed = tmp_path / "plain.age", tmp_path / "signed.age"
    export.export_bundle(v, [sealed_record(v)], ["archive"], plain)  # type: ignore[arg-type]
    rid = sealed_record(v)  # type: ignore[arg-type]
    export.export_bundle(v, [rid], ["archive"], signed, countersigner=sup)  # type: ignore[arg-type]
    interviewer = v.identity.fingerprint  # type: ignore[attr-defined]
    v.lock()  # type: ignore[attr-defined]

    archive = make_vault(tmp_path / "archive", name="Legal Team")
    from intake.archive import pins

    pins.trust(archive, interviewer, "Interviewer One")  # type: ignore[arg-type]
    panel = ImportPanel()
    qtbot.addWidget(panel)
    panel.vault = archive  # type: ignore[assignment]
    panel.load_identity(key)
    panel.show()
    assert not panel.require_countersignature.isChecked()
    panel.require_countersignature.click()
    assert countersign.policy(archive).import_  # type: ignore[arg-type]
    with qtbot.waitSignal(panel.finished, timeout=WAIT) as batch:
        panel.import_paths([plain, signed])
    refused, accepted = batch.args[0]
    assert not refused.ok and accepted.ok
    cards = panel.cards
    assert "No supervisor's countersignature" in cards[0].countersign_label.text()
    assert "no countersignature, and a supervisor's countersignature is required" in (
        cards[0].check_labels["signature"].text()
    )
    assert f"Supervisor Lee (key {sup.fingerprint})" in cards[1].countersign_label.text()
    assert [r.id for r in listing.list_records(archive, Filters())] == [rid]  # type: ignore[arg-type]
    panel.vault = None
    archive.lock()  # type: ignore[attr-defined]


def test_the_handover_wizard_stops_at_the_supervisor_step(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWizard

    from crypto import signkey
    from crypto.sign import SigningIdentity
    from intake.archive import verify
    from intake.handover import recipients
    from tests.test_bundle import keypair, sealed_record
    from ui.handover import HandoverWizard

    key, recipient = keypair(tmp_path)
    v: Any = make_vault(tmp_path / "vault")
    recipients.add_recipient(v, "Archive", recipient, "own_archive")
    rid = sealed_record(v)
    sup = SigningIdentity.create("Supervisor Lee", "Example NGO")
    key_file = tmp_path / "sup.key"
    key_file.write_bytes(signkey.wrap(sup, b"supervisor pass", kdf.insecure_test_params()))
    countersign.add_supervisor(v, sup.cert_pem())
    countersign.set_policy(v, handover=True)

    wizard = HandoverWizard(v, [rid])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.teams_page.teams.item(0).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plans is not None, timeout=WAIT)
    wizard.next()
    out = tmp_path / "handover.age"
    wizard.destination_page.path.setText(str(out))

    def refuse() -> None:
        wizard.countersign_step.reject()

    QTimer.singleShot(0, refuse)
    wizard.next()  # the commit button: the supervisor's step first
    assert wizard.currentPage() is wizard.destination_page and not out.exists()
    assert "did not countersign" in wizard.destination_page.problem.text()

    def countersign_now() -> None:
        step = wizard.countersign_step
        step.path.setText(str(key_file))
        step.passphrase.setText("supervisor pass")
        step.go.click()

    QTimer.singleShot(0, countersign_now)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=WAIT)
    report = verify.verify(out, key.read_text(), require_countersignature=True)
    assert report.ok, report.problems
    assert report.countersigner_fingerprint == sup.fingerprint
    wizard.button(QWizard.WizardButton.FinishButton).click()
    v.lock()
