"""The frozen build against the virtual environment (issue 21): size on disk, `intake
--version`, a 50-record handover from the command line (issue 22's row, as an installed
app does it: statement workers and age's child are the frozen executable started again),
and the app's start until its first window is on a real X server (Xvfb).

Every start is a fresh process (a cold start of the program; the page cache is left as it
is, so the files are read from memory after the first run, which is reported apart). The
window is found by polling ``xwininfo`` every 10 ms, so that figure is good to about 10 ms.
The frozen folder is the one ``bash scripts/package`` left (``--frozen`` names another).
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from bench.measure import Figure, median, percentile, settle

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "build" / "package" / "frozen" / "testimony-intake"
MB = 1_000_000
# a line of `xwininfo -root -tree` for the app's window: its title, its class (not empty: Qt's
# 1x1 group leader has the same title and none) and a size of hundreds of pixels
WINDOW = re.compile(r'"(Testimony Intake|증언 기록)": \("[^)]+\)\s+(\d{3,})x(\d{3,})')
# the screenshot test's Xvfb starter (-displayfd, -nolisten tcp); looked up at run time so
# that mypy does not type-check the test suite through it
start_xvfb = importlib.import_module("tests.test_ui_screens").start_xvfb


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def runtime_bytes() -> int:
    """What the app's own dependencies occupy in the virtual environment (test and build
    tools left out), plus the Python installation the environment points to."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = ["testimony-intake"]
    total = 0
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for r in dist.requires or []:
            req = Requirement(r)
            if not req.marker or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
        if name == "testimony-intake":
            continue  # the project itself: its sources, counted in the stdlib line below
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
    stdlib = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return total + folder_bytes(stdlib) - folder_bytes(stdlib / "site-packages")


def starts(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, list[float]]:
    """The first run and the next ``runs`` of a command, each a fresh process."""

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    first = once()
    return first, [once() for _ in range(runs)]


def window_start(argv: list[str], display: str, env: dict[str, str], home: Path) -> float:
    """Seconds from starting the app until its first window is mapped on ``display``."""
    start = time.perf_counter()
    app = subprocess.Popen(
        [*argv, "gui", "--vault", str(home / "vault")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while app.poll() is None and time.perf_counter() - start < 120:
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", display],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if WINDOW.search(tree):
                return time.perf_counter() - start
            time.sleep(0.01)
        raise RuntimeError(f"{argv[0]} gui showed no window (exited, or 2 minutes passed)")
    finally:
        app.terminate()
        app.wait(timeout=30)


def handover_vault(folder: Path) -> tuple[list[str], Path]:
    """A vault in ``folder`` holding the handover bench's sealed records (the same documents)
    and its legal team; their ids, and the passphrase file."""
    from bench import vaults
    from bench.handover import HANDOVER_RECORDS, TEAM, bench_vault, sealed
    from crypto import age
    from intake.handover import recipients

    v = bench_vault(folder / "vault")
    ids = [sealed(v, 100 + k) for k in range(HANDOVER_RECORDS)]  # the handover rows' records
    recipients.add_recipient(v, TEAM, age.generate_identity()[1])
    v.lock()
    secret = folder / "passphrase"
    secret.write_bytes(vaults.PASSPHRASE + b"\n")
    return ids, secret


def handovers(argv: list[str], folder: Path, env: dict[str, str], runs: int) -> list[float]:
    """Seconds of ``runs`` exports of the handover vault's records, each a fresh process."""
    from bench.handover import TEAM

    ids, secret = handover_vault(folder)
    out, times = folder / "bundle.age", []
    for _ in range(runs):
        settle()  # the previous bundle written back first
        start = time.perf_counter()
        subprocess.run(
            [*argv, "export", *ids, "--to", TEAM, "--out", str(out), "--vault",
             str(folder / "vault"), "--passphrase-file", str(secret)],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
        out.unlink()
    return times


def rows(frozen: Path | None = None, runs: int = 10, window_runs: int = 5) -> list[Figure]:
    from bench.handover import HANDOVER_RECORDS

    frozen = frozen or FROZEN
    intake = frozen / "intake"
    if not intake.is_file():
        raise SystemExit(f"no frozen build at {frozen}: run bash scripts/package first")
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        raise SystemExit("the window rows need Xvfb and xwininfo (bash scripts/setup)")
    frozen_cmd = [str(intake)]
    venv_cmd = [sys.executable, "-m", "intake"]
    figures = []

    size = folder_bytes(frozen)
    venv = runtime_bytes()
    figures.append(
        Figure(
            "frozen build on disk (one folder, everything inside)",
            size / MB,
            unit="MB",
            baseline="venv: runtime dependencies + Python's stdlib",
            baseline_value=venv / MB,
        )
    )
    dist = ROOT / "dist"
    for artifact in sorted(dist.glob("*.deb")) + sorted(dist.glob("*.tar.gz")):
        figures.append(Figure(f"installer {artifact.name}", artifact.stat().st_size / MB, "MB"))

    home = Path(tempfile.mkdtemp(prefix="bench-package-"))
    try:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        for label, argv in (("frozen", frozen_cmd), ("venv", venv_cmd)):
            first, times = starts([*argv, "--version"], runs, env)
            figures.append(
                Figure(
                    f"intake --version, {label}",
                    median(times),
                    p95=percentile(times, 95),
                    note=f"first run {first:.2f} s",
                    runs=len(times),
                )
            )
        figures[-2].baseline, figures[-2].baseline_value = "venv", figures[-1].value

        for label, argv in (("frozen", frozen_cmd), ("venv", venv_cmd)):
            (home / label).mkdir()
            times = handovers(argv, home / label, env, 3)
            figures.append(Figure(
                f"handover of {HANDOVER_RECORDS} records without attachments, the command"
                f" line, {label}",
                median(times), target="< 10 s", met=median(times) < 10, runs=len(times)))
        figures[-2].baseline, figures[-2].baseline_value = "venv", figures[-1].value

        server, display = start_xvfb()
        try:
            gui_env = dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb")
            for label, argv in (("frozen", frozen_cmd), ("venv", venv_cmd)):
                first, *times = [
                    window_start(argv, display, gui_env, home) for _ in range(window_runs + 1)
                ]
                figures.append(
                    Figure(
                        f"app start to first window (Xvfb), {label}",
                        median(times),
                        p95=percentile(times, 95),
                        note=f"first run {first:.2f} s",
                        runs=len(times),
                    )
                )
            figures[-2].baseline, figures[-2].baseline_value = "venv", figures[-1].value
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return figures


def main() -> None:
    """``python -m bench.package [FROZEN_DIR]``: the rows alone, as a table."""
    from bench import report

    frozen = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(report.table(rows(frozen)))


if __name__ == "__main__":
    os.environ.pop("QT_QPA_PLATFORM", None)
    main()
