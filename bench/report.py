"""The table on the terminal and the same figures as JSON."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.measure import Figure


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def _met(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "NO")


HEADER = ("figure", "median", "p95", "baseline", "ratio", "target", "met?")


def rows(figures: list[Figure]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for f in figures:
        base = f"{f.baseline} {_fmt(f.baseline_value, f.unit)}" if f.baseline else ""
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else ""
        out.append(
            (f.name, _fmt(f.value, f.unit), _fmt(f.p95, f.unit), base, ratio, f.target, _met(f.met))
        )
    return out


def table(figures: list[Figure]) -> str:
    body = rows(figures)
    widths = [max(len(r[i]) for r in [HEADER, *body]) for i in range(len(HEADER))]
    line = " | ".join

    def fmt(r: tuple[str, ...]) -> str:
        return line(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()

    return "\n".join([fmt(HEADER), "-+-".join("-" * w for w in widths), *map(fmt, body)])


def markdown(figures: list[Figure]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in rows(figures)]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    flags = ""
    if cpuinfo.is_file():
        text = cpuinfo.read_text()
        flags = " ".join(f for f in ("aes", "sha_ni", "avx2", "vaes") if f" {f}" in text)
    ram = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        ram = int(meminfo.read_text().split()[1]) * 1024
    return {
        "cpu": cpu,
        "cpu_flags": flags,
        "cores": os.cpu_count(),
        "ram_bytes": ram,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def write_json(path: Path, figures: list[Figure], mode: str, notes: list[str]) -> None:
    data = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": mode,
        "machine": machine(),
        "figures": [f.to_json() for f in figures],
        "notes": notes,
        "table_markdown": markdown(figures),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
