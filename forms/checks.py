"""Contradictions caught before sealing, declared in a form file under ``checks:``.

Each check has an ``id``, a ``label`` in English and Korean naming the
contradiction, and a ``kind``:

``order``            ``earlier`` cannot be after ``later`` (date or date-time fields);
                     inside the same repeated entry when both are, else against the
                     one answer outside (``incidents.acts.end`` vs ``session.start``)
``age``              the whole number at ``age`` must fit the EDTF ``birth`` year at
                     the date ``at``
``minor_flag``       an ``age`` under 18 needs ``flag`` answered "yes"
``implies``          ``when`` answered "yes" needs ``then`` answered "yes"
``attachments_listed``  every attachment id the record refers to is an entry of the
                     attachment register ``register`` (and, when sealing in a vault,
                     an attachment that exists)

A check never fires on a missing or unreadable answer (the ordinary validation
names those). A contradiction is waived by a note in the group with role
``explanations`` naming the check and the field; the note is sealed with the record.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.edtf import edtf_range
from forms.errors import FormError
from forms.fields import (
    ATTACHMENT_REF,
    DATE,
    DATETIME,
    GROUP,
    INTEGER,
    YES_NO_UNKNOWN,
    Field,
    Problem,
)
from forms.vocabularies import bilingual
from forms.yaml_source import MarkedDict, MarkedList

if TYPE_CHECKING:
    from forms.form import Form

KINDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "order": {"earlier": (DATE, DATETIME), "later": (DATE, DATETIME)},
    "age": {"age": (INTEGER,), "birth": (DATE,), "at": (DATE, DATETIME)},
    "minor_flag": {"age": (INTEGER,), "flag": (YES_NO_UNKNOWN,)},
    "attachments_listed": {"register": (ATTACHMENT_REF,)},
    "implies": {"when": (YES_NO_UNKNOWN,), "then": (YES_NO_UNKNOWN,)},
}
ADULT_AGE = 18


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    label: dict[str, str]
    paths: dict[str, str]  # parameter -> abstract field path
    line: int = 0


def parse_checks(
    raw: object, line: int, file: Path, fields: Mapping[str, Field]
) -> tuple[Check, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, MarkedList):
        raise FormError(file, line, "'checks' must be a list")
    found: list[Check] = []
    for index, item in enumerate(raw):
        where = raw.line_of(index)
        if not isinstance(item, MarkedDict):
            raise FormError(file, where, "each check must be a mapping with id, kind and label")
        ident, kind = item.get("id"), item.get("kind")
        if (
            not isinstance(ident, str)
            or not ident.replace("_", "").isalnum()
            or not ident.islower()
        ):
            raise FormError(file, item.line_of("id"), f"check id {ident!r} must be snake_case")
        if any(c.id == ident for c in found):
            raise FormError(file, item.line_of("id"), f"duplicate check id '{ident}'")
        if kind not in KINDS:
            raise FormError(
                file,
                item.line_of("kind"),
                f"check '{ident}': unknown kind {kind!r} (known: {', '.join(KINDS)})",
            )
        params = KINDS[str(kind)]
        unknown = sorted(set(item) - {"id", "kind", "label", *params})
        if unknown:
            raise FormError(
                file, item.line_of(unknown[0]), f"check '{ident}': unknown key '{unknown[0]}'"
            )
        label = bilingual(item.get("label"), file, item.line_of("label"), f"check '{ident}' label")
        paths: dict[str, str] = {}
        for name, types in params.items():
            path = item.get(name)
            target = fields.get(path) if isinstance(path, str) else None
            if target is None or target.type not in types:
                raise FormError(
                    file,
                    item.line_of(name),
                    f"check '{ident}': '{name}' must be the path of a {' or '.join(types)} field",
                )
            paths[name] = str(path)
        found.append(Check(ident, str(kind), label, paths, item.line))
    return tuple(found)


# -- evaluating ----------------------------------------------------------------------


def _instances(form: Form, doc: Any, abstract: str) -> list[tuple[str, object]]:
    return [
        (path, value)
        for f, value, path in form.walk(doc)
        if f.path == abstract and not path.endswith("]")
    ]


def _counterpart(concrete: str, abstract: str) -> str:
    """``abstract`` made concrete with the indices ``concrete`` has on the shared prefix."""
    parts, out, same = concrete.split("."), [], True
    for i, key in enumerate(abstract.split(".")):
        if same and i < len(parts) and parts[i].split("[")[0] == key:
            out.append(parts[i])
        else:
            same = False
            out.append(key)
    return ".".join(out)


def _lookup(form: Form, doc: Any, concrete: str) -> object:
    for _, value, path in form.walk(doc):
        if path == concrete:
            return value
    return None


def _span(value: object) -> tuple[date, date] | None:
    if not isinstance(value, str):
        return None
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.date(), moment.date()
        return edtf_range(value)
    except ValueError:
        return None


def _after(earlier: object, later: object) -> bool:
    """True when ``earlier`` is certainly after ``later``."""
    if isinstance(earlier, str) and isinstance(later, str) and "T" in earlier and "T" in later:
        try:
            return datetime.fromisoformat(earlier.replace("Z", "+00:00")) > datetime.fromisoformat(
                later.replace("Z", "+00:00")
            )
        except ValueError:
            return False
    a, b = _span(earlier), _span(later)
    return a is not None and b is not None and a[0] > b[1]


def field_name(form: Form, path: str, lang: str) -> str:
    """``Incidents › Acts › End`` for a concrete or abstract path."""
    names, prefix = [], ""
    for key in path.split("."):
        prefix = f"{prefix}.{key}" if prefix else key
        try:
            names.append(form.field(prefix).label[lang])
        except KeyError:
            break
    return " › ".join(names)


def _problem(form: Form, check: Check, path: str, en: str, ko: str) -> Problem:
    return Problem(
        path,
        f"{check.label['en']}: {en}",
        f"{check.label['ko']}: {ko}",
        check=check.id,
        beyond_schema=True,
    )


def _refs(form: Form, doc: Any, skip: str) -> Iterable[tuple[str, str]]:
    return ((path, ref) for f, path, ref in form.attachment_refs(doc) if f.path != skip)


def _evaluate(
    form: Form, check: Check, doc: Any, attachment_ids: Collection[str] | None
) -> list[Problem]:
    p = check.paths
    out: list[Problem] = []
    if check.kind == "order":
        a_name = (field_name(form, p["earlier"], "en"), field_name(form, p["earlier"], "ko"))
        b_name = (field_name(form, p["later"], "en"), field_name(form, p["later"], "ko"))
        for path, value in _instances(form, doc, p["earlier"]):
            other = _lookup(form, doc, _counterpart(path, p["later"]))
            if _after(value, other):
                out.append(
                    _problem(
                        form,
                        check,
                        path,
                        f"{a_name[0]} ({value}) is after {b_name[0]} ({other})",
                        f"{a_name[1]}({value})이(가) {b_name[1]}({other})보다 늦습니다",
                    )
                )
    elif check.kind in ("age", "minor_flag"):
        for path, age in _instances(form, doc, p["age"]):
            if type(age) is not int:
                continue
            name = (field_name(form, p["age"], "en"), field_name(form, p["age"], "ko"))
            if check.kind == "minor_flag":
                flag = _lookup(form, doc, _counterpart(path, p["flag"]))
                if age < ADULT_AGE and flag != "yes":
                    f_name = (field_name(form, p["flag"], "en"), field_name(form, p["flag"], "ko"))
                    out.append(
                        _problem(
                            form,
                            check,
                            path,
                            f"{name[0]} is {age}, under 18, but {f_name[0]} is not yes",
                            f"{name[1]}이(가) {age}세로 18세 미만인데"
                            f" {f_name[1]}이(가) '예'가 아닙니다",
                        )
                    )
                continue
            birth = _span(_lookup(form, doc, _counterpart(path, p["birth"])))
            at = _span(_lookup(form, doc, _counterpart(path, p["at"])))
            if birth is None or at is None:
                continue
            low = at[0].year - birth[1].year - 1
            high = at[1].year - birth[0].year
            if not low <= age <= high:
                b_name = (field_name(form, p["birth"], "en"), field_name(form, p["birth"], "ko"))
                out.append(
                    _problem(
                        form,
                        check,
                        path,
                        f"{name[0]} ({age}) does not agree with {b_name[0]}"
                        f" (between {max(low, 0)} and {high})",
                        f"{name[1]}({age})이(가) {b_name[1]}와 맞지 않습니다"
                        f" ({max(low, 0)}~{high}세여야 함)",
                    )
                )
    elif check.kind == "implies":
        w_name = (field_name(form, p["when"], "en"), field_name(form, p["when"], "ko"))
        t_name = (field_name(form, p["then"], "en"), field_name(form, p["then"], "ko"))
        for path, answer in _instances(form, doc, p["when"]):
            if answer == "yes" and _lookup(form, doc, _counterpart(path, p["then"])) != "yes":
                out.append(
                    _problem(
                        form,
                        check,
                        _counterpart(path, p["then"]),
                        f"{w_name[0]} is yes, so {t_name[0]} must be yes",
                        f"{w_name[1]}이(가) '예'이므로 {t_name[1]}도 '예'여야 합니다",
                    )
                )
    elif check.kind == "attachments_listed":
        listed = {v for _, v in _instances(form, doc, p["register"]) if isinstance(v, str)}
        r_name = (field_name(form, p["register"], "en"), field_name(form, p["register"], "ko"))
        for path, ref in _refs(form, doc, p["register"]):
            if ref not in listed:
                out.append(
                    _problem(
                        form,
                        check,
                        path,
                        f"{field_name(form, path, 'en')} refers to {ref},"
                        f" which is not in {r_name[0]}",
                        f"{field_name(form, path, 'ko')}이(가) {r_name[1]}에 없는"
                        f" {ref}을(를) 가리킵니다",
                    )
                )
        if attachment_ids is not None:
            for path, entry in _instances(form, doc, p["register"]):
                if isinstance(entry, str) and entry not in attachment_ids:
                    out.append(
                        _problem(
                            form,
                            check,
                            path,
                            f"{field_name(form, path, 'en')}: no attachment {entry}"
                            " exists in this record",
                            f"{field_name(form, path, 'ko')}: 이 기록에 {entry} 첨부가 없습니다",
                        )
                    )
    return out


def explained(form: Form, doc: Any) -> set[tuple[str, str]]:
    """``(check id, field path)`` pairs that a recorded note explains."""
    out: set[tuple[str, str]] = set()
    for note in form.values(doc, "explanations"):
        if isinstance(note, dict) and isinstance(note.get("note"), str) and note["note"].strip():
            out.add((str(note.get("check", "")), str(note.get("field", ""))))
    return out


def contradictions(
    form: Form, doc: Any, attachment_ids: Collection[str] | None = None
) -> list[Problem]:
    """Every contradiction of ``doc`` not explained by a recorded note."""
    if not isinstance(doc, dict) or not form.checks:
        return []
    waived = explained(form, doc)
    found: list[Problem] = []
    for check in form.checks:
        found += [
            p
            for p in _evaluate(form, check, doc, attachment_ids)
            if (p.check, p.path) not in waived
        ]
    return found


def explanation_fields(children: tuple[Field, ...]) -> bool:
    """The shape a group with role ``explanations`` must have."""
    return [c.key for c in children] == ["check", "field", "note"] and all(
        c.type != GROUP for c in children
    )
