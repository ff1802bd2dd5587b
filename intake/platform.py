"""What the operating system is asked to do for a process that holds vault keys.

The one place that knows about each platform. ``harden_process()`` runs first thing in the
CLI and in the app:

- **Linux**: the core-file size limit is set to 0 (soft and hard, so no child can raise it)
  and ``prctl(PR_SET_DUMPABLE, 0)`` marks the process not dumpable: the kernel writes no
  core file, hands nothing to a ``core_pattern`` pipe (systemd-coredump, apport), and other
  processes of the same user cannot ptrace it or read its memory through ``/proc/PID/mem``
  (``gcore`` fails). Root still can.
- **macOS**: the core limit is set to 0 (cores go to ``/cores`` only when it is raised);
  ptrace denial (``PT_DENY_ATTACH``) is not used: it also stops crash reports, and a user with
  the same uid can still read memory through the task port as root-equivalent tools do.
  Crash reports (``~/Library/Logs/DiagnosticReports``) hold stack traces, not memory.
- **Windows**: no core limit exists; ``SetErrorMode`` turns off the fault dialog, so Windows
  Error Reporting does not offer to send a report. A full user-mode dump configured by an
  administrator (``LocalDumps`` in the registry) still gets written: the platform offers a
  process no way to refuse it. Full-disk encryption (BitLocker) is the answer there.

Every step is best effort: a failure is reported by the return value, never raised, so
a platform that refuses still runs the program (docs/security.md says what remains).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
_SEM_FAILCRITICALERRORS = 0x0001
_SEM_NOGPFAULTERRORBOX = 0x0002


def harden_process() -> list[str]:
    """Turn off core dumps for this process; return what was done (for tests and docs)."""
    done: list[str] = []
    try:
        import resource
    except ImportError:  # Windows
        resource = None  # type: ignore[assignment]
    if resource is not None:
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            done.append("RLIMIT_CORE=0")
        except (ValueError, OSError):
            pass
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None and libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0:
            done.append("PR_SET_DUMPABLE=0")
    elif sys.platform == "win32":
        kernel32 = ctypes.windll.kernel32
        kernel32.SetErrorMode(_SEM_FAILCRITICALERRORS | _SEM_NOGPFAULTERRORBOX)
        done.append("SetErrorMode(no fault dialog)")
    return done


def dumpable() -> bool | None:
    """Whether the kernel would dump this process (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    return None if libc is None else bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


_F_SETPIPE_SZ = 1031  # Linux fcntl


def widen_pipe(fd: int, size: int) -> bool:
    """Ask the kernel to hold ``size`` bytes in the pipe ``fd`` (Linux; 64 KiB by default),
    so a block crosses it in one read and one write. Best effort: False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import fcntl

    try:
        fcntl.fcntl(fd, _F_SETPIPE_SZ, size)
    except OSError:  # above /proc/sys/fs/pipe-max-size, or not a pipe
        return False
    return True
