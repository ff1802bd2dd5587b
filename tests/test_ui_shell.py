"""The app shell on real widgets (offscreen): set-up, unlock, record list, search, lock, wipe,
preferences and the Korean catalog."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard  # noqa: E402

from crypto import kdf  # noqa: E402
from crypto.errors import WrongPassphrase  # noqa: E402
from intake import vault as vault_mod
from intake.capture import listing, records
from intake.capture.filters import Filters
from intake.errors import VaultNotFound  # noqa: E402
from intake.vault import Vault  # noqa: E402
from intake.vault.passphrase import estimate  # noqa: E402
from tests import records_data  # noqa: E402
from tests.conftest import PASSPHRASE, make_vault  # noqa: E402
from ui.lock import IdleWatcher  # noqa: E402
from ui.mainwindow import MainWindow  # noqa: E402
from ui.preferences import Preferences, PreferencesDialog, Translators  # noqa: E402
from ui.recordlist import RecordListView, snippet_html  # noqa: E402
from ui.setup_wizard import group_fingerprint, parse_recipient_file  # noqa: E402
from ui.unlock import failure_delay_ms  # noqa: E402
from ui.wipe import WipeDialog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
CATALOG = UI_DIR / "i18n" / "intake_ko.ts"
WAIT = 20_000


# -- helpers shared with the flow and screenshot tests ------------------------------------


def prefs_in(tmp_path: Path, language: str = "en") -> Preferences:
    prefs = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    prefs.set_language(language)
    return prefs


def open_window(qtbot: Any, path: Path, prefs: Preferences) -> MainWindow:
    window = MainWindow(path, prefs, Translators(), kdf_params=kdf.insecure_test_params())
    qtbot.addWidget(window)
    window.show()
    return window


def unlock(qtbot: Any, window: MainWindow, passphrase: bytes = PASSPHRASE) -> Vault:
    page = window.unlock_page
    assert page is not None
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.button.isEnabled(), timeout=WAIT)
    page.passphrase.setText(passphrase.decode("utf-8"))
    with qtbot.waitSignal(page.unlocked, timeout=WAIT):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    assert window.vault is not None
    return window.vault


def seeded(path: Path, n: int, *, seal: int = 0, narrative: str | None = None) -> list[str]:
    """A vault at ``path`` with ``n`` example records, the first ``seal`` of them sealed."""
    v = make_vault(path)
    assert isinstance(v, Vault)
    ids = []
    try:
        for i in range(n):
            doc = records_data.example()
            doc["record"]["reference"] = f"ORG-2026-{i:04d}"
            if narrative is not None and i == 0:
                doc = records_data.set_narrative(doc, narrative)
            rid = records.create(v, records_data.FORM_ID, doc)
            if i < seal:
                records.seal_record(v, rid)
            ids.append(rid)
    finally:
        v.lock()
    return ids


def loaded(view: RecordListView) -> bool:
    model = view.model
    return model.total is not None and not model.loading


# -- set-up wizard ------------------------------------------------------------------------


def test_setup_wizard_creates_vault_shows_fingerprint_and_imports_keys(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    window = open_window(qtbot, path, prefs_in(tmp_path))
    wizard = window.setup
    assert wizard is not None and window.stack.currentWidget() is wizard
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    assert not next_button.isEnabled()  # a name is required
    qtbot.keyClicks(wizard.owner_page.name, "Kim Interviewer")
    wizard.owner_page.org.setText("Example NGO")
    assert next_button.isEnabled()
    wizard.next()

    page = wizard.passphrase_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.keyClicks(page.first, "short")
    assert page.meter.value() <= 1 and "10" in page.hint.text()
    page.first.setText("두만강 건너 새벽 네 시 bridge 42")
    page.second.setText("두만강 건너 새벽 네 시 bridge 4")
    assert not page.isComplete() and page.hint.text() == "The two passphrases differ."
    page.second.setText(page.first.text())
    assert page.isComplete() and commit.isEnabled()
    assert page.meter.value() >= 3
    assert "nobody can recover" in page.findChild(type(page.hint), "setup.warning").text()

    with qtbot.waitSignal(wizard.create_page.created, timeout=WAIT):
        wizard.next()
    created = wizard.vault
    assert created is not None and vault_mod.exists(path)
    assert page.first.text() == "" and page.second.text() == ""  # not kept in the widgets
    wizard.next()
    shown = wizard.fingerprint_page.fingerprint.text()
    assert shown == group_fingerprint(created.identity.fingerprint)
    assert shown.replace(" ", "") == created.identity.fingerprint.replace(":", "").replace(" ", "")

    wizard.next()  # recovery shares: optional (tests/test_ui_recovery.py makes them)
    wizard.next()
    secret = subprocess.run(["age-keygen"], capture_output=True, check=True, text=True).stdout
    public = subprocess.run(
        ["age-keygen", "-y"], input=secret, capture_output=True, check=True, text=True
    ).stdout.strip()
    keys = tmp_path / "legal.txt"
    keys.write_text(f"# Legal team A\n{public}\n", encoding="utf-8")
    assert wizard.keys_page.import_file(keys) == 0  # the consent class is asked first
    assert "consent class" in wizard.keys_page.message.text()
    box = wizard.keys_page.klass
    box.setFocus()
    while box.currentData() != "icc":  # chosen with the keyboard, as a person would
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert wizard.keys_page.import_file(keys) == 1
    from intake.handover import recipients

    assert [(r.name, r.recipient, r.klass) for r in recipients.list_recipients(created)] == [
        ("Legal team A", public, "icc")
    ]
    leaked = tmp_path / "secret.txt"
    leaked.write_text(secret, encoding="utf-8")
    assert wizard.keys_page.import_file(leaked) == 0
    assert "secret key" in wizard.keys_page.message.text()
    assert len(recipients.list_recipients(created)) == 1

    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.vault is created
    assert window.stack.currentWidget() is window.list_page
    window.close()
    reopened = Vault.open(path, "두만강 건너 새벽 네 시 bridge 42".encode())
    assert reopened.owner == ("Kim Interviewer", "Example NGO")
    reopened.lock()


def test_passphrase_strength_and_key_file_parsing() -> None:
    assert estimate("").score == 0
    assert estimate("aaaaaaaaaaaaaaaa").score < estimate("horse battery 7 staple").score
    assert estimate("새벽 두만강 건너 어머니 집").acceptable
    with pytest.raises(Exception, match="secret key"):
        parse_recipient_file(b"AGE-SECRET-KEY-1QQQ")
    with pytest.raises(Exception, match="not a valid ssh-ed25519 or ssh-rsa public key"):
        parse_recipient_file(b"ssh-ed25519 AAAA")
    with pytest.raises(Exception, match="larger"):
        parse_recipient_file(b"#" * (64 * 1024 + 1))
    pairs = parse_recipient_file(b"# created: x\n# public key: age1abc\n\nage1def\n")
    assert pairs == [("legal team 1", "age1abc"), ("legal team 2", "age1def")]


# -- unlock ---------------------------------------------------------------------------------


def test_wrong_passphrase_is_refused_and_waits_longer_each_time(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    window = open_window(qtbot, path, prefs_in(tmp_path))
    page = window.unlock_page
    assert page is not None
    page.passphrase.setText("not the passphrase")
    with qtbot.waitSignal(page.failed, timeout=WAIT):
        page.button.click()
    assert window.vault is None
    assert page.message.text().startswith("Wrong passphrase")
    assert page.waiting and not page.button.isEnabled() and not page.passphrase.isEnabled()
    assert page.passphrase.text() == ""
    assert [failure_delay_ms(n) for n in range(1, 8)] == [
        1000, 2000, 4000, 8000, 16000, 30000, 30000
    ]
    page.unlock()  # refused while waiting: no second attempt starts
    assert page._task is None
    qtbot.waitUntil(lambda: not page.waiting and page.button.isEnabled(), timeout=WAIT)
    vault = unlock(qtbot, window)
    assert not vault.locked and window.stack.currentWidget() is window.list_page
    assert page.failures == 0
    window.close()


# -- record list ---------------------------------------------------------------------------


def test_record_list_loads_lazily_and_filters(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 12, seal=3)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    view = window.list_page
    assert view is not None
    vault = unlock(qtbot, window)
    model = view.model
    qtbot.waitUntil(lambda: loaded(view) and model.rowCount() == 12, timeout=WAIT)
    assert view.summary.text() == "12 record(s)"

    # the model alone (no view asking for more): one page at a time, in workers
    from ui.recordlist import RecordTableModel

    lazy = RecordTableModel(page_size=5)
    lazy.set_vault(vault)
    qtbot.waitUntil(lambda: lazy.total == 12 and lazy.rowCount() == 5, timeout=WAIT)
    assert lazy.canFetchMore()
    lazy.fetchMore()
    assert lazy.loading
    lazy.fetchMore()  # ignored while a page is on its way
    qtbot.waitUntil(lambda: not lazy.loading, timeout=WAIT)
    assert lazy.rowCount() == 10
    lazy.fetchMore()
    qtbot.waitUntil(lambda: not lazy.loading, timeout=WAIT)
    assert lazy.rowCount() == 12 and not lazy.canFetchMore()
    assert [lazy.record(r).id for r in range(12)] == [model.record(r).id for r in range(12)]
    assert sorted(model.record(r).id for r in range(12)) == sorted(ids)
    listed = [model.index(r, 0).data() for r in range(12)]
    assert sorted(listed) == [f"ORG-2026-{i:04d}" for i in range(12)]
    statuses = [model.index(r, 3).data() for r in range(12)]
    assert statuses.count("sealed") == 3 and statuses.count("draft") == 9
    assert {model.index(r, 4).data() for r in range(12)} == {"1"}

    view.status.setCurrentIndex(view.status.findData("sealed"))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 3, timeout=WAIT)
    assert {model.record(r).id for r in range(model.rowCount())} == set(ids[:3])
    view.status.setCurrentIndex(0)
    view.violation.setCurrentIndex(view.violation.findData("forced_repatriation"))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 12, timeout=WAIT)
    view.violation.setCurrentIndex(view.violation.findData("torture"))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 0, timeout=WAIT)
    view.violation.setCurrentIndex(0)
    view.province.setCurrentIndex(view.province.findData("KP-09"))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 12, timeout=WAIT)
    view.province.setCurrentIndex(view.province.findData("KP-01"))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 0, timeout=WAIT)
    view.province.setCurrentIndex(0)
    # the example incident is dated 2008 (winter): a range after it finds nothing
    from PySide6.QtCore import QDate

    view.date_from.setDate(QDate(2010, 1, 1))
    view.from_on.setChecked(True)
    qtbot.waitUntil(lambda: loaded(view) and model.total == 0, timeout=WAIT)
    view.date_from.setDate(QDate(2007, 1, 1))
    qtbot.waitUntil(lambda: loaded(view) and model.total == 12, timeout=WAIT)
    assert not vault.locked
    window.close()


def test_search_finds_korean_word_and_highlights_it(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 3, narrative="새벽에 두만강을 건너 중국으로 갔습니다.")
    window = open_window(qtbot, path, prefs_in(tmp_path))
    view = window.list_page
    assert view is not None
    unlock(qtbot, window)
    from PySide6.QtGui import QInputMethodEvent

    view.search.setFocus()
    typed = QInputMethodEvent("", [])
    typed.setCommitString("두만강")  # Hangul arrives through the input method
    QApplication.sendEvent(view.search, typed)
    assert view.search.text() == "두만강"
    with qtbot.waitSignal(view.search_done, timeout=WAIT) as hit:
        view.search.returnPressed.emit()
    assert hit.args == [1]
    assert view.pages.currentWidget() is view.results
    item = view.results.item(0)
    from ui.recordlist import HTML_ROLE, RECORD_ID_ROLE

    assert item.data(RECORD_ID_ROLE) == ids[0]
    assert "두만강" in item.text()
    assert "font-weight:bold;\">두만강</span>" in item.data(HTML_ROLE)
    with qtbot.waitSignal(view.open_requested) as opened:
        view.results.itemActivated.emit(item)
    assert opened.args == [ids[0]]
    view.search.clear()
    assert view.pages.currentWidget() is view.table and view.results.count() == 0
    window.close()


def test_search_results_come_a_page_at_a_time(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    for i in range(listing.SEARCH_PAGE + 3):
        doc = records_data.set_narrative(records_data.example(), f"강제송환 증언 {i}")
        records.create(v, records_data.FORM_ID, doc)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    window = open_window(qtbot, path, prefs_in(tmp_path))
    view = window.list_page
    assert view is not None
    unlock(qtbot, window)
    from ui.recordlist import MORE_ROLE, RECORD_ID_ROLE

    view.search.setText("강제송환")
    with qtbot.waitSignal(view.search_done, timeout=WAIT) as first:
        view.search.returnPressed.emit()
    assert first.args == [listing.SEARCH_PAGE]
    more = view.results.item(view.results.count() - 1)
    assert more.data(MORE_ROLE) == listing.SEARCH_PAGE
    with qtbot.waitSignal(view.search_done, timeout=WAIT) as second:
        view.results.itemActivated.emit(more)
    assert second.args == [listing.SEARCH_PAGE + 3]
    ids = [view.results.item(i).data(RECORD_ID_ROLE) for i in range(view.results.count())]
    assert len(ids) == len(set(ids)) == listing.SEARCH_PAGE + 3  # no "more" item left, no repeats
    window.close()


def test_the_window_fills_an_older_vaults_snippet_texts_on_a_worker(
    qtbot: Any, tmp_path: Path
) -> None:
    """With no editor open, the main window runs ``records.maintain`` on a worker after the
    unlock, so a vault from before migration 16 that is only searched (an archive) gets its
    snippet texts."""
    import threading

    from ui import autosave

    path = tmp_path / "vault"
    seeded(path, 3)
    with Vault.open(path, PASSPHRASE) as v, v.transaction() as c:  # as before migration 16
        c.execute("DELETE FROM snippet_texts")
        c.execute("INSERT INTO meta (key, value) SELECT 'snippet_texts_below', max(row) + 1"
                  " FROM search_rows")
    ran: list[tuple[str, int]] = []
    autosave.observers.append(lambda what, ident: ran.append((what, ident)))
    try:
        window = open_window(qtbot, path, prefs_in(tmp_path))
        vault = unlock(qtbot, window)
        qtbot.waitUntil(
            lambda: not vault.query("SELECT 1 FROM meta WHERE key = 'snippet_texts_below'"),
            timeout=WAIT,
        )
    finally:
        autosave.observers.clear()
    assert vault.query("SELECT count(*) FROM snippet_texts") == [(3,)]
    assert ("maintain" in {w for w, _ in ran}) and threading.get_ident() not in {i for _, i in ran}
    window.close()


def test_lock_stops_the_windows_maintenance(qtbot: Any, tmp_path: Path) -> None:
    """The lock ends the window's index maintenance: past the maintenance delay no maintainer
    is left retrying on the locked vault (nothing raised meanwhile: pytest-qt fails a test on
    an exception in a slot), and the unlock starts one, on the vault it opened."""
    from ui import autosave

    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    assert [m.timer.isActive() for m in window.findChildren(autosave.Maintainer)] == [True]
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        qtbot.keyClick(window.list_page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(2 * autosave.MAINTAIN_MS)
    assert window.findChildren(autosave.Maintainer) == []
    vault = unlock(qtbot, window)
    assert [m.vault for m in window.findChildren(autosave.Maintainer)] == [vault]
    window.close()


def test_snippet_html_escapes_and_marks() -> None:
    out = snippet_html("<b>a</b> 두만강 x", [(9, 12)])
    assert out.startswith("&lt;b&gt;a&lt;/b&gt; <span")
    assert ">두만강</span> x" in out


# -- lock ------------------------------------------------------------------------------------


def test_lock_clears_views_drops_keys_and_unlock_returns(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 2, narrative="두만강")
    window = open_window(qtbot, path, prefs_in(tmp_path))
    view = window.list_page
    assert view is not None
    vault = unlock(qtbot, window)
    qtbot.waitUntil(lambda: loaded(view) and view.model.rowCount() == 2, timeout=WAIT)
    view.search.insert("두만강")  # QTest cannot type Hangul keys
    with qtbot.waitSignal(view.search_done, timeout=WAIT):
        view.run_search()
    window.open_record(ids[1])
    editor = window.editor
    assert editor is not None and window.stack.currentWidget() is editor
    sections = [s.key for s in records.get(vault, ids[1]).form.sections]
    editor.set_section(sections[2])
    assert editor.section() == sections[2]

    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        window.lock_action.trigger()
    assert vault.locked and window.vault is None
    assert window.editor is None and editor not in [
        window.stack.widget(i) for i in range(window.stack.count())
    ]
    assert view.model.rowCount() == 0 and view.results.count() == 0
    assert view.search.text() == "" and view.summary.text() == ""
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.new_action.isEnabled()

    vault2 = unlock(qtbot, window)
    assert vault2 is not vault
    assert window.editor is not None and window.editor_record == ids[1]
    assert window.editor.section() == sections[2]
    assert window.stack.currentWidget() is window.editor
    window.close()


def test_idle_locks_after_the_configured_delay(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    prefs = prefs_in(tmp_path)
    prefs.set_autolock_minutes(7)
    window = open_window(qtbot, path, prefs)
    assert window.idle.interval_ms == 7 * 60_000
    vault = unlock(qtbot, window)
    assert window.idle.active
    window.idle.set_interval(50)
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT) as sig:
        pass
    assert sig.args == [True] and vault.locked
    assert not window.idle.active
    window.close()


def test_idle_watcher_restarts_on_input(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLineEdit

    watcher = IdleWatcher(60_000)
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher.start()
    watcher._timer.stop()  # simulate a stopped timer: input must not start it
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert not watcher.active
    watcher.start()
    remaining = watcher._timer.remainingTime()
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert watcher.active and watcher._timer.remainingTime() >= remaining - 5
    watcher.detach()


# -- wipe ------------------------------------------------------------------------------------


def test_wipe_dialog_shows_unexported_and_needs_the_word(qtbot: Any) -> None:
    dialog = WipeDialog(2)
    qtbot.addWidget(dialog)
    assert dialog.count_label.text().startswith("2 sealed record(s) have not been exported")
    assert not dialog.wipe_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, "WIP")
    assert not dialog.wipe_button.isEnabled()
    dialog.accept()
    assert dialog.result() != WipeDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.confirm, "E")
    assert dialog.wipe_button.isEnabled()
    locked = WipeDialog(None)
    qtbot.addWidget(locked)
    assert "locked" in locked.count_label.text()


def test_emergency_wipe_from_the_menu_leaves_no_readable_vault(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    seeded(path, 3, seal=2)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window)
    assert listing.count_unexported_sealed(vault) == 2
    seen: list[str] = []

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WipeDialog)
        seen.append(dialog.count_label.text())
        dialog.confirm.setText("WIPE")
        dialog.wipe_button.click()

    QTimer.singleShot(0, confirm)
    key = path / "vault.key"
    import time

    started = time.perf_counter()
    with qtbot.waitSignal(window.wiped, timeout=WAIT):
        window.wipe_action.trigger()
    print(f"\nwipe: confirmed to wiped in {time.perf_counter() - started:.3f} s")
    assert not key.exists()
    assert seen == ["2 sealed record(s) have not been exported and will be lost."]
    assert vault.locked and window.vault is None
    assert not (path / "vault.key").exists() and not (path / "vault.db").exists()
    assert not path.exists()
    with pytest.raises(VaultNotFound):
        Vault.open(path, PASSPHRASE)
    assert window.stack.currentWidget() is window.setup
    window.close()


def test_wipe_while_locked_destroys_the_key_first(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    seeded(path, 1)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    assert window.wipe_action.isEnabled() and window.vault is None
    with qtbot.waitSignal(window.wiped, timeout=WAIT):
        window.wipe_now()
    assert not path.exists()
    window.close()


def test_wrong_passphrase_core_error_type(tmp_path: Path) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    with pytest.raises(WrongPassphrase):
        Vault.open(path, b"nope")


# -- preferences and language ----------------------------------------------------------------


def test_preferences_persist_and_switch_language_live(qtbot: Any, tmp_path: Path) -> None:
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    assert prefs.language_choice == "system" and prefs.language in ("ko", "en")
    assert prefs.autolock_minutes == 5
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    dialog.autolock.setValue(12)
    dialog.accept()
    again = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    assert again.language == "ko" and again.autolock_minutes == 12
    text = (tmp_path / "p.ini").read_text()
    assert set(line.split("=")[0] for line in text.splitlines() if "=" in line) == {
        "language",
        "autolock_minutes",
        "input_device",
    }

    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    en = prefs_in(tmp_path, "en")
    translators = Translators()
    window = MainWindow(path, en, translators)
    qtbot.addWidget(window)
    assert window.lock_action.text() == "&Lock"
    en.set_language("ko")
    try:
        window.apply_preferences()
        assert translators.language == "ko"
        assert window.lock_action.text() != "&Lock" and "L" in window.lock_action.text()
        assert window.unlock_page is not None
        assert window.unlock_page.button.text() != "&Unlock"
        assert window.stack.currentWidget() is window.unlock_page
    finally:
        translators.install("en")
    window.close()


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()  # noqa: S314 (our own catalog)
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


def _lupdate(tmp_path: Path) -> Path:
    """The messages of ui/ as lupdate finds them now, in a fresh .ts file."""
    lupdate = ROOT / ".venv" / "bin" / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed in .venv")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), "-extensions", "py", str(UI_DIR), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    return fresh


def test_every_visible_string_has_a_korean_translation(tmp_path: Path) -> None:
    """lupdate over ui/ now must find nothing the Korean catalog lacks or leaves unfinished."""
    fresh = _lupdate(tmp_path)
    found = {(c, s) for c, s, _ in _messages(fresh)}
    assert len(found) > 100  # lupdate really read the sources
    catalog: dict[tuple[str, str], ET.Element] = {}
    for c, s, m in _messages(CATALOG):
        catalog[(c, s)] = m
    missing = []
    for key in sorted(found):
        message = catalog.get(key)
        translation = None if message is None else message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            missing.append(key)
            continue
        forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
        if not all(f and f.strip() for f in forms):
            missing.append(key)
    assert not missing, f"strings without Korean: {missing[:20]}"
    # the compiled catalog the app loads says the same as the source catalog
    from PySide6.QtCore import QTranslator

    compiled = QTranslator()
    assert compiled.load(str(UI_DIR / "i18n" / "intake_ko.qm"))
    stale = [
        (c, s)
        for (c, s), m in catalog.items()
        if m.get("numerus") != "yes"
        and (c, s) in found
        and compiled.translate(c, s) != (m.findtext("translation") or "")
    ]
    assert not stale, f"intake_ko.qm is out of date (run pyside6-lrelease): {stale[:5]}"


def test_every_plural_message_has_its_english_forms(tmp_path: Path) -> None:
    """A message counted with %n reads "1 key" and "2 keys" in English, never "key(s)":
    intake_en.ts holds the two English forms of every plural message lupdate finds in ui/."""
    fresh = _lupdate(tmp_path)
    plural = {(c, s) for c, s, m in _messages(fresh) if m.get("numerus") == "yes"}
    assert len(plural) > 10  # lupdate really read the sources
    english = {(c, s): m for c, s, m in _messages(UI_DIR / "i18n" / "intake_en.ts")}
    assert set(english) == plural, "intake_en.ts lacks or keeps plural messages"
    from PySide6.QtCore import QTranslator

    compiled = QTranslator()
    assert compiled.load(str(UI_DIR / "i18n" / "intake_en.qm"))
    for (context, source), message in english.items():
        one, many = [f.text or "" for f in message.iter("numerusform")]
        assert "(s)" not in one + many and one != many, source
        assert compiled.translate(context, source, "", 1) == one, source
        assert compiled.translate(context, source, "", 2) == many, source


def test_gui_command_is_registered_through_the_entry_point() -> None:
    from intake.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["gui", "--vault", "/tmp/x"])
    assert args.func.__module__ == "ui.app" and args.vault == Path("/tmp/x")


def test_closing_the_window_saves_the_draft_and_drops_the_keys(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 1)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window)
    window.open_record(ids[0])
    from PySide6.QtWidgets import QLineEdit

    reference = window.editor.findChild(QLineEdit, "record.reference")
    assert reference is not None
    reference.clear()
    qtbot.keyClicks(reference, "ORG-TYPED-9")
    window.close()  # before the autosave timer
    assert vault.locked and window.vault is None
    again = Vault.open(path, PASSPHRASE)
    try:
        assert records.draft(again, ids[0])["record"]["reference"] == "ORG-TYPED-9"
    finally:
        again.lock()


def test_wipe_counts_a_record_corrected_since_its_export_as_not_exported(
    qtbot: Any, tmp_path: Path
) -> None:
    """Handed over at version 1, then corrected and sealed again: version 2 left nowhere, so
    the wipe dialog must count it (it said "Every sealed record has been exported")."""
    from intake.handover import export, recipients
    from tests.test_bundle import keypair

    path = tmp_path / "vault"
    ids = seeded(path, 3, seal=3)
    v = Vault.open(path, PASSPHRASE)
    try:
        _, recipient = keypair(tmp_path)
        recipients.add_recipient(v, "Archive", recipient, "own_archive")
        export.export_bundle(v, ids[:2], ["Archive"], tmp_path / "handover.age")
        assert listing.count(v, Filters(status="exported")) == 2
        records.correct(v, ids[0], reason="the date was misheard")
        records.seal_record(v, ids[0])
        # the list no longer calls it exported: version 2 is in no bundle
        assert listing.count(v, Filters(status="exported")) == 1
        assert listing.count(v, Filters(status="sealed")) == 3
        assert records.get(v, ids[0]).exported_at is None
    finally:
        v.lock()
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    seen: list[str] = []

    def look() -> None:  # the real dialog, left with Escape
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WipeDialog)
        seen.append(dialog.count_label.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look)
    window.wipe_action.trigger()
    assert seen == ["2 sealed record(s) have not been exported and will be lost."]
    assert path.exists() and window.vault is not None
    window.close()


def test_a_new_auto_lock_delay_applies_at_once(qtbot: Any, tmp_path: Path) -> None:
    """Preferences (Ctrl+,) while unlocked: the delay typed there is the one the running
    session locks after, not only the next session's."""
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    assert window.idle.interval_ms == 5 * 60_000
    done: list[bool] = []

    def answer() -> None:  # the real dialog, by keys: the delay field, 9, Enter
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.autolock.setFocus()
        qtbot.keyClick(dialog.autolock, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.autolock, "9")
        qtbot.keyClick(dialog.autolock, Qt.Key.Key_Return)
        done.append(True)

    QTimer.singleShot(0, answer)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Comma,  # type: ignore[union-attr]
                   Qt.KeyboardModifier.ControlModifier)
    assert done and window.prefs.autolock_minutes == 9
    assert window.idle.interval_ms == 9 * 60_000 and window.idle.active
    window.close()


def test_the_wipe_and_lock_keys_work_while_a_dialog_is_open(qtbot: Any, tmp_path: Path) -> None:
    """Qt blocks the window's shortcuts under a modal dialog: Ctrl+Shift+Delete pressed in the
    preferences, or Ctrl+L in a message box, did nothing. Both now work from any dialog."""
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    table = window.list_page.table  # type: ignore[union-attr]
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

    def in_message() -> None:  # "Select one or more sealed records…"; Ctrl+L there
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_L, ctrl)
        QTimer.singleShot(0, lambda: box.isVisible() and box.reject())  # (not locked: no hang)

    QTimer.singleShot(0, in_message)
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        qtbot.keyClick(table, Qt.Key.Key_H, ctrl | shift)
    assert window.vault is None and window.stack.currentWidget() is window.unlock_page
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]

    unlock(qtbot, window)
    asked: list[str] = []

    def answer_wipe(tries: int = 0) -> None:  # the wipe's own dialog, over the preferences
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, WipeDialog):
            asked.append(dialog.count_label.text())
            qtbot.keyClicks(dialog.confirm, "WIPE")
            qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
        elif tries < 100:
            QTimer.singleShot(20, lambda: answer_wipe(tries + 1))
        elif isinstance(dialog, PreferencesDialog):
            dialog.reject()  # the keys did nothing: the test fails, it does not hang

    def in_preferences() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        QTimer.singleShot(0, answer_wipe)
        qtbot.keyClick(dialog.autolock, Qt.Key.Key_Delete, ctrl | shift)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    QTimer.singleShot(0, in_preferences)
    with qtbot.waitSignal(window.wiped, timeout=WAIT):
        qtbot.keyClick(table, Qt.Key.Key_Comma, ctrl)
    assert asked == ["Every sealed record has been exported."]
    assert not path.exists() and window.stack.currentWidget() is window.setup
    window.close()
