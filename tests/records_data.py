"""Record documents for tests, built from the real default form."""

from __future__ import annotations

import copy
from typing import Any

import forms

FORM_ID = "nk-testimony"
#: The records of the suite written before version 2 are version-1 records (see conftest).
FORM_VERSION = 1


def example() -> dict[str, Any]:
    return copy.deepcopy(forms.load_form(FORM_ID, FORM_VERSION).example())


def with_text(doc: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A copy of ``doc`` with ``suffix`` appended to every free-text value that has room."""
    form = forms.load_form(FORM_ID, FORM_VERSION)
    texts = set(form.text_values(doc))
    too_long: set[str] = set()

    def walk(node: Any, path: str) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, f"{path}.{k}" if path else k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(node)]
        if isinstance(node, str) and node in texts and path not in too_long:
            return f"{node} {suffix}"
        return node

    out: dict[str, Any] = walk(doc, "")
    too_long = {p.path for p in form.validate(out)}
    out = walk(doc, "")
    return out


def narrative_path(doc: dict[str, Any]) -> tuple[Any, str]:
    """(container, key) of the narrative field in ``doc``, found through its role."""
    form = forms.load_form(FORM_ID, FORM_VERSION)
    target = form.values(doc, "narrative")[0]

    def find(node: Any) -> tuple[Any, str] | None:
        if isinstance(node, dict):
            for k, v in node.items():
                if v is target or (isinstance(v, str) and v == target):
                    return node, k
                hit = find(v)
                if hit:
                    return hit
        elif isinstance(node, list):
            for v in node:
                hit = find(v)
                if hit:
                    return hit
        return None

    found = find(doc)
    assert found is not None
    return found


def set_narrative(doc: dict[str, Any], text: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    container, key = narrative_path(doc)
    container[key] = text
    return doc
