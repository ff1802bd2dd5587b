"""One measured operation in a fresh process, so its peak resident memory is its own.

``python -m bench.child OP`` reads its arguments as JSON on stdin and prints
``{"seconds": ..., "cpu": ..., "cpu_children": ..., "peak_rss": ..., "start_rss": ...}``: the
operation's wall-clock time and CPU time (its own and its worker processes', and theirs alone),
the process's high-water resident set in bytes, and the resident set after imports and
set-up (before the operation).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def peak_rss() -> int:
    """High-water resident set of this process in bytes (VmHWM where /proc exists)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def current_rss() -> int:
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return peak_rss()


def main() -> None:
    op = sys.argv[1]
    args: dict[str, Any] = json.loads(sys.stdin.read())
    from intake.archive import verify
    from intake.capture import attachments
    from intake.handover import export
    from intake.vault import Vault

    passphrase = args.get("passphrase", "").encode()
    result: Any = None
    if op == "import":
        vault = Vault.open(Path(args["vault"]), passphrase)
        start_rss = current_rss()
        start, times = time.perf_counter(), os.times()
        result = attachments.add(vault, args["record"], Path(args["source"])).id
        seconds = time.perf_counter() - start
        vault.lock()
    elif op == "export":
        if args.get("age_thread"):  # age in a thread of this process, whatever the size
            from intake.handover import pack

            pack.CHILD_MIN = 1 << 62
        vault = Vault.open(Path(args["vault"]), passphrase)
        start_rss = current_rss()
        start, times = time.perf_counter(), os.times()
        chosen = args.get("records") or [args["record"]]
        export.export_bundle(vault, chosen, [args["recipient"]], Path(args["out"]))
        seconds = time.perf_counter() - start
        vault.lock()
    elif op == "verify":
        start_rss = current_rss()
        start, times = time.perf_counter(), os.times()
        report = verify.verify(Path(args["bundle"]), args["identity"])
        seconds = time.perf_counter() - start
        result = list(report.problems)
    elif op in ("age-encrypt", "age-decrypt"):  # the age library alone: the floor under both
        from crypto import age

        start_rss = current_rss()
        start, times = time.perf_counter(), os.times()
        with open(args["source"], "rb") as src, open(args["out"], "wb") as dst:
            if op == "age-encrypt":
                age.encrypt(src, dst, [args["recipient"]])
                if args.get("durable"):  # on the disk, as an export leaves its bundle
                    dst.flush()
                    os.fsync(dst.fileno())
            else:
                age.decrypt(src, dst, args["identity"])
        seconds = time.perf_counter() - start
    else:
        raise SystemExit(f"unknown operation {op}")
    done = os.times()  # CPU seconds of this process and of the processes it waited for
    cpu = sum(done[:4]) - sum(times[:4])
    json.dump(
        {
            "seconds": seconds,
            "cpu": cpu,
            "cpu_children": sum(done[2:4]) - sum(times[2:4]),  # the statement workers
            "peak_rss": peak_rss(),
            "start_rss": start_rss,
            "result": result,
        },
        sys.stdout,
    )
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: nothing left to flush


if __name__ == "__main__":
    main()
