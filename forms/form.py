"""A loaded, checked form version and what other code asks of it."""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from forms.checks import Check, contradictions
from forms.fields import (
    ATTACHMENT_REF,
    ATTACHMENT_REFS,
    ENTITY,
    IDENTITY,
    PERSON_REF,
    PROGRAM_ROLES,
    SPANS,
    Field,
    Problem,
)
from forms.types import field_type
from forms.validation import join_path, validate_document
from forms.vocabularies import Vocabulary

LANGS = ("en", "ko")
_INDEX_RE = re.compile(r"\[[0-9]+\]")
_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def value_at(doc: Mapping[str, Any], path: str) -> Any:
    """The answer at a concrete path (``incidents[0].acts[1].place``), or None."""
    node: Any = doc
    for m in _PATH_TOKEN.finditer(path):
        key: Any = m.group(1) if m.group(1) is not None else int(m.group(2))
        if isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")


@dataclass(frozen=True, eq=False)
class Form:
    """One version of one form. Build it with :func:`forms.load_form` or
    :func:`forms.load_form_file`; never by hand."""

    id: str
    version: int
    title: dict[str, str]
    superseded_by: int | None
    sections: list[Field]
    vocabularies: dict[str, Vocabulary]
    description: dict[str, str] | None = None
    source: Path | None = None
    checks: tuple[Check, ...] = ()
    gazetteers: tuple[str, ...] = ()
    _by_path: dict[str, Field] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for each in self.all_fields():
            self._by_path[each.path] = each

    # -- structure -------------------------------------------------------
    def all_fields(self) -> Iterator[Field]:
        """Every field (groups and their children), depth first, in order."""
        stack: list[Field] = list(reversed(self.sections))
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.fields))

    def field(self, path: str) -> Field:
        """The field at a concrete or abstract path; :class:`KeyError` if none."""
        abstract = _INDEX_RE.sub("", path)
        try:
            return self._by_path[abstract]
        except KeyError:
            raise KeyError(path) from None

    @property
    def vocabulary_codes(self) -> dict[str, list[str]]:
        return {name: list(vocab.terms) for name, vocab in self.vocabularies.items()}

    # -- checking --------------------------------------------------------
    def validate(
        self,
        doc: object,
        *,
        for_seal: bool = False,
        attachment_ids: Collection[str] | None = None,
    ) -> list[Problem]:
        """Every problem of ``doc``; with ``for_seal`` also the rules for sealing and
        the contradictions the form's ``checks`` catch (not explained by a note).
        ``attachment_ids``: the record's attachments, when sealing in a vault."""
        codes = {name: vocab.terms for name, vocab in self.vocabularies.items()}
        problems = validate_document(self.sections, codes, doc, for_seal=for_seal)
        if for_seal:
            problems += contradictions(self, doc, attachment_ids)
        return problems

    def suggestions(self, path: str, siblings: Mapping[str, Any]) -> list[str]:
        """Codes proposed for the multiple-choice field at ``path`` by the term(s)
        chosen in its ``suggest_from`` sibling (e.g. a violation's usual headings)."""
        each = self.field(path)
        if each.suggest_from is None or each.vocabulary is None:
            return []
        source = self.field(
            path.rpartition(".")[0] + "." + each.suggest_from if "." in path else each.suggest_from
        )
        assert source.vocabulary is not None
        chosen = siblings.get(each.suggest_from)
        codes = chosen if isinstance(chosen, list) else [chosen]
        table = self.vocabularies[source.vocabulary].suggests
        found: list[str] = []
        for code in codes:
            for suggested in table.get(str(code), {}).get(each.vocabulary, ()):
                if suggested not in found:
                    found.append(suggested)
        return found

    def attachment_refs(self, doc: object) -> Iterator[tuple[Field, str, str]]:
        """``(field, concrete path, attachment id)`` of every attachment reference in ``doc``
        (one per id of a list of them), in document order."""
        for each, value, path in self.walk(doc):
            if each.type == ATTACHMENT_REF and isinstance(value, str):
                yield each, path, value
            elif each.type == ATTACHMENT_REFS and isinstance(value, list):
                yield from ((each, f"{path}[{i}]", v) for i, v in enumerate(value)
                            if isinstance(v, str))  # fmt: skip

    def new_entities(self, doc: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """``(path, entry)`` of every free-text entity entry, for the archive to reconcile."""
        return [
            (path, value)
            for each, value, path in self.walk(doc)
            if each.type == ENTITY and isinstance(value, dict)
        ]

    def json_schema(self, *, for_seal: bool = False) -> dict[str, Any]:
        """Draft 2020-12 JSON Schema of the record document."""
        from forms.schema import build_schema

        return build_schema(self, for_seal=for_seal)

    def example(self) -> dict[str, Any]:
        """A complete, fictional document, valid also for sealing."""
        from forms.example import build_example

        return build_example(self)

    # -- reading a document ----------------------------------------------
    def walk(self, doc: object) -> Iterator[tuple[Field, object, str]]:
        """``(field, value, concrete path)`` for every answer present, in
        document order; a repeating group yields its list, then each item
        (path ``key[i]``). Parts of ``doc`` of the wrong shape are skipped."""
        yield from _walk(self.sections, doc, "")

    def values(self, doc: Mapping[str, Any], role: str) -> list[object]:
        """Values of every field with ``role``, in document order. A repeating
        group contributes each item; a list of codes or ids each element."""
        found: list[object] = []
        for each, value, path in self.walk(doc):
            if each.role != role:
                continue
            if each.repeat:
                if not path.endswith("]"):
                    continue  # the list itself; its items follow
                found.append(value)
            elif field_type(each.type).listed and isinstance(value, list):
                found.extend(value)
            else:
                found.append(value)
        return found

    def fill(self, doc: dict[str, Any], values: Mapping[str, str]) -> None:
        """Set the answers the program owns (``PROGRAM_ROLES``: ``values`` by role) in place,
        whatever the document said; an empty value removes the answer. Such fields sit
        outside repeating groups (the loader checks single roles), so each has one path."""
        for each in self.all_fields():
            if each.role not in PROGRAM_ROLES:
                continue
            *parents, key = each.path.split(".")
            node: Any = doc
            for part in parents:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    break
            else:
                value = values.get(each.role, "")
                if value:
                    node[key] = value
                else:
                    node.pop(key, None)

    def text_values(self, doc: Mapping[str, Any]) -> list[str]:
        """Every free-text answer (short and long text, place names), protected
        ones included: for the encrypted full-text index only."""
        return list(self.free_texts(doc))

    def free_texts(self, doc: object) -> Iterator[str]:
        """:meth:`text_values` lazily, in document order, visiting only the parts of ``doc``
        that can hold free text (a search snippet stops at its first match)."""
        yield from _free_texts(self._text_plan, doc)

    @cached_property
    def _text_plan(self) -> TextPlan:
        return _text_plan(self.sections)

    def protected_paths(self, doc: Mapping[str, Any]) -> list[str]:
        """Concrete paths of protected answers present in ``doc`` (outermost only),
        then the passages marked by ``spans`` fields as ``TEXT_PATH#START-END``."""
        found: list[str] = []
        for each, _, path in self.walk(doc):
            if (
                each.protected
                and not path.endswith("]")
                and not any(path.startswith(p + ".") or path.startswith(p + "[") for p in found)
            ):
                found.append(path)
        return found + [
            p
            for p in self.span_paths(doc)
            if not any(
                p.startswith(q + ".") or p.startswith(q + "[") or p.startswith(q + "#")
                for q in found
            )
        ]

    def span_paths(self, doc: Mapping[str, Any]) -> list[str]:
        """``TEXT_PATH#START-END`` of each passage marked in a valid ``spans`` answer."""
        found: list[str] = []
        for each, value, path in self.walk(doc):
            if each.type != SPANS or not isinstance(value, list) or each.of is None:
                continue
            text_path = path.rpartition(".")[0] + "." + each.of if "." in path else each.of
            for span in value:
                if (
                    isinstance(span, dict)
                    and type(span.get("start")) is int
                    and type(span.get("end")) is int
                ):
                    found.append(f"{text_path}#{span['start']}-{span['end']}")
        return found

    def protection(self, doc: Mapping[str, Any], path: str) -> str:
        """The protection class of the protected answer at ``path`` (see ``protected_paths``).

        A third person's detail inside an entry whose person code is ``interviewee`` (the
        witness named as a victim) is the witness's identity, whatever the form says.
        A marked passage of free text (``path#start-end``) identifies the witness or their
        family: the witness's identity.
        """
        if "#" in path:
            return IDENTITY
        cls = self.field(path).protected
        if cls and cls != IDENTITY:
            parent_path = path.rpartition(".")[0]
            parent = value_at(doc, parent_path) if parent_path else None
            siblings = self.field(parent_path).fields if parent_path else ()
            if isinstance(parent, dict) and any(
                f.type == PERSON_REF and parent.get(f.key) == "interviewee" for f in siblings
            ):
                return IDENTITY
        return cls

    def attachment_permissions(self, doc: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
        """``attachment kind -> (answer, field path)`` for every kind a field of ``role:
        attachment_permission`` governs; the answer is "" when the question is unanswered.
        A kind missing here is governed by no question."""
        answers = {path: value for f, value, path in self.walk(doc) if f.attachment_kind}
        return {
            f.attachment_kind: (str(answers.get(f.path, "")), f.path)
            for f in self.all_fields()
            if f.attachment_kind
        }

    def redact(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """A deep copy of ``doc`` without protected answers and without keys the
        form does not know (which cannot be judged safe)."""
        result = _redact(self.sections, doc)
        return result if isinstance(result, dict) else {}

    # -- labels ----------------------------------------------------------
    def label(self, path: str, lang: str) -> str:
        """Label of the field at a concrete or abstract path."""
        _check_lang(lang)
        return self.field(path).label[lang]

    def term(self, vocabulary: str, code: str, lang: str) -> str:
        """Label of a vocabulary code; :class:`KeyError` if either is unknown."""
        _check_lang(lang)
        return self.vocabularies[vocabulary].terms[code][lang]


def _walk(fields: Sequence[Field], obj: object, path: str) -> Iterator[tuple[Field, object, str]]:
    if not isinstance(obj, dict):
        return
    for each in fields:
        if each.key not in obj:
            continue
        value = obj[each.key]
        field_path = join_path(path, each.key)
        yield each, value, field_path
        if each.repeat:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    item_path = f"{field_path}[{index}]"
                    yield each, item, item_path
                    yield from _walk(each.fields, item, item_path)
        elif each.is_container:
            yield from _walk(each.fields, value, field_path)


# (key, free text?, repeats?, the plan of its children) of each field that is free text or
# holds some below it: the form's walk cut down to what the index and snippets read
TextPlan = tuple[tuple[str, bool, bool, "TextPlan"], ...]


def _text_plan(fields: Sequence[Field]) -> TextPlan:
    plan = []
    for each in fields:
        text = field_type(each.type).free_text
        below = _text_plan(each.fields) if each.repeat or each.is_container else ()
        if text or below:
            plan.append((each.key, text, each.repeat, below))
    return tuple(plan)


def _free_texts(plan: TextPlan, obj: object) -> Iterator[str]:
    if not isinstance(obj, dict):
        return
    for key, text, repeat, below in plan:
        value = obj.get(key)
        if text and isinstance(value, str) and value.strip():
            yield value
        if not below:
            continue
        if not repeat:
            yield from _free_texts(below, value)
        elif isinstance(value, list):
            for item in value:
                yield from _free_texts(below, item)


def _redact(fields: Sequence[Field], obj: object) -> object:
    if not isinstance(obj, dict):
        return copy.deepcopy(obj)
    result: dict[str, Any] = {}
    for each in fields:
        if each.key not in obj or each.protected:
            continue
        value = obj[each.key]
        if each.repeat and isinstance(value, list):
            result[each.key] = [_redact(each.fields, item) for item in value]
        elif each.is_container:
            result[each.key] = _redact(each.fields, value)
        else:
            result[each.key] = copy.deepcopy(value)
    return result
