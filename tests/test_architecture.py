"""The import contract, checked over the real import graph of the tree.

- Layers point one way: ui -> intake -> crypto, forms. crypto and forms import neither
  intake nor ui; intake does not import ui.
- Qt (PySide6) is imported only in ui/.
- SQL is written only in the vault layer (intake/): ui/, crypto/ and forms/ hold no SQL
  text and call no ``query``/``execute`` of a connection.
- Inside intake/, the packages follow a record: vault <- capture <- handover <- archive; a
  package imports only those before it (the few named exceptions say why).
- No module in intake/ or forms/ is over 500 lines.
- docs/architecture.md and the README's layout table match the tree.

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
# intake's packages in the order a record goes through them; the top-level modules
# (check, cli, errors, files, platform) are outside the order
ORDER = ("vault", "capture", "handover", "archive")
UPWARD = {  # (module, package it imports against the order): why
    ("intake/vault/__init__.py", "capture"): "unlocking finishes a recording a crash cut",
    ("intake/vault/rotate.py", "capture"): "rotation re-encrypts every attachment blob",
    ("intake/capture/readback.py", "handover"): "a draft is read back in the statement's model",
    ("intake/capture/countersign.py", "handover"): "a countersignature is checked in a bundle",
}
MAX_LINES = 500


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
                out += _order(rel, line, name)
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


def _order(rel: Path, line: int, name: str) -> list[str]:
    """A breach of intake's package order by the import of ``name`` in ``rel``."""
    parts, target = rel.parts, name.split(".")
    if parts[0] != "intake" or len(parts) < 3 or parts[1] not in ORDER:
        return []
    if target[0] != "intake" or len(target) < 2 or target[1] not in ORDER:
        return []
    if ORDER.index(target[1]) <= ORDER.index(parts[1]) or (rel.as_posix(), target[1]) in UPWARD:
        return []
    return [f"{rel.as_posix()}:{line}: {parts[1]} imports intake.{target[1]}"]


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
            "intake/vault/db.py": "from intake.archive import acts\n",
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
    assert "intake/vault/db.py:1: vault imports intake.archive" in found
    assert len(found) == 7


def test_allowed_imports_pass(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "intake/capture/seal.py": "from crypto import sign\nimport forms\n",
            "intake/archive/acts.py": "from intake.capture import seal\nfrom intake import vault\n",
            "ui/editor.py": "from intake import records\nfrom PySide6.QtCore import QObject\n",
        },
    )
    assert violations(root) == []


def test_no_module_in_the_core_is_over_the_limit() -> None:
    over = {
        p.relative_to(ROOT).as_posix(): n
        for package in ("intake", "forms")
        for p in (ROOT / package).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert over == {}


def _named_paths(text: str) -> set[str]:
    return set(re.findall(r"`((?:intake|forms|crypto|ui)/[\w/]*?(?:\.py|/))`", text))


def test_the_architecture_page_names_every_core_module_and_only_real_ones() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for named in _named_paths(text):
        assert (ROOT / named).exists(), f"docs/architecture.md names {named}, which is gone"
    for package in ORDER:
        assert f"`intake/{package}/`" in text, f"docs/architecture.md: no section on {package}"
        section = text  # each module is named by its file name, near its package
        for module in sorted((ROOT / "intake" / package).glob("*.py")):
            if module.name != "__init__.py":
                assert f"`{module.name}`" in section or f"{package}/{module.name}" in section, (
                    f"docs/architecture.md does not name intake/{package}/{module.name}"
                )


def test_the_readme_layout_table_matches_the_tree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([\w/]+/)` \|", table, re.M))
    packages = {f"{p}/" for p in (*PACKAGES, "tests", "bench")}
    packages |= {f"intake/{d.name}/" for d in (ROOT / "intake").iterdir()
                 if (d / "__init__.py").exists()}
    assert rows == packages


# -- field types: an answer becomes text one way (forms.types) ------------------------------
#: Types whose answers only the registry turns into text: outside forms/ no code compares a
#: field's type with them. Structure (group, place), passages of free text (long_text, spans),
#: attachment references and the EDTF ranges the archive filters on may still be asked for.
SHOWN_BY_THE_REGISTRY = (
    "text", "integer", "number", "yes_no_unknown", "choice", "multi_choice", "datetime",
    "person_ref", "entity",
)  # fmt: skip


def _names_a_shown_type(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in SHOWN_BY_THE_REGISTRY
    if isinstance(node, ast.Name | ast.Attribute):
        name = node.id if isinstance(node, ast.Name) else node.attr
        return name.lower() in SHOWN_BY_THE_REGISTRY and name.isupper()
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_shown_type(e) for e in node.elts)
    return False


def type_branches(root: Path) -> list[str]:
    """Comparisons of a field's type (``x.type``) with a type the registry shows, outside
    forms/, as ``path:line``."""
    out = []
    for package in ("intake", "ui"):
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Compare):
                    continue
                operands = [node.left, *node.comparators]
                if any(isinstance(o, ast.Attribute) and o.attr == "type" for o in operands) and any(
                    _names_a_shown_type(o) for o in operands
                ):
                    out.append(f"{path.relative_to(root)}:{node.lineno}")
    return out


def test_no_field_type_branches_outside_forms(tmp_path: Path) -> None:
    assert type_branches(ROOT) == []
    root = _tree(tmp_path, {
        "intake/handover/statement.py": (
            "from forms.fields import CHOICE, GROUP\n"
            "def show(f, v):\n"
            "    if f.type == GROUP:\n"  # structure: allowed
            "        return ''\n"
            "    return v if f.type in (CHOICE,) else str(v)\n"
        ),
        "ui/fields.py": "def yes(f):\n    return f.type == 'yes_no_unknown'\n",
    })  # fmt: skip
    assert type_branches(root) == ["intake/handover/statement.py:5", "ui/fields.py:2"]
