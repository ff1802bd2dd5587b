"""Marker strings and a scanner that finds them in any encoding we might leak them in."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


def new_markers() -> tuple[str, str]:
    tag = secrets.token_hex(4).upper()
    return f"KOREANMARK요덕비밀증언{tag}", f"ENGLISHMARK-secret-testimony-{tag}"


def encodings(marker: str) -> list[bytes]:
    """Byte patterns that reveal ``marker``: UTF-8, UTF-16 both ways, base64 at each alignment."""
    patterns = []
    for raw in (marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")):
        patterns.append(raw)
        for shift in range(3):
            enc = base64.b64encode(b"\0" * shift + raw)
            # drop the characters that depend on the bytes before and after
            patterns.append(enc[4 if shift else 0 : -4])
    return patterns


def scan(roots: list[Path], markers: list[str]) -> list[str]:
    """Every (file, marker) where a marker appears in any encoding."""
    found = []
    pats = [(m, p) for m in markers for p in encodings(m)]
    for root in roots:
        if not root.exists():
            continue
        for path in [root] if root.is_file() else _walk(root):
            if not path.is_file() or path.is_symlink():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            for m, p in pats:
                if p in data:
                    found.append(f"{path}: {m!r}")
                    break
    return found


def _walk(root: Path) -> Iterator[Path]:
    """Every file below ``root``; folders that vanish meanwhile (other programs' temp
    folders in a shared /tmp) are passed over instead of ending the scan."""
    for folder, _dirs, names in os.walk(root, onerror=lambda e: None):
        for name in names:
            yield Path(folder) / name
