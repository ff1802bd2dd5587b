"""Every file the vault writes goes through here.

Directories are created private (0o700); important files are written to a temp
file in the same directory, fsynced and moved into place with ``os.replace``;
key material is overwritten before it is deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def private_umask() -> None:
    """Files and folders created from now on are readable by their owner only."""
    os.umask(0o077)


def make_private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not every file system keeps modes
        path.chmod(0o700)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``target`` only when the block completes (its
    ``name`` is the temp file's path, for another writer: it is synced and renamed the same).

    On any error the temp file is removed and ``target`` is left as it was.
    """
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    f = open(tmp, "wb", opener=lambda path, _: os.open(path, flags, 0o600))  # noqa: SIM115
    try:
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def atomic_write(target: Path, data: bytes) -> None:
    with atomic_writer(target) as f:
        f.write(data)


def destroy(path: Path) -> None:
    """Overwrite a small secret file with random bytes, sync it, then delete it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as f:
        f.write(secrets.token_bytes(max(size, 1)))
        f.flush()
        os.fsync(f.fileno())
    path.unlink()
    fsync_dir(path.parent)


# The temp names atomic_writer gives: ".<target name>.<12 hex digits>.part".
PARTIAL = re.compile(r"^\..+\.[0-9a-f]{12}\.part$")


def remove_partials(folder: Path) -> int:
    """Delete temp files that an interrupted atomic write left behind; return how many.

    Only names atomic_writer gives are touched (an export's target folder is the user's)."""
    count = 0
    for p in folder.glob(".*.part"):
        if not PARTIAL.match(p.name) or not p.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            count += 1
    return count
