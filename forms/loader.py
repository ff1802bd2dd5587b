"""Reading and checking a form definition file (YAML).

Every check raises :class:`FormError` naming the file and line, so a person
editing a form sees at once what to fix. See ``docs/forms.md`` for the format.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from forms.checks import parse_checks
from forms.entities import GAZETTEERS
from forms.entities import gazetteer as load_gazetteer
from forms.errors import FormError
from forms.fields import (
    GROUP,
    IDENTITY,
    NUMBER,
    PLACE,
    PLACE_VOCABULARIES,
    PROTECTION_CLASSES,
    Field,
    place_fields,
)
from forms.form import Form
from forms.links import check_sibling_links, parse_condition
from forms.roles import attachment_kind_of, check_role
from forms.types import REGISTRY
from forms.types.base import FieldType
from forms.vocabularies import (
    Vocabulary,
    bilingual,
    parse_vocabulary,
    shipped_vocabulary,
)
from forms.yaml_source import MarkedDict, MarkedList, load_yaml_file

FORM_ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_DEPTH = 8
MAX_FIELDS = 3000
FORM_KEYS = {
    "form",
    "version",
    "title",
    "description",
    "superseded_by",
    "vocabularies",
    "fields",
    "checks",
}
FIELD_KEYS = {
    "key",
    "type",
    "label",
    "help",
    "vocabulary",
    "required_for_seal",
    "protected",
    "visible_if",
    "min",
    "max",
    "fields",
    "repeat",
    "role",
    "attachment_kind",
    "example",
    "gazetteer",
    "of",
    "suggest_from",
}
#: Keys of a field definition that one type owns, with that type's name (for the message).
OWN_KEYS = {key: t.name for t in REGISTRY.values() for key in t.own_keys}


class LoadContext:
    """What the loader keeps while it reads one form file."""


    def __init__(self, file: Path, inline: dict[str, Vocabulary]) -> None:
        self.file = file
        self.inline = inline
        self.used: dict[str, Vocabulary] = {}
        self.count = 0
        self.single_roles: dict[str, int] = {}
        self.permission_kinds: dict[str, int] = {}  # attachment_kind -> line of its permission
        self.gazetteers: set[str] = set()

    def error(self, line: int, reason: str) -> FormError:
        return FormError(self.file, line, reason)

    def vocabulary(self, name: object, line: int) -> Vocabulary:
        if not isinstance(name, str):
            raise self.error(line, "'vocabulary' must be a vocabulary name")
        if name in self.inline:
            found = self.inline[name]
        else:
            try:
                found = shipped_vocabulary(name)
            except FormError:
                raise self.error(line, f"unknown vocabulary '{name}'") from None
        self.used[name] = found
        return found


def load_form_file(path: Path) -> Form:
    """Load and check one form definition; :class:`FormError` on any problem."""
    path = Path(path)
    data = load_yaml_file(path)
    return parse_form(data, path)


def parse_form(data: object, file: Path) -> Form:
    if not isinstance(data, MarkedDict):
        raise FormError(
            file,
            getattr(data, "line", 1),
            "a form file must be a mapping with 'form', 'version' and 'fields'",
        )
    _no_unknown_keys(data, FORM_KEYS, file, "form")
    form_id = data.get("form")
    if not isinstance(form_id, str) or not FORM_ID_RE.match(form_id):
        raise FormError(
            file, data.line_of("form"), "'form' must be a lowercase id like 'nk-testimony'"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 10_000:
        raise FormError(file, data.line_of("version"), "'version' must be a whole number from 1")
    superseded_by = data.get("superseded_by")
    if superseded_by is not None and (
        not isinstance(superseded_by, int)
        or isinstance(superseded_by, bool)
        or superseded_by <= version
    ):
        raise FormError(
            file, data.line_of("superseded_by"), "'superseded_by' must be a later version number"
        )
    title = bilingual(data.get("title"), file, data.line_of("title"), "form title")
    description = None
    if "description" in data:
        description = bilingual(
            data["description"], file, data.line_of("description"), "form description"
        )
    context = LoadContext(file, _inline_vocabularies(data, file))
    fields_data = data.get("fields")
    sections = _parse_fields(fields_data, data.line_of("fields"), context, "", 1, False)
    by_path = {f.path: f for f in _all(sections)}
    checks = parse_checks(data.get("checks"), data.line_of("checks"), file, by_path)
    form = Form(
        id=form_id,
        version=version,
        title=title,
        superseded_by=superseded_by,
        sections=list(sections),
        vocabularies=dict(context.used),
        description=description,
        source=file,
        checks=checks,
        gazetteers=tuple(sorted(context.gazetteers)),
    )
    _check_example(form, file)
    return form


def _all(fields: tuple[Field, ...]) -> list[Field]:
    out: list[Field] = []
    for each in fields:
        out.append(each)
        out += _all(each.fields)
    return out


def _no_unknown_keys(data: MarkedDict, allowed: set[str], file: Path, what: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise FormError(file, data.line_of(unknown[0]), f"unknown {what} key '{unknown[0]}'")


def _inline_vocabularies(data: MarkedDict, file: Path) -> dict[str, Vocabulary]:
    raw = data.get("vocabularies")
    if raw is None:
        return {}
    if not isinstance(raw, MarkedList):
        raise FormError(file, data.line_of("vocabularies"), "'vocabularies' must be a list")
    result: dict[str, Vocabulary] = {}
    for index, item in enumerate(raw):
        vocab = parse_vocabulary(item, file) if isinstance(item, MarkedDict) else None
        if vocab is None:
            raise FormError(file, raw.line_of(index), "each inline vocabulary must be a mapping")
        if vocab.name in result:
            raise FormError(file, raw.line_of(index), f"vocabulary '{vocab.name}' is defined twice")
        result[vocab.name] = vocab
    return result


def _parse_fields(
    raw: object, line: int, context: LoadContext, parent_path: str, depth: int, in_repeat: bool
) -> tuple[Field, ...]:
    if not isinstance(raw, MarkedList) or not raw:
        raise context.error(line, "'fields' must be a non-empty list of fields")
    if depth > MAX_DEPTH:
        raise context.error(line, f"groups are nested deeper than {MAX_DEPTH} levels")
    parsed: list[tuple[Field, MarkedDict]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, MarkedDict):
            raise context.error(
                raw.line_of(index), "each field must be a mapping with key, type and label"
            )
        field = _parse_field(item, context, parent_path, depth, in_repeat)
        if field.key in seen:
            raise context.error(
                item.line_of("key"),
                f"duplicate field key '{field.key}' (first on line {seen[field.key]})",
            )
        seen[field.key] = item.line_of("key")
        parsed.append((field, item))
    fields = tuple(field for field, _ in parsed)
    for field, item in parsed:
        check_sibling_links(field, item, fields, context)
    result = []
    for field, item in parsed:
        condition = parse_condition(item, field, fields, context)
        if condition is not None:
            field = replace(field, visible_if=condition)
        result.append(field)
    return tuple(result)


def _bool(item: MarkedDict, key: str, context: LoadContext) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise context.error(item.line_of(key), f"'{key}' must be true or false")
    return value


def _protection(item: MarkedDict, context: LoadContext, where: str) -> str:
    """``protected:``: false, true (the witness's identity), or a class name."""
    value = item.get("protected", False)
    if value is True:
        return IDENTITY
    if value is False:
        return ""
    if value not in PROTECTION_CLASSES:
        raise context.error(
            item.line_of("protected"),
            f"{where}: 'protected' must be true, false or one of {', '.join(PROTECTION_CLASSES)}",
        )
    assert isinstance(value, str)
    return value


def _parse_field(
    item: MarkedDict, context: LoadContext, parent_path: str, depth: int, in_repeat: bool
) -> Field:
    context.count += 1
    if context.count > MAX_FIELDS:
        raise context.error(item.line, f"a form may have at most {MAX_FIELDS} fields")
    _no_unknown_keys(item, FIELD_KEYS, context.file, "field")
    key = item.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise context.error(
            item.line_of("key"), f"field key {key!r} must be lowercase snake_case like 'birth_year'"
        )
    where = f"field '{key}'"
    kind = item.get("type")
    if not isinstance(kind, str) or kind not in REGISTRY:
        raise context.error(
            item.line_of("type"),
            f"{where}: unknown field type {kind!r} (known: {', '.join(REGISTRY)})",
        )
    ftype = REGISTRY[kind]
    label = bilingual(item.get("label"), context.file, item.line_of("label"), f"{where} label")
    help_text = None
    if "help" in item:
        help_text = bilingual(item["help"], context.file, item.line_of("help"), f"{where} help")
    path = f"{parent_path}.{key}" if parent_path else key
    vocabulary = item.get("vocabulary")
    for extra, allowed_on in OWN_KEYS.items():
        if extra in item and extra not in ftype.own_keys:
            raise context.error(
                item.line_of(extra), f"{where}: only a {allowed_on} field takes '{extra}'"
            )
    gazetteer = item.get("gazetteer")
    if "gazetteer" in ftype.own_keys:
        if gazetteer not in GAZETTEERS:
            raise context.error(
                item.line, f"{where}: an entity field needs 'gazetteer' ({', '.join(GAZETTEERS)})"
            )
        try:
            load_gazetteer(str(gazetteer))
        except FormError as error:
            raise context.error(item.line_of("gazetteer"), f"{where}: {error.reason}") from None
        context.gazetteers.add(str(gazetteer))
        for name in ("provinces", GAZETTEERS[str(gazetteer)]):
            context.vocabulary(name, item.line)
    if "of" in ftype.own_keys and not isinstance(item.get("of"), str):
        raise context.error(item.line, f"{where}: a spans field needs 'of', a sibling long_text")
    if ftype.needs_vocabulary:
        if vocabulary is None:
            raise context.error(item.line, f"{where}: a {kind} field needs a 'vocabulary'")
        context.vocabulary(vocabulary, item.line_of("vocabulary"))
    elif vocabulary is not None:
        raise context.error(
            item.line_of("vocabulary"), f"{where}: only choice fields take a vocabulary"
        )
    repeat = _bool(item, "repeat", context)
    if repeat and kind != GROUP:
        raise context.error(item.line_of("repeat"), f"{where}: only a group can repeat")
    minimum, maximum = _bounds(item, ftype, repeat, context, where)
    children: tuple[Field, ...] = ()
    if kind == GROUP:
        children = _parse_fields(
            item.get("fields"),
            item.line_of("fields"),
            context,
            path,
            depth + 1,
            in_repeat or repeat,
        )
    elif "fields" in item:
        raise context.error(item.line_of("fields"), f"{where}: only a group has 'fields'")
    if kind == PLACE:
        for name in PLACE_VOCABULARIES:
            context.vocabulary(name, item.line)
        children = place_fields(path)
    role = item.get("role")
    if role is not None:
        check_role(role, kind, repeat, children, in_repeat, item, context, where)
    attachment_kind = attachment_kind_of(item, role, in_repeat, context, where)
    return Field(
        key=key,
        type=kind,
        label=label,
        path=path,
        help=help_text,
        vocabulary=vocabulary,
        required_for_seal=_bool(item, "required_for_seal", context),
        protected=_protection(item, context, where),
        min=minimum,
        max=maximum,
        fields=children,
        repeat=repeat,
        role=role,
        example=item.get("example"),
        line=item.line,
        attachment_kind=attachment_kind,
        gazetteer=str(gazetteer) if gazetteer is not None else None,
        of=item.get("of"),
        suggest_from=item.get("suggest_from"),
    )


def _bounds(
    item: MarkedDict, ftype: FieldType, repeat: bool, context: LoadContext, where: str
) -> tuple[int | float | None, int | float | None]:
    """``min``/``max``: a value's bounds, a text's length, a list's number of entries."""
    kind = ftype.name
    result: list[int | float | None] = []
    for name in ("min", "max"):
        value = item.get(name)
        if value is None:
            result.append(None)
            continue
        if not ftype.bounds or (kind == GROUP and not repeat):
            raise context.error(item.line_of(name), f"{where}: a {kind} field takes no '{name}'")
        number_ok = isinstance(value, int) or (kind == NUMBER and isinstance(value, float))
        if not number_ok or isinstance(value, bool) or not isinstance(value, int | float):
            raise context.error(item.line_of(name), f"{where}: '{name}' must be a number")
        if ftype.bounds != "value" and value < 0:
            raise context.error(item.line_of(name), f"{where}: '{name}' cannot be negative")
        result.append(value)
    low, high = result
    if low is not None and high is not None and low > high:
        raise context.error(item.line_of("min"), f"{where}: 'min' is larger than 'max'")
    return low, high


def _check_example(form: Form, file: Path) -> None:
    """The generated example must pass the form's own sealing rules: this
    catches bad ``example:`` values and unsatisfiable rules at load time."""
    problems = form.validate(form.example(), for_seal=True)
    if problems:
        problem = problems[0]
        line = 1
        path = problem.path
        while path:
            try:
                line = form.field(path).line
            except KeyError:
                line = 0
            if line:
                break
            path = path.rpartition(".")[0]
        line = line or 1
        raise FormError(file, line, f"the example answer at {problem.path} fails: {problem.en}")
