"""The import contract, checked over the real import graph of the tree.

- Layers point one way: ui -> intake -> crypto, forms. crypto and forms import neither
  intake nor ui; intake does not import ui.
- Qt (PySide6) is imported only in ui/.
- SQL is written only in the vault layer (intake/): ui/, crypto/ and forms/ hold no SQL
  text and call no ``query``/``execute`` of a connection.

The checker runs on the real packages, and on a small tree made here with a forbidden
import in it, so the contract itself is shown to fail when broken.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("intake", "crypto", "forms", "ui")
# what each package may import from the project's other packages
ALLOWED = {
    "crypto": set(),
    "forms": set(),
    "intake": {"crypto", "forms"},
    "ui": {"intake", "crypto", "forms"},
}
QT = ("PySide6", "shiboken6")
SQL = re.compile(
    r"^\s*(SELECT\s.*\sFROM\s|INSERT (OR \w+ )?INTO\s|UPDATE \w+ SET\s|DELETE FROM\s|"
    r"(CREATE|DROP) (TABLE|INDEX|TRIGGER|VIEW)\s|ALTER TABLE\s|PRAGMA\s)",
    re.S,
)
SQL_CALLS = {"query", "execute", "executemany", "executescript"}
SQL_FREE = ("ui", "crypto", "forms")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def violations(root: Path) -> list[str]:
    """Every breach of the contract under ``root``, as ``path:line: reason``."""
    out = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(rel))
            for line, name in _imports(tree):
                top = name.split(".")[0]
                if top in PACKAGES and top != package and top not in ALLOWED[package]:
                    out.append(f"{rel}:{line}: {package} imports {top}")
                if top in QT and package != "ui":
                    out.append(f"{rel}:{line}: Qt imported outside ui/")
            if package not in SQL_FREE:
                continue
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and SQL.match(node.value)
                ):
                    out.append(f"{rel}:{node.lineno}: SQL outside the vault layer")
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS
                    ):
                    out.append(f"{rel}:{node.lineno}: .{node.func.attr}() outside the vault layer")
    return out


def test_the_tree_keeps_the_import_contract() -> None:
    assert violations(ROOT) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_contract_fails_on_each_kind_of_breach(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "crypto/keys.py": "from intake import vault\n",
            "forms/form.py": "import ui.app\n",
            "intake/capture/seal.py": "from ui import editor\nfrom PySide6.QtCore import QObject\n",
            "ui/editor.py": (
                "from intake import records\n"
                "def saved(v):\n"
                "    return v.query('SELECT saved_at FROM drafts')\n"
            ),
        },
    )
    found = violations(root)
    assert "crypto/keys.py:1: crypto imports intake" in found
    assert "forms/form.py:1: forms imports ui" in found
    assert "intake/capture/seal.py:1: intake imports ui" in found
    assert "intake/capture/seal.py:2: Qt imported outside ui/" in found
    assert "ui/editor.py:3: SQL outside the vault layer" in found
    assert "ui/editor.py:3: .query() outside the vault layer" in found
    assert len(found) == 6


def test_allowed_imports_pass(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "intake/capture/seal.py": "from crypto import sign\nimport forms\n",
            "ui/editor.py": "from intake import records\nfrom PySide6.QtCore import QObject\n",
        },
    )
    assert violations(root) == []
