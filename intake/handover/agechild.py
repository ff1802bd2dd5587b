"""age's encryption of a bundle in a process of its own, so it runs on one core while this process
decrypts the attachments, writes the ZIP and hashes the bundle on the other.

pyrage holds the GIL for a whole encryption, so in one process the encryption and everything
else take turns. :class:`AgeProcess`
starts a fresh interpreter (``sys.executable``, the same on Windows, macOS and Linux; nothing
of this process is copied into it, no descriptor but the pipes) that imports only pyrage: it
reads the ZIP from its standard input (plaintext crosses a pipe, kernel memory, never the disk)
and writes the age file into the temp file this process created (``files.atomic_writer``).
Where the pipe can be opened by its path (``/dev/stdin``: Linux, macOS) age reads it and writes
the file itself, with no Python between (``direct``). This process reads the file back behind
it for the bundle's SHA-256 (page cache: cheaper than a pipe back and a write here), syncs it
and renames it into place. The recipients (public keys) go through the pipe first; the command
line carries only this process's ``sys.path`` and the temp file's path. A frozen build starts
its own executable with ``FROZEN_FLAG`` (packaging/frozen_main.py) and the temp file's path.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any, cast

from crypto.errors import CryptoError
from intake import platform

BLOCK = 1024 * 1024  # the pipe is widened to this; the file is read back this much at a time
_BOOT = (
    "import json,sys;sys.path[:0]=json.loads(sys.argv[1]);"
    "from intake.handover.agechild import main;main(sys.argv[2])"
)
_FAILED = 2  # the exit status of an encryption that failed (its reason on stderr)
_OS_FAILED = 3  # ... of a read or write that failed (its errno on stderr: a full disk)
_POLL = 0.002  # seconds the reader waits for the encryptor to write more
_STDIN = "/dev/stdin"  # Linux and macOS: this process's standard input, opened by path


FROZEN_FLAG = "--age-child"  # a frozen build's executable started as the child


def available() -> bool:
    """Whether there is a program to start: this interpreter, or a frozen build's own."""
    return bool(sys.executable)


def _command(out: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, out]
    return [sys.executable, "-I", "-S", "-c", _BOOT, json.dumps(sys.path), out]


def direct() -> bool:
    """Whether the child's age reads its standard input by path (Linux, macOS; not Windows),
    with no call back into Python for each 8 KiB."""
    return os.name == "posix" and os.path.exists(_STDIN)


def _read_exactly(fd: int, n: int) -> bytes:
    parts = []
    while n > 0:
        part = os.read(fd, n)
        if not part:
            raise ValueError("the recipients were cut short")
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def main(out: str) -> None:
    """The child: the recipients (4-byte length, JSON) then the ZIP on stdin; age into ``out``."""
    platform.harden_process()  # it holds testimony in memory, like its parent
    from crypto import age

    fd = sys.stdin.fileno()
    try:
        size = int.from_bytes(_read_exactly(fd, 4), "big")
        recipients = json.loads(_read_exactly(fd, size))
        if direct() and stat.S_ISFIFO(os.fstat(fd).st_mode):  # age reads the pipe by its path
            # (a file by its path would be read again from its start)
            age.encrypt_file(_STDIN, out, recipients)
        else:  # (Windows) through Python: 8 KiB reads served from a 1 MiB buffer
            with open(fd, "rb", BLOCK, closefd=False) as src, open(out, "r+b", 0) as dst:
                age.encrypt(src, dst, recipients)
    except OSError as exc:
        print(exc.errno or 0, file=sys.stderr)
        sys.stderr.flush()
        sys.exit(_OS_FAILED)
    except (CryptoError, ValueError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.stderr.flush()
        sys.exit(_FAILED)


_HEADER_MAX = 1024 * 1024
_CHUNK, _TAG, _NONCE = 64 * 1024, 16, 16  # age's payload: a nonce, then sealed 64 KiB chunks


def _check_length(path: str, plaintext: int) -> None:
    """CryptoError unless the age file at ``path`` is as long as ``plaintext`` bytes make it.

    pyrage writes the end of the file when it drops its buffer, where an error (a full disk)
    goes unreported: a file cut short there must not pass for a bundle.
    """
    with open(path, "rb") as f:
        head = f.read(_HEADER_MAX)
        size = f.seek(0, os.SEEK_END)
    mac = head.find(b"\n--- ")
    end = head.find(b"\n", mac + 1) + 1 if mac >= 0 else 0
    chunks = max(1, -(-plaintext // _CHUNK))
    if not end or size != end + _NONCE + plaintext + _TAG * chunks:
        raise CryptoError("age encryption failed: the file was not written whole (disk full?)")


class AgeProcess:
    """The age encryptor process of one bundle, writing into the file at ``out`` (which
    exists): ``write()`` the ZIP's bytes, then ``finish()``. What it writes is read back and
    passed to ``store`` (on a thread of this process, a block at a time; the view is reused
    after it returns). ``kill()`` on any error or cancel; either way the process is gone
    (waited for) afterwards, and the caller discards the file on an error."""

    def __init__(self, recipients: list[str], out: str, store: Callable[[memoryview], None]):
        self._proc = subprocess.Popen(
            _command(out),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        self.pid = self._proc.pid
        self._stdin = cast(io.FileIO, self._proc.stdin)  # bufsize=0: unbuffered
        platform.widen_pipe(self._stdin.fileno(), BLOCK)
        self._out, self._store = out, store
        self._ended = threading.Event()  # the encryptor exited: read to the end, then stop
        self._failure: list[BaseException] = []
        self._error: BaseException | None = None
        self._reader = threading.Thread(target=self._follow, name="bundle-read", daemon=True)
        self._reader.start()
        self._sent = 0  # the ZIP's bytes written
        header = json.dumps(recipients).encode("utf-8")
        self._send(len(header).to_bytes(4, "big") + header)

    def _follow(self) -> None:
        """Pass on what the encryptor wrote to the file, as it grows, until it exits."""
        buffer = bytearray(BLOCK)
        view = memoryview(buffer)
        try:
            with open(self._out, "rb", buffering=0) as f:
                while True:
                    ended = self._ended.is_set()  # before the read: then nothing comes after
                    n = f.readinto(buffer) or 0
                    if n:
                        self._store(view[:n])
                    elif ended:
                        return
                    else:
                        self._ended.wait(_POLL)
        except BaseException as e:  # noqa: BLE001 - raised by finish()
            self._failure.append(e)
            self._proc.kill()  # the writer then sees a broken pipe

    def write(self, data: Any) -> int:
        n = self._send(data)
        self._sent += n
        return n

    def _send(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        n = len(view)
        try:
            while view:
                view = view[self._stdin.write(view) or 0 :]
        except (BrokenPipeError, ValueError):
            raise self._stopped() from None
        return n

    def flush(self) -> None:
        pass  # every write() went straight into the pipe

    def _stopped(self) -> BaseException:
        """The error to raise for an encryptor that stopped before the end."""
        if self._error is None:
            self._error = self._why()
        return self._error

    def _why(self) -> BaseException:
        code = self._proc.wait()
        self._ended.set()
        self._reader.join()
        if self._failure:
            return self._failure[0]
        said = self._proc.stderr.read() if self._proc.stderr is not None else b""  # it ended
        last = "".join((said or b"").decode("utf-8", "replace").strip().splitlines()[-1:])
        if code == _FAILED:
            return CryptoError(f"age encryption failed ({last})")
        if code == _OS_FAILED and last.isdigit():  # as this process's own write would say
            return OSError(int(last), os.strerror(int(last)))
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}: {last}"
        return CryptoError(f"age encryption failed: its process stopped ({how})")

    def finish(self) -> None:
        """The end of the ZIP: wait for the encryptor to write the rest and exit, and for
        the reader to pass on the rest."""
        with contextlib.suppress(BrokenPipeError):
            self._stdin.close()
        if self._proc.wait() != 0:
            raise self._stopped()
        self._ended.set()
        self._reader.join()
        if self._failure:
            raise self._failure[0]
        self._close_pipes()
        _check_length(self._out, self._sent)

    def kill(self) -> None:
        """Stop the encryptor (by its pid) and wait for it and for the reader."""
        if self._proc.returncode is None:
            self._proc.kill()
        self._proc.wait()
        self._ended.set()
        self._reader.join()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._stdin, self._proc.stderr):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
