"""Safe YAML loading that remembers line numbers, for error messages.

Form and vocabulary files are untrusted input written by hand. The loader:
- uses PyYAML's safe constructors only;
- resolves only ``true``/``false`` as booleans (YAML 1.1 would turn a code such
  as ``no`` or ``on`` into a boolean) and never turns text into dates;
- rejects duplicate keys, anchors/aliases and files larger than a bound;
- returns :class:`MarkedDict` / :class:`MarkedList` carrying 1-based lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from forms.errors import FormError

MAX_FILE_BYTES = 4 * 1024 * 1024


class MarkedDict(dict[str, Any]):
    """A mapping from YAML with the line of itself and of each key."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list[Any]):
    """A sequence from YAML with the line of itself and of each item."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(yaml.SafeLoader):
    file_name = "<form>"

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise FormError(
                self.file_name,
                event.start_mark.line + 1,
                "anchors and aliases (*name) are not allowed",
            )
        return super().compose_node(parent, index)


# Only true/false are booleans; no timestamps: everything else stays text.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _construct_mapping(loader: _Loader, node: MappingNode) -> MarkedDict:
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise FormError(loader.file_name, line, f"key {key!r} must be text")
        if key in result:
            raise FormError(loader.file_name, line, f"duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_yaml_file(path: Path) -> object:
    """Read and parse one YAML file; any problem is a one-line :class:`FormError`."""
    try:
        with path.open("rb") as handle:
            untrusted_bytes = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise FormError(path, 1, f"cannot read file: {error.strerror or error}") from None
    if len(untrusted_bytes) > MAX_FILE_BYTES:
        raise FormError(path, 1, f"file is larger than {MAX_FILE_BYTES} bytes")
    return load_yaml_bytes(untrusted_bytes, path)


def load_yaml_bytes(untrusted_bytes: bytes, name: Path | str) -> object:
    """Parse YAML text given as bytes (UTF-8), naming ``name`` in errors."""
    try:
        text = untrusted_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        line = untrusted_bytes[: error.start].count(b"\n") + 1
        raise FormError(name, line, "file is not valid UTF-8 text") from None
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before parsing
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise FormError(name, line, f"character {error.character!r} is not allowed") from None
    loader.file_name = str(name)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = error.problem or error.context or "YAML syntax error"
        if error.context and error.problem:
            reason = f"{error.context}: {error.problem}"
        raise FormError(name, line, f"YAML syntax error: {reason}") from None
    except yaml.YAMLError as error:
        raise FormError(name, 1, f"YAML error: {error}") from None
    except RecursionError:
        raise FormError(name, 1, "file is nested too deeply") from None
    finally:
        loader.dispose()
