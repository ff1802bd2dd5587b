"""The installers (issue 21): `bash scripts/package` builds the frozen one-folder app, its
.tar.gz and .deb once per test session, and these tests run what a field laptop would get.

- the frozen `intake` from the .tar.gz: init -> record new -> attach -> seal -> export; the
  stock `age -d` opens the bundle and `pdfsig` validates the signed statement in it; recovery
  shares (SLIP-39 word list) made and used; a recording from a real (PulseAudio) device
  through PortAudio and libsndfile, decoded back from the vault;
- the frozen app opens its first window on a real X server (Xvfb, the xcb plugin inside);
- the same run inside a network namespace with no interfaces (`unshare -n`);
- `dpkg -i` installs the .deb, `intake --version` runs from PATH, `dpkg -r` removes every
  file it installed and leaves a vault untouched;
- packaging the same frozen folder twice gives byte-identical archives (SOURCE_DATE_EPOCH).

Skipped, with the reason, where the machine cannot build (no PyInstaller, not Linux, no
dpkg-deb). The build takes a few minutes on two cores; its work folder is build/package-test.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import intake
from bench.package import WINDOW
from tests.conftest import PASSPHRASE
from tests.records_data import FORM_ID, example
from tests.test_no_network_ns import SCRIPT as OFFLINE_SCRIPT
from tests.test_ui_screens import start_xvfb

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "package-test"
PACKAGE = "testimony-intake"


@dataclass(frozen=True)
class Build:
    dist: Path  # the artifacts and SHA256SUMS
    app: Path  # the folder unpacked from the .tar.gz
    deb: Path
    tarball: Path

    @property
    def intake(self) -> Path:
        return self.app / "intake"


def package(out: Path, *extra: str) -> None:
    env = dict(os.environ, PYTHON=sys.executable)
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "package"), "--no-setup", "--out", str(out),
         "--work", str(WORK), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    if not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None:
        pytest.skip("the Linux installers are built on Linux with dpkg-deb")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install -e '.[package]')")
    dist = tmp_path_factory.mktemp("dist")
    package(dist)
    [tarball] = dist.glob("*.tar.gz")
    [deb] = dist.glob("*.deb")
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="tar")
    [app] = unpacked.iterdir()
    return Build(dist, app, deb, tarball)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a user's session has: no PYTHONPATH, no virtualenv, a home of its own."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def run_frozen(build: Build, home: Path, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(build.intake), *map(str, args)],
        cwd=home, env=clean_env(home, QT_QPA_PLATFORM="offscreen"),
        capture_output=True, text=True, timeout=300, check=False,
    )


def test_every_data_file_of_ours_is_shipped() -> None:
    """The wheel and the frozen build take our data from [tool.setuptools.package-data]: a
    data file outside it (a new folder of YAML, say) would be missing from both."""
    import tomllib

    shipped = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    missing = [
        str(path.relative_to(ROOT))
        for package in ("intake", "crypto", "forms", "ui")
        for path in sorted((ROOT / package).rglob("*"))
        if path.is_file()
        and path.suffix not in (".py", ".pyc", ".ts")
        and "__pycache__" not in path.parts
        and not any(
            path.relative_to(ROOT / package).match(glob) for glob in shipped.get(package, [])
        )
    ]
    assert missing == []


def test_artifacts_and_checksums(build: Build) -> None:
    sums = (build.dist / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ")[1]: line.split("  ")[0] for line in sums}
    assert set(listed) == {build.tarball.name, build.deb.name}
    for name, digest in listed.items():
        assert hashlib.sha256((build.dist / name).read_bytes()).hexdigest() == digest
    # everything inside: no Python or Qt of the machine is needed
    internal = build.app / "_internal"
    for needed in (
        "intake/fonts/NanumGothic.ttf",
        "forms/definitions",
        "forms/vocabularies",
        "ui/i18n/intake_ko.qm",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    ):
        assert (internal / needed).exists(), needed
    assert not list(internal.rglob("libqtvirtualkeyboardplugin.so"))
    assert not (internal / "PySide6/Qt/plugins/tls").exists()  # no network plugins
    assert not (internal / "PySide6/Qt/plugins/networkinformation").exists()
    dangling = [p for p in build.app.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


def test_frozen_intake_records_seals_and_exports_for_stock_tools(
    build: Build, tmp_path: Path
) -> None:
    home = tmp_path
    (home / "pass").write_bytes(PASSPHRASE + b"\n")
    (home / "doc.json").write_text(json.dumps(example()), encoding="utf-8")
    (home / "interview.ogg").write_bytes(os.urandom(200_000))
    vault = ["--vault", home / "vault", "--passphrase-file", home / "pass"]

    def ok(*args: object) -> str:
        run = run_frozen(build, home, *args)
        assert run.returncode == 0, f"{args[:2]}: {run.stderr[-3000:]}"
        return run.stdout

    assert ok("--version").strip() == f"intake {intake.__version__}"
    ok("init", "--name", "Frozen Interviewer", "--org", "Example NGO", *vault)
    rid = ok(
        "record", "new", "--form", FORM_ID, "--version", "1", "--data", home / "doc.json", *vault
    ).strip()
    ok("attach", rid, home / "interview.ogg", "--note", "part 1", *vault)
    ok("record", "seal", rid, *vault)
    assert "ok: every hash, signature and chain holds" in ok("check", *vault)
    age_keygen = subprocess.run(["age-keygen"], capture_output=True, text=True, check=True)
    (home / "team.key").write_text(age_keygen.stdout)
    recipient = re.search(r"age1[0-9a-z]+", age_keygen.stdout + age_keygen.stderr)
    assert recipient is not None
    ok("recipients", "add", "legal", recipient.group(0), *vault)
    ok("export", rid, "--to", "legal", "--out", home / "handover.age", *vault)

    # the stock age binary opens it; pdfsig validates the signed statement inside
    subprocess.run(
        ["age", "-d", "-i", str(home / "team.key"), "-o", str(home / "bundle.zip"),
         str(home / "handover.age")],
        check=True,
    )
    with zipfile.ZipFile(home / "bundle.zip") as z:
        pdf = z.read(f"records/{rid}/statement.pdf")
        assert z.read(next(n for n in z.namelist() if "attachments/" in n)) == (
            home / "interview.ogg"
        ).read_bytes()
    (home / "statement.pdf").write_bytes(pdf)
    sig = subprocess.run(
        ["pdfsig", str(home / "statement.pdf")], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in sig and "Frozen Interviewer" in sig

    # recovery shares: the SLIP-39 word list is inside; two of three set a new passphrase
    shares = ok("recovery", "create", *vault).split("\n")
    (home / "shares").write_text("\n".join(shares[:2]) + "\n")
    (home / "new-pass").write_bytes(b"a new passphrase after recovery\n")
    ok("recover", "--vault", home / "vault", "--shares-file", home / "shares",
       "--new-passphrase-file", home / "new-pass")
    assert "ok:" in ok("check", "--vault", home / "vault", "--passphrase-file", home / "new-pass")


def descendants(pid: int) -> set[str]:
    """The command lines of the processes below ``pid`` (Linux /proc), as it is now."""
    seen: set[str] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            try:
                seen.add((Path(f"/proc/{kid}/cmdline").read_bytes()).replace(b"\0", b" ").decode())
            except OSError:
                continue
            seen |= descendants(kid)
    return seen


def test_a_large_frozen_handover_renders_and_encrypts_beside_itself(
    build: Build, tmp_path: Path
) -> None:
    """A frozen build starts its own executable for the statement workers (four records or
    more) and for age (an attachment of 64 MiB or more), as the interpreter does unfrozen;
    the bundle opens with stock age and verifies. (Seen by watching the export's processes.)"""
    from intake.capture import attachments
    from intake.handover import agechild, pack, recipients, rendering
    from tests.conftest import make_vault
    from tests.test_bundle import keypair, sealed_record

    identity, recipient = keypair(tmp_path)
    data = os.urandom(pack.CHILD_MIN + 4096)
    with make_vault(tmp_path / "vault") as v:  # type: ignore[attr-defined]
        recipients.add_recipient(v, "legal", recipient)
        rids = [sealed_record(v) for _ in range(rendering.MIN_PARALLEL - 1)]
        rids.append(sealed_record(v, files={"big.bin": data}))
        big = attachments.for_record(v, rids[-1])[0]
    del data
    (tmp_path / "pass").write_bytes(PASSPHRASE + b"\n")
    out = tmp_path / "handover.age"
    proc = subprocess.Popen(
        [str(build.intake), "export", *rids, "--to", "legal", "--out", str(out),
         "--vault", str(tmp_path / "vault"), "--passphrase-file", str(tmp_path / "pass")],
        cwd=tmp_path, env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    started: set[str] = set()
    while proc.poll() is None:
        started |= descendants(proc.pid)
        time.sleep(0.005)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    ours = [c for c in started if c.startswith(str(build.app))]
    assert any(f" {agechild.FROZEN_FLAG} " in c for c in ours), started
    assert any("--multiprocessing-fork" in c for c in ours), started
    from intake.archive import verify

    assert verify.verify(out, identity.read_text()).problems == []
    plain = subprocess.run(
        ["age", "-d", "-i", str(identity), str(out)], capture_output=True, check=True
    ).stdout
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        name = next(n for n in z.namelist() if "attachments/" in n)
        assert hashlib.sha256(z.read(name)).hexdigest() == big.sha256


def test_frozen_intake_records_from_a_real_device(build: Build, tmp_path: Path) -> None:
    from intake.capture import microphone, records
    from tests.audio_server import play, pulse_server, resample, similarity, speech
    from tests.conftest import make_vault
    from tests.test_recording_device import TEXT, decoded

    with make_vault(tmp_path / "vault") as v:  # type: ignore[attr-defined]
        rid = records.create(v, FORM_ID)
    (tmp_path / "pass").write_bytes(PASSPHRASE + b"\n")
    wav, reference, reference_rate = speech(tmp_path, TEXT)
    with pulse_server(tmp_path / "pulse") as server:
        proc = subprocess.Popen(
            [str(build.intake), "record-audio", rid, "--seconds", "10", "--device", "pulse",
             "--vault", str(tmp_path / "vault"), "--passphrase-file", str(tmp_path / "pass")],
            cwd=tmp_path, env=clean_env(tmp_path, **server.env), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()  # printed once the first audio arrived
        assert line.startswith("recording from pulse"), line + proc.stderr.read()
        play(server, wav)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    info, got, rate = decoded(tmp_path / "vault", rid)
    assert (info.state, rate) == ("complete", microphone.RATE)
    assert similarity(got, resample(reference, reference_rate, rate)) >= 0.5


def test_frozen_app_opens_its_window_under_xvfb(build: Build, tmp_path: Path) -> None:
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("needs Xvfb (xvfb) and xwininfo (x11-utils)")
    server, display = start_xvfb()
    app = None
    try:
        env = clean_env(tmp_path, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        app = subprocess.Popen(
            [str(build.intake), "gui", "--vault", str(tmp_path / "vault")],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        window = None
        for _ in range(240):  # the first window: the set-up wizard of a new vault
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", display],
                capture_output=True, text=True, check=False,
            ).stdout
            window = WINDOW.search(tree)
            if window is not None or app.poll() is not None:
                break
            time.sleep(0.25)
        assert window is not None, app.communicate(timeout=30)[0] if app.poll() is not None else ""
        assert int(window.group(2)) > 300 and int(window.group(3)) > 200
        assert app.poll() is None  # still running, drawing its window
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=30)
        server.terminate()
        server.wait(timeout=10)


def test_frozen_build_runs_without_any_network(build: Build, tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.strip()}")
    python_intake = 'intake() { "$PY" -m intake "$@"; }'
    assert python_intake in OFFLINE_SCRIPT
    script = OFFLINE_SCRIPT.replace(python_intake, 'intake() { "$INTAKE" "$@"; }')
    (tmp_path / "pass").write_bytes(PASSPHRASE + b"\n")
    (tmp_path / "doc.json").write_text(json.dumps(example()), encoding="utf-8")
    env = clean_env(
        tmp_path, PY=sys.executable, INTAKE=str(build.intake), W=str(tmp_path), FORM=FORM_ID,
        QT_QPA_PLATFORM="offscreen",
    )
    run = subprocess.run(
        [unshare, "-n", "sh", "-c", script],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "ALL-OFFLINE-OK" in run.stdout
    assert "ok: every hash, signature and chain holds" in run.stdout


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def dpkg_free() -> Iterator[None]:
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        pytest.skip("installing a .deb needs root and dpkg")
    if subprocess.run(["dpkg", "-s", PACKAGE], capture_output=True, check=False).returncode == 0:
        pytest.skip(f"{PACKAGE} is already installed here: not touching it")
    yield
    subprocess.run(["dpkg", "-r", PACKAGE], capture_output=True, check=False)  # after a failure


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    for _ in range(60):  # another dpkg (another test session, apt) may hold the lock
        run = subprocess.run(["dpkg", *args], capture_output=True, text=True, check=False)
        if "lock" not in run.stderr:
            return run
        time.sleep(2)
    return run


def test_deb_installs_runs_and_removes_without_touching_vaults(
    build: Build, tmp_path: Path, dpkg_free: None
) -> None:
    home = tmp_path
    (home / "pass").write_bytes(PASSPHRASE + b"\n")
    made = run_frozen(build, home, "init", "--name", "Deb", "--passphrase-file", home / "pass")
    assert made.returncode == 0, made.stderr
    assert [p for p in home.rglob("*") if p.is_file() and p.parent != home], "no vault made"

    installed = dpkg("-i", str(build.deb))
    assert installed.returncode == 0, installed.stderr
    files = [Path(f) for f in dpkg("-L", PACKAGE).stdout.split()]
    assert Path("/opt/testimony-intake/intake") in files
    assert Path("/usr/share/applications/testimony-intake.desktop") in files
    version = subprocess.run(
        ["intake", "--version"], env=clean_env(home), capture_output=True, text=True, check=False
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"intake {intake.__version__}"
    assert Path(shutil.which("intake", path="/usr/bin") or "").resolve() == Path(
        "/opt/testimony-intake/intake"
    )
    checked = subprocess.run(
        ["intake", "check", "--passphrase-file", str(home / "pass")],
        env=clean_env(home), capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stderr  # the installed build opens the default vault

    before = tree_digest(home)
    removed = dpkg("-r", PACKAGE)
    assert removed.returncode == 0, removed.stderr
    left = [f for f in files if f.is_file() or f.is_symlink()]
    assert left == []
    assert not Path("/opt/testimony-intake").exists()
    assert tree_digest(home) == before  # the vault is exactly as it was


def test_packaging_the_same_build_twice_gives_the_same_bytes(
    build: Build, tmp_path: Path
) -> None:
    package(tmp_path, "--reuse-frozen")
    assert (tmp_path / "SHA256SUMS").read_text() == (build.dist / "SHA256SUMS").read_text()
