"""No network: the guard works, and no project module imports network code."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NETWORK_MODULES = re.compile(
    r"^\s*(import|from)\s+(socket|ssl|urllib|http|ftplib|smtplib|poplib|imaplib|telnetlib|"
    r"xmlrpc|requests|httpx|aiohttp|websocket|asyncio)\b",
    re.M,
)


def test_guard_refuses_internet_sockets() -> None:
    with pytest.raises(RuntimeError, match="network access"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(("127.0.0.1", 9))


def test_no_project_module_imports_network_code() -> None:
    offenders = []
    for package in ("intake", "crypto", "forms", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for m in NETWORK_MODULES.finditer(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}: {m.group(0).strip()}")
    assert offenders == []


def test_no_qt_below_ui() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("intake", "crypto", "forms")
        for p in (ROOT / package).rglob("*.py")
        if re.search(r"^\s*(import|from)\s+(PySide6|shiboken6)", p.read_text("utf-8"), re.M)
    ]
    assert offenders == []
