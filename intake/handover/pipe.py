"""A bounded pipe of byte blocks between two threads of this process (the ZIP writer and the
age encryptor when a bundle is written; the age decryptor and the ZIP reader when one is read)."""

from __future__ import annotations

import io
import queue
import threading
from typing import Any

PIPE_BLOCK = 1024 * 1024  # the encryptor reads the ZIP in blocks this large
PIPE_DEPTH = 4  # blocks in flight between the ZIP writer and the encryptor


class BlockPipe:
    """A bounded pipe of byte blocks between two threads of this process.

    An OS pipe holds 64 KiB, so a 1 MiB write wakes the encryptor thread many times and
    pyrage's 8 KiB reads each cost a system call; here a write is one queued block and the
    encryptor reads through a 1 MiB buffer. An empty block marks the end.
    """

    def __init__(self) -> None:
        self._blocks: queue.Queue[bytes] = queue.Queue(PIPE_DEPTH)
        self.reader_gone = threading.Event()

    def put(self, block: bytes) -> None:
        while not self.reader_gone.is_set():
            try:
                self._blocks.put(block, timeout=0.1)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the encryptor stopped reading")

    def get(self) -> bytes:
        return self._blocks.get()


class PipeWriter(io.RawIOBase):
    def __init__(self, pipe: BlockPipe) -> None:
        super().__init__()
        self._pipe = pipe

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        block = bytes(data)
        if block:
            self._pipe.put(block)
        return len(block)


class PipeReader(io.RawIOBase):
    def __init__(self, pipe: BlockPipe) -> None:
        super().__init__()
        self._pipe = pipe
        self._block = memoryview(b"")
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._block and not self._eof:
            self._block = memoryview(self._pipe.get())
            self._eof = not self._block
        n = min(len(buffer), len(self._block))
        buffer[:n] = self._block[:n]
        self._block = self._block[n:]
        return n


