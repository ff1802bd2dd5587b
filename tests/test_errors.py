"""Error codes: every failure of the core has a stable code; the CLI's exit codes and the GUI's
Korean and English messages (ui/errors.py) are keyed on the same codes."""

from __future__ import annotations

import ast
import importlib
import logging
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import crypto
import forms
import intake
from crypto import errors as crypto_errors
from crypto import kdf
from forms import errors as forms_errors
from intake import errors
from intake.cli import EXIT_CODES
from intake.vault import KEY_FILE, Vault

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = b"correct horse battery staple"
HANGUL = re.compile(r"[가-힣]")


def _exception_classes() -> list[type[BaseException]]:
    """Every exception class the core and the GUI define (all their modules imported)."""
    for package in (crypto, forms, intake):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
    importlib.import_module("ui.setup_wizard")
    out, todo = [], [Exception]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in ("crypto", "forms", "intake"):
                out.append(sub)
    return out


def _raise_sites() -> Iterator[tuple[str, str, str]]:
    """(where, class name, code) of every ``SomeError(…, code="…")`` and share kind."""
    for folder in ("crypto", "forms", "intake", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                for kw in node.keywords:
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                        yield where, node.func.id, str(kw.value.value)
                if node.func.id == "ShareError" and len(node.args) > 1:
                    kind = node.args[1]
                    assert isinstance(kind, ast.Constant), where
                    yield where, "ShareError", f"share.{kind.value}"


def test_every_exception_class_has_a_registered_code() -> None:
    classes = _exception_classes()
    names = {c.__name__ for c in classes}
    assert {"BundleError", "StatementError", "ShareError", "NotTheSupervisor", "EdtfError",
            "UnknownFormError", "Cancelled"} <= names  # fmt: skip
    for cls in classes:
        code = cls.__dict__.get("code", None) or getattr(cls, "code", None)
        if isinstance(code, property):
            continue  # ShareError: share.KIND, checked at its raise sites below
        assert code in errors.CODES, f"{cls.__module__}.{cls.__name__} has no registered code"
    assert len(set(errors.CODES)) == len(errors.CODES)


def test_every_code_given_where_raised_is_registered_and_keeps_the_exit_code() -> None:
    own = {c.__name__: c for c in _exception_classes()}
    sites = list(_raise_sites())
    assert len(sites) > 40
    for where, name, code in sites:
        assert code in errors.CODES, f"{where}: {code!r} is not in intake.errors.CODES"
        cls = own.get(name)
        if cls is not None and not isinstance(cls.__dict__.get("code"), property):
            # a narrower code never changes what the CLI exits with
            assert EXIT_CODES[code] == EXIT_CODES[str(cls.code)], where
    assert {s[2] for s in sites if s[1] == "ShareError"} | {"share.no_combine"} == {
        c for c in crypto_errors.CODES if c.startswith("share.")
    }


def test_the_cli_table_covers_every_code_with_the_old_exit_codes() -> None:
    from crypto.errors import (
        CryptoError,
        FormatError,
        IntegrityError,
        SignatureError,
        WrongIdentity,
        WrongPassphrase,
    )
    from crypto.shares import ShareError
    from intake.capture.countersign import CountersignatureRequired, NotTheSupervisor
    from intake.handover.bundle import BundleError

    assert set(EXIT_CODES) == set(errors.CODES)
    before = {  # each family's exit code before the codes (tests/test_cli.py runs them too)
        errors.ValidationFailed("x", []): 1, errors.CheckFailed("x", []): 1,
        errors.ConsentRefused("x"): 1, errors.ProtectedTextFound("x"): 1,
        CountersignatureRequired("x"): 1, NotTheSupervisor("x"): 3, BundleError("x"): 2,
        errors.UsageError("x"): 2, errors.VaultNotFound("x"): 2, errors.NotFound("x"): 2,
        errors.IntakeError("x"): 2, WrongPassphrase(): 3, WrongIdentity("x"): 3,
        IntegrityError("x"): 1, SignatureError("x"): 1, FormatError("x"): 2,
        ShareError("x", "too_few", 2, 1): 2, CryptoError("x"): 2, OSError(28, "full"): 2,
        FileNotFoundError(2, "gone", "f"): 2, KeyboardInterrupt(): 130,
        forms_errors.FormError("f.yaml", 3, "bad"): 2,
    }  # fmt: skip
    for exc, code in before.items():
        assert EXIT_CODES[errors.code_of(exc)] == code, exc


def test_every_code_has_an_english_and_a_korean_message(qapp: Any) -> None:
    from ui import errors as ui_errors
    from ui.preferences import Translators

    english = ui_errors.texts()
    assert set(english) == set(errors.CODES), set(english) ^ set(errors.CODES)
    translators = Translators()
    try:
        translators.install("ko")
        korean = ui_errors.texts()
    finally:
        translators.install("en")
    missing = [c for c in errors.CODES if not HANGUL.search(korean[c])]
    assert not missing, f"codes without a Korean message: {missing}"
    for code in errors.CODES:  # the same places for the core's detail in both languages
        assert sorted(re.findall(r"%\d", english[code])) == sorted(
            re.findall(r"%\d", korean[code])), code  # fmt: skip


def test_a_message_shows_the_detail_never_the_class_or_the_core_text(qapp: Any) -> None:
    from ui import errors as ui_errors

    e = errors.NotADraft("record abc is sealed, not a draft", detail="abc")
    assert ui_errors.message(e, "Not saved: %1") == (
        "Not saved: Record abc is not an open draft: open a correction to change it."
    )
    full = OSError(28, "No space left on device", "/media/usb/out.age")
    text = ui_errors.message(full)
    assert text.startswith("The disk is full") and "(/media/usb/out.age)" in text
    from crypto.shares import ShareError

    text = ui_errors.message(ShareError("share 3 equals share 1", "duplicate", 3, 1))
    assert text == "Share 3 is the same as share 1: give a different share."


def _fails_unexpectedly() -> None:
    raise ValueError("the witness said: 김 선생이 끌려갔다")


def test_an_unexpected_error_gets_a_generic_message_and_a_safe_log(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A worker's failure is noted by its place, never its text; the message is generic."""
    from ui import errors as ui_errors
    from ui.workers import Task

    with caplog.at_level(logging.DEBUG):
        task = Task(_fails_unexpectedly)
        with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
            task.start()
    caught = failed.args[0]
    text = ui_errors.message(caught, "Not done: %1")
    line = _fails_unexpectedly.__code__.co_firstlineno + 1
    generic = "An unexpected error stopped this: please report it."
    assert text == f"Not done: {generic} (test_errors.py:{line})"
    for shown in (text, caplog.text):
        assert "ValueError" not in shown and "witness" not in shown and "김" not in shown
    assert f"unexpected error at test_errors.py:{line}" in caplog.text


# -- the Korean interface, on real failures of the core ---------------------------------------


@pytest.fixture
def korean(qapp: Any) -> Iterator[None]:
    from ui.preferences import Translators

    translators = Translators()
    translators.install("ko")
    yield
    translators.install("en")


def _no_english(text: str, core_text: str, cls: type[BaseException]) -> None:
    assert HANGUL.search(text), text
    assert cls.__name__ not in text and core_text not in text, text
    assert not re.search(r"\b(the|is|not|of)\b", text), text  # no English sentence in it


def test_korean_unlock_of_a_damaged_vault(qtbot: Any, tmp_path: Path, korean: None) -> None:
    from ui.unlock import UnlockWidget

    path = tmp_path / "vault"
    Vault.create(
        path, PASSPHRASE, name="Tester", params=kdf.insecure_test_params(), insecure_test_kdf=True
    ).lock()
    key = path / KEY_FILE
    key.write_bytes(key.read_bytes()[:40])  # cut short by a bad copy
    with pytest.raises(crypto_errors.FormatError) as raised:
        Vault.open(path, PASSPHRASE)
    page = UnlockWidget(path)
    qtbot.addWidget(page)
    page.passphrase.setText(PASSPHRASE.decode())
    with qtbot.waitSignal(page.failed, timeout=30_000) as said:
        qtbot.keyClick(page.passphrase, "\r")
    text = said.args[0]
    assert text == page.message.text()
    assert text.startswith("보관함을 열 수 없습니다: ") and "손상" in text
    _no_english(text, str(raised.value), crypto_errors.FormatError)


def test_korean_recovery_names_the_unreadable_image(
    qtbot: Any, tmp_path: Path, korean: None
) -> None:
    from intake.vault import recovery
    from ui.recovery import RecoverDialog

    junk = tmp_path / "사진.png"
    junk.write_bytes(b"not an image at all")
    with pytest.raises(errors.UsageError) as raised:
        recovery.shares_in_image(junk)
    dialog = RecoverDialog(tmp_path / "vault")
    qtbot.addWidget(dialog)
    assert dialog.read_image(junk) == 0
    assert dialog.message.text() == "사진.png: 읽을 수 있는 이미지가 아닙니다."
    _no_english(dialog.message.text(), str(raised.value), errors.UsageError)


def test_korean_import_of_a_damaged_bundle(qtbot: Any, tmp_path: Path, korean: None) -> None:
    """A bundle cut short in transit (a real age file, truncated): the import card says so in
    Korean, naming the file; not the core's English line, not the exception's class."""
    import io

    from crypto import age
    from crypto.errors import IntegrityError
    from intake.archive import batch
    from tests.conftest import make_vault
    from ui.archive.workspace import ArchiveWorkspace

    identity, recipient = age.generate_identity()
    key = tmp_path / "legal-team.txt"
    key.write_text(identity, encoding="utf-8")
    sealed = io.BytesIO()
    age.encrypt(io.BytesIO(b"PK" + bytes(200_000)), sealed, [recipient])
    bad = tmp_path / "묶음-0042.age"
    bad.write_bytes(sealed.getvalue()[:150_000])  # an interrupted copy
    v: Any = make_vault(tmp_path / "archive", name="Legal Team")
    english = batch.import_one(v, bad, identity)
    assert isinstance(english.exception, IntegrityError) and english.error

    ws = ArchiveWorkspace(v, "ko")
    qtbot.addWidget(ws)
    ws.imports.load_identity(key)
    with qtbot.waitSignal(ws.imports.finished, timeout=60_000) as done:
        ws.imports.import_paths([bad])
    assert [o.ok for o in done.args[0]] == [False]
    card = ws.imports.cards[-1]
    assert card.why == (
        "데이터가 손상되었거나 변조되었습니다. 무결성 검사를 통과하지 못했습니다. (묶음-0042.age)"
    )
    shown = " ".join(label.text() for label in card.findChildren(type(card.heading)))
    assert card.why in shown and "가져오지 못함" in card.heading.text()
    assert english.error not in shown and "IntegrityError" not in shown
    v.lock()
