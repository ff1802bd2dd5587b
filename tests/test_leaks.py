"""Leaks: a whole working day, then every file it could have touched is scanned for markers.

A child process with fresh HOME, XDG and TMPDIR folders runs set-up, two interviews with
marker strings in every free-text field (protected identity included) and marker bytes
inside attachments, sealing, a correction, search, export, verify, import into an
archive and lock, with the root logger at DEBUG writing to a file; then the app attaches a
file through its file dialog from a folder named by a marker (Qt remembers such folders in
``QtProject.conf``) and saves its preferences. Then the vault, the
archive, the temp folder, the user's cache and config folders (platformdirs), the whole
fresh HOME, the bundle and the log are scanned for the markers in UTF-8, UTF-16 and
base64 (tests/markers.py); the log is scanned for the passphrase too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.markers import new_markers, scan

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, logging, sys
from pathlib import Path
import platformdirs
from crypto import age
from intake import files
from intake.archive import pins, receive, verify
from intake.capture import attachments, listing, records
from intake.handover import export, recipients
from intake.vault import Vault
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, FORM_VERSION, example, with_text

work, sources = Path(sys.argv[1]), Path(sys.argv[2])
logging.basicConfig(level=logging.DEBUG, filename=str(work / "debug.log"), force=True)
logging.getLogger().debug("leak test starting")
files.private_umask()
markers = json.loads((sources / "markers.json").read_text(encoding="utf-8"))

v = make_vault(work / "vault")
identity, recipient = age.generate_identity()
recipients.add_recipient(v, "archive", recipient)
ids = []
for i, marker in enumerate(markers):
    doc = with_text(example(), marker)
    rid = records.create(v, FORM_ID, example(), FORM_VERSION)
    records.save_draft(v, rid, doc)
    for name, data in (
        (f"photo{i}.jpg", marker.encode() + bytes(70000) + marker.encode("utf-16-le")),
        (f"notes{i}.txt", (marker + "\n") * 5000),
    ):
        src = sources / name
        src.write_bytes(data if isinstance(data, bytes) else data.encode())
        attachments.add(v, rid, src, note=f"note {marker}")
    records.seal_record(v, rid)
    records.correct(v, rid)
    records.save_draft(v, rid, with_text(example(), marker + " corrected"))
    records.seal_record(v, rid)
    ids.append(rid)
for marker in markers:
    assert listing.find(v, marker[-8:]), "search finds the marker"
bundle_path = work / "out" / "handover.age"
bundle_path.parent.mkdir()
export.export_bundle(v, ids, ["archive"], bundle_path)
fingerprint = v.identity.fingerprint
v.lock()

report = verify.verify(bundle_path, identity)
assert report.ok, report.problems
archive = make_vault(work / "archive", name="Legal Team")
pins.trust(archive, fingerprint, "Interviewer")
result = receive.import_bundle(archive, bundle_path, identity, trust_new=True)
assert len(result.new_records) == 2
for marker in markers:
    assert listing.find(archive, marker[-8:])
archive.lock()

# the app's file dialog, used to attach a file from a folder named by the marker: Qt's
# dialog must not remember the folder (QtProject.conf) nor report it to the desktop
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from ui.app import application
from ui.attachmentspanel import AttachmentsPanel
from ui.preferences import Preferences

app = application()
Preferences().set_autolock_minutes(7)  # the app's own settings file is written too
folder = sources / markers[1]
folder.mkdir()
(folder / "sketch.jpg").write_bytes(b"\xff\xd8" + bytes(1000))
v = Vault.open(work / "vault", PASSPHRASE)
panel = AttachmentsPanel(v, ids[0])
done = []
panel.job_done.connect(lambda *args: done.append(args))

def pick():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QFileDialog):
        QTimer.singleShot(20, pick)
        return
    dialog.setDirectory(str(folder))
    dialog.selectFile(str(folder / "sketch.jpg"))
    dialog.accept()

QTimer.singleShot(0, pick)
records.correct(v, ids[0])
panel.choose_files()
while not done:
    app.processEvents()
assert done[0][0] == "added", done
v.lock()
print(json.dumps({
    "cache": str(platformdirs.user_cache_path("TestimonyIntake", appauthor=False)),
    "config": str(platformdirs.user_config_path("TestimonyIntake", appauthor=False)),
    "data": str(platformdirs.user_data_path("TestimonyIntake", appauthor=False)),
}))
"""


def test_a_working_day_leaves_no_marker_anywhere(tmp_path: Path, record_property: object) -> None:
    korean, english = new_markers()
    work, sources, home, tmp = (tmp_path / d for d in ("work", "sources", "home", "tmp"))
    for d in (work, sources, home, tmp):
        d.mkdir()
    (sources / "markers.json").write_text(json.dumps([korean, english]), encoding="utf-8")
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
        [sys.executable, "-c", CHILD, str(work), str(sources)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    dirs = json.loads(run.stdout.strip().splitlines()[-1])
    assert all(Path(p).is_relative_to(home) for p in dirs.values())  # fresh dirs were used

    bundle = work / "out" / "handover.age"
    log = work / "debug.log"
    assert bundle.stat().st_size > 100_000 and log.exists()
    roots = [work / "vault", work / "archive", tmp, home, Path(dirs["cache"]),
             Path(dirs["config"]), bundle, log]  # fmt: skip
    found = scan(roots, [korean, english])
    # the harness can find what it looks for: the plaintext sources hold both markers
    assert len(scan([sources], [korean, english])) >= 2
    from tests.conftest import PASSPHRASE

    in_log = scan([log], [korean, english, PASSPHRASE.decode()])
    scanned = sum(1 for r in roots if r.is_file()) + sum(
        1 for r in roots if r.is_dir() for p in r.rglob("*") if p.is_file()
    )
    print(f"leaks: {scanned} files scanned, {len(found)} markers found, log: {len(in_log)}")
    record_property("files_scanned", scanned)  # type: ignore[operator]
    record_property("markers_found", len(found) + len(in_log))  # type: ignore[operator]
    assert found == []
    assert in_log == []
