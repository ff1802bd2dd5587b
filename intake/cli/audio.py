"""`intake record-audio`: the app's recording core, from the command line."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from intake.cli.vault import unlock, vault_options
from intake.errors import UsageError


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 24 * 3600:
        raise argparse.ArgumentTypeError("seconds must be more than 0 and at most a day")
    return value


def cmd_record_audio(args: argparse.Namespace) -> int:
    from intake.capture import audiostore, microphone, recording

    if args.list_devices:
        for name in microphone.input_devices():
            print(name)
        return 0
    if args.record_id is None or args.seconds is None:
        raise UsageError("record-audio needs RECORD_ID and --seconds")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()  # SIGTERM (or Ctrl+C): stop and save what was recorded

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def started(rec: recording.Recorder) -> None:
        print(f"recording from {rec.device} ({rec.format.key}, {rec.rate} Hz)…",
              file=sys.stderr, flush=True)

    with unlock(args) as v:
        att = recording.record(
            v, args.record_id, args.seconds, device=args.device, fmt=args.format,
            started=started, cancel=stop.is_set,
        )
        info = audiostore.info(v, att.id)
    print(att.id)
    print(f"saved {info.duration_ms / 1000:.1f} s, {att.size} bytes, sha256 {att.sha256}"
          f" ({info.dropouts} drop-outs)", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "record-audio", parents=[vault_options()],
        help="record from an input device straight into an encrypted attachment",
    )
    p.set_defaults(func=cmd_record_audio)
    p.add_argument("record_id", nargs="?", metavar="RECORD_ID")
    p.add_argument("--seconds", type=seconds, metavar="N", help="how long to record")
    p.add_argument("--device", metavar="NAME", help="input device (see --list-devices)")
    p.add_argument("--format", choices=["opus", "flac"], default="opus")
    p.add_argument("--list-devices", action="store_true", help="list the input devices")
