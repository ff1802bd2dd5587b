"""Child process for the crash tests: real vault operations in a loop, until SIGKILL.

    python tests/crash_driver.py OP VAULT ACKFILE K SEED   run one worker (never returns)
    python tests/crash_driver.py serve                     a zygote: reads "run OP VAULT
        ACKFILE K SEED" lines on stdin, forks one worker per line, prints "pid N" then
        "exit STATUS" (the raw wait status) once that worker is gone.

The zygote only saves the ~0.6 s of imports per kill: every worker is still a separate
process, opened on the vault from scratch and killed with SIGKILL by the test.

OP is one of autosave, seal, attach, passwd, rotate, export, import, mixed. K is the index of the
passphrase that opens the vault now (passphrase(K)); the worker never gets a secret
through argv. After each operation *returns* (so after its commit), the worker appends an
acknowledgement line to ACKFILE with a single os.write, so the test knows what must
have survived:

    draft RID N            the draft of RID holds counter N
    sealed RID V HASH      version V of RID is sealed with this version hash
    corrected RID V        a draft of version V is open
    attached RID ATTID     attachment ATTID is in the vault
    passwd K               passphrase(K) now opens the vault (after a re-wrap or a rotation)
    exported PATH          a complete bundle is at PATH
    imported BUNDLE_ID     that bundle is imported
    error TEXT             the worker failed on its own (the test then fails)
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import forms  # noqa: E402
from crypto import kdf  # noqa: E402
from intake.capture import attachments, records  # noqa: E402
from intake.vault import Vault, rotate  # noqa: E402
from tests.conftest import PASSPHRASE  # noqa: E402
from tests.records_data import FORM_ID, FORM_VERSION, example, set_narrative  # noqa: E402

OPS = ("autosave", "seal", "attach", "passwd", "rotate", "mixed")
LARGE_FILE_BYTES = 3 * 1024 * 1024 + 12345  # 49 chunks, the last one partial


def passphrase(k: int) -> bytes:
    return PASSPHRASE if k == 0 else PASSPHRASE + f" #{k}".encode()


def draft_text(rid: str, n: int) -> str:
    """A narrative that names its counter and carries a hash of itself (a torn write shows)."""
    rnd = random.Random(f"{rid}:{n}")
    words = ["요덕", "관리소", "보위부", "interrogation", "border", "winter", "샘물"]
    filler = " ".join(rnd.choice(words) for _ in range(rnd.randrange(50, 3000)))
    body = f"ctr{n:07d}x{rid} {filler}"
    return f"{body} sha256={hashlib.sha256(body.encode()).hexdigest()}"


def parse_draft_text(rid: str, text: str) -> int:
    """The counter of a narrative written by draft_text; ValueError if it is torn or foreign."""
    body, sep, digest = text.rpartition(" sha256=")
    if not sep or hashlib.sha256(body.encode()).hexdigest() != digest:
        raise ValueError("narrative does not match its own hash")
    head = body.split(" ", 1)[0]
    if not head.startswith("ctr") or not head.endswith(f"x{rid}"):
        raise ValueError("narrative of another record")
    n = int(head[3:10])
    if text != draft_text(rid, n):
        raise ValueError("narrative is not the one written for its counter")
    return n


class Worker:
    def __init__(self, op: str, vault_path: Path, ackfile: Path, k: int, seed: int) -> None:
        self.op = op
        self.ack_fd = os.open(ackfile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.rnd = random.Random(seed)
        self.k = k
        self.vault = Vault.open(vault_path, passphrase(k))
        self.base = example()
        self.large = vault_path.parent / "large-source.bin"
        self.counters: dict[str, int] = {}

    def ack(self, line: str) -> None:
        os.write(self.ack_fd, (line + "\n").encode())

    def draft_record(self) -> str:
        rows = self.vault.query("SELECT record_id FROM drafts ORDER BY record_id")
        if rows:
            return str(self.rnd.choice(rows)[0])
        rid = records.create(self.vault, FORM_ID, self.base, FORM_VERSION)
        return rid

    def autosave(self) -> None:
        rid = self.draft_record()
        doc = records.draft(self.vault, rid)
        try:
            n = parse_draft_text(rid, narrative(doc)) + 1
        except ValueError:  # a new record, or a correction opened from a sealed text
            n = 1
        doc = set_narrative(doc, draft_text(rid, n))
        records.save_draft(self.vault, rid, doc)
        self.ack(f"draft {rid} {n}")

    def seal(self) -> None:
        rid = self.draft_record()
        sv = records.seal_record(self.vault, rid)
        self.ack(f"sealed {rid} {sv.version} {sv.version_hash}")
        if self.rnd.random() < 0.7:
            v = records.correct(self.vault, rid)
            self.ack(f"corrected {rid} {v}")

    def attach(self) -> None:
        rows = self.vault.query("SELECT id FROM records ORDER BY id")
        rid = str(self.rnd.choice(rows)[0]) if rows else self.draft_record()
        att = attachments.add(self.vault, rid, self.large, note="crash test")
        self.ack(f"attached {rid} {att.id}")

    def passwd(self) -> None:
        self.vault.change_passphrase(
            passphrase(self.k),
            passphrase(self.k + 1),
            kdf.insecure_test_params(),
            insecure_test_kdf=True,
        )
        self.k += 1
        self.ack(f"passwd {self.k}")

    def rotate(self) -> None:
        """A key rotation over a vault with a sealed record and three 3 MiB attachments."""
        if not self.vault.query("SELECT 1 FROM sealed_versions"):
            self.autosave()
            self.seal()
        while len(self.vault.query("SELECT id FROM attachments")) < 3:
            self.attach()
        rotate.rotate(
            self.vault,
            passphrase(self.k),
            passphrase(self.k + 1),
            kdf.insecure_test_params(),
            insecure_test_kdf=True,
        )
        self.k += 1
        self.ack(f"passwd {self.k}")

    def run(self) -> None:
        actions: dict[str, Any] = {
            "autosave": self.autosave,
            "seal": self.seal,
            "attach": self.attach,
            "passwd": self.passwd,
            "rotate": self.rotate,
        }
        mixed = ["autosave"] * 6 + ["seal"] * 2 + ["attach", "passwd"]
        while True:
            name = self.rnd.choice(mixed) if self.op == "mixed" else self.op
            if name == "seal":  # a sealable draft needs some autosaves first
                self.autosave()
            actions[name]()


def narrative(doc: dict[str, Any]) -> str:
    values = forms.load_form(FORM_ID, FORM_VERSION).values(doc, "narrative")
    return str(values[0]) if values else ""


def make_large_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size != LARGE_FILE_BYTES:
        path.write_bytes(random.Random(7).randbytes(LARGE_FILE_BYTES))


def run_worker(argv: list[str]) -> None:
    op, vault_path, ackfile, k, seed = argv
    if op not in OPS:
        raise SystemExit(f"unknown op {op}")
    try:
        Worker(op, Path(vault_path), Path(ackfile), int(k), int(seed)).run()
    except BaseException:
        fd = os.open(ackfile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, ("error " + traceback.format_exc().replace("\n", " | ") + "\n").encode())
        os._exit(1)


def serve() -> None:
    forms.load_form(FORM_ID)  # warm the caches the workers inherit
    example()
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                run_worker(parts[1:])
            finally:
                os._exit(1)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {status}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        run_worker(sys.argv[1:])
