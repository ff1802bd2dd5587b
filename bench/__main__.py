"""``python -m bench [--full] [--json FILE] [--only GROUP ...]``: run, print the table, write JSON.

Quick mode (default): vaults of 1,000 and 10,000 records and a 256 MiB attachment.
``--full``: 1,000, 10,000 and 100,000 records and a 1 GiB attachment. Built vaults and the
test files are cached in bench/out/ (git-ignored); the JSON goes to bench/out/results-<mode>.json
unless ``--json`` names another file.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from bench import cases, report, vaults
from bench.measure import Figure
from crypto import kdf, keys
from intake.vault import KEY_FILE

GROUPS = ("unlock", "records", "editor", "scale", "files", "pdf", "handover", "entities", "audio")
EXTRA = ("package",)  # only when named: needs a frozen build (bash scripts/package)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="100,000 records and 1 GiB")
    parser.add_argument("--json", type=Path, help="where to write the figures as JSON")
    parser.add_argument(
        "--only", nargs="+", choices=GROUPS + EXTRA, help="run only these groups"
    )
    parser.add_argument("--frozen", type=Path, help="the frozen folder (--only package)")
    parser.add_argument("--attachment-mib", type=int, help="override the attachment size")
    parser.add_argument(
        "--no-sha-ext",
        action="store_true",
        help="run the file rows as on a CPU without SHA extensions (OpenSSL told not to use them)",
    )
    args = parser.parse_args(argv)
    if args.no_sha_ext:
        # OpenSSL reads this when it loads, in every child and baseline tool started from here:
        # bit 29 of CPUID leaf 7 EBX (SHA) cleared, so openssl and our hashlib both hash in
        # software, as on CPUs without SHA extensions (x86; OPENSSL_armcap is the ARM knob).
        os.environ["OPENSSL_ia32cap"] = ":~0x20000000"
    plan = cases.FULL if args.full else cases.QUICK
    if args.attachment_mib:
        plan = dataclasses.replace(plan, attachment_bytes=args.attachment_mib * cases.MiB)
    mode = ("full" if args.full else "quick") + ("-no-sha-ext" if args.no_sha_ext else "")
    groups = set(args.only or GROUPS)
    out_json = args.json or vaults.OUT / f"results-{mode}.json"
    vaults.OUT.mkdir(parents=True, exist_ok=True)

    figures: list[Figure] = []
    notes: list[str] = [f"load average at start: {_load()}"]
    if groups & {"unlock", "records", "editor", "scale"}:
        params = _calibrated()
        paths = {}
        for n in plan.sizes:
            cases.say(f"vault of {n:,} records")
            paths[n] = vaults.open_records_vault(n, params)
        largest = max(plan.sizes)
        if "unlock" in groups:
            cases.say("unlock")
            figures += cases.unlock(paths[largest], largest)
        if groups & {"records", "editor"}:
            with vaults.scratch(paths) as work:
                if "records" in groups:
                    for n in plan.sizes:
                        cases.say(
                            f"autosave, seal{', search, list' if n == largest else ''} at {n:,}"
                        )
                        figures += cases.records_rows(work[n], n, plan, largest=n == largest)
                if "editor" in groups:
                    from bench import editor

                    cases.say(f"editing session at {largest:,} (and the same on the GUI thread)")
                    figures += editor.rows(work[largest], largest)
    if "scale" in groups:
        from bench import scale

        cases.say("the record list and search, cold and warm, and their growth")
        figures += scale.rows(paths)
        notes.append(scale.__doc__ or "")
    if "files" in groups:
        cases.say("attachment import, export, verify and baselines")
        figures += cases.files_rows(plan)
    if "pdf" in groups:
        cases.say("PDF statement")
        figures += cases.pdf_rows(plan)
    if "handover" in groups:
        from bench import handover

        cases.say("handover: one-pass verify, attachment export, 50-record handover")
        figures += handover.rows(plan)
    if "entities" in groups:
        from bench import entities

        cases.say("merge proposals for 300 and 3,000 spellings, and all pairs compared")
        figures += entities.rows(args.full)
        notes.append(entities.__doc__ or "")
    if "audio" in groups:
        from bench import audio

        cases.say("recording from a PulseAudio device")
        figures += audio.audio_rows(300.0 if args.full else 60.0)
    if "package" in groups:
        from bench import package

        cases.say("frozen build against the virtual environment")
        figures += package.rows(args.frozen)
        notes.append(package.__doc__ or "")

    notes.append(f"load average at end: {_load()}")
    notes.append(vaults.__doc__ or "")
    print(report.table(figures))
    report.write_json(out_json, figures, mode, notes)
    print(f"\nfigures written to {out_json}", file=sys.stderr)
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # not on every system
        return "unknown"


def _calibrated() -> kdf.KdfParams:
    """The parameters of an existing cached vault, else a fresh calibration on this machine."""
    for existing in sorted(vaults.OUT.glob("vault-*/" + KEY_FILE)):
        params = keys.read_params(existing.read_bytes())
        if params.memory_kib >= kdf.MIN_MEMORY_KIB:
            return dataclasses.replace(params, salt=kdf.new_salt())
    cases.say("calibrating the KDF (about a second per vault unlock)")
    return kdf.calibrate()


if __name__ == "__main__":
    sys.exit(main())
