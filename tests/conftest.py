"""Test-session wide guards and fixtures.

The network guard fails any attempt to open an internet socket anywhere in the
test session: the tool must never need one.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

_real_socket = socket.socket


class _GuardedSocket(_real_socket):
    def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
        if family in (socket.AF_INET, socket.AF_INET6) or (
            family == -1 and not args and not kwargs
        ):
            raise RuntimeError("network access attempted during tests (AF_INET/AF_INET6)")
        super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]


def _guarded_create_connection(*args: object, **kwargs: object) -> None:
    raise RuntimeError("network access attempted during tests (create_connection)")


def pytest_configure(config: pytest.Config) -> None:
    socket.socket = _GuardedSocket  # type: ignore[misc]
    socket.create_connection = _guarded_create_connection  # type: ignore[assignment]


#: Test modules that take interviews with the current default form (version 2 of
#: nk-testimony). Every other module drives version-1 records, as it did before version 2
#: existed: that is the proof that version-1 records keep working exactly as before.
CURRENT_FORM_MODULES = ("test_form_v2", "test_form_v2_cli", "test_ui_form_v2", "test_ui_keyboard")


@pytest.fixture(autouse=True, scope="module")
def _version_1_records_by_default(request: pytest.FixtureRequest) -> Iterator[None]:
    """``records.create(vault, "nk-testimony")`` without a version makes a version-1 record
    in the modules written for version 1 (a command-line test passes ``--version 1``).
    Module-scoped, so the modules' own module-scoped fixtures get it too."""
    if request.module.__name__.rpartition(".")[2] in CURRENT_FORM_MODULES:
        yield
        return
    from intake.capture import records

    create = records.create

    def create_v1(vault: object, form_id: str, doc: object = None,
                  version: int | None = None) -> str:
        if form_id == "nk-testimony" and version is None:
            version = 1
        return create(vault, form_id, doc, version)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "create", create_v1)
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", help="run the long variants of the suites")


# -- vaults ----------------------------------------------------------------------

PASSPHRASE = "correct horse battery staple 정답".encode()


@pytest.fixture
def passphrase_file(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("secrets") / "passphrase"
    path.write_bytes(PASSPHRASE + b"\n")
    return path


def make_vault(path: object, name: str = "Interviewer One", org: str = "Example NGO") -> object:
    """A vault with cheap KDF parameters, through the explicit test-only switch."""
    from crypto import kdf
    from intake.vault import Vault

    return Vault.create(
        path,  # type: ignore[arg-type]
        PASSPHRASE,
        name=name,
        org=org,
        params=kdf.insecure_test_params(),
        insecure_test_kdf=True,
    )


@pytest.fixture
def vault(tmp_path: object) -> object:
    from pathlib import Path

    v = make_vault(Path(str(tmp_path)) / "vault")
    yield v
    v.lock()  # type: ignore[attr-defined]


# -- sound -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def audio_output(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The PulseAudio server (tests/audio_server.py) that Qt plays sound to, for the whole
    session. Qt connects to the sound server once per process (to list the devices, and
    again at the first audio sink), and cannot follow a server that stops (measured with Qt
    6.11: it never finds a later one, or aborts in libpulse): so one server lives for the
    session, Qt is connected to it here, both ways, before any test points PULSE_SERVER at a
    server of its own (a capture test's), and the environment is put back."""
    import os

    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

    from tests.audio_server import pulse_server

    with pulse_server(tmp_path_factory.mktemp("sound")) as server:
        saved = {k: os.environ.get(k) for k in server.env}
        os.environ.update(server.env)
        try:
            device = QMediaDevices.defaultAudioOutput()
            if device.isNull():
                pytest.fail("Qt found no sound output: it was asked before this server ran")
            fmt = QAudioFormat()
            fmt.setSampleRate(48000)
            fmt.setChannelCount(1)
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            sink = QAudioSink(device, fmt)
            if sink.start() is None:
                pytest.fail("Qt cannot play to the test's sound server")
            sink.stop()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        yield server
