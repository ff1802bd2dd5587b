"""The rules a form's ``role:`` fields follow: the type and place of each role, the shape of
the groups whose items code relies on (consent grants, explanations), and the one permission
question per attachment kind. The loader (:mod:`forms.loader`) calls them for each field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.checks import explanation_fields
from forms.fields import (
    ATTACHMENT_KIND_VOCABULARY,
    CHOICE,
    CONSENT_GRANT_FIELDS,
    CONSENT_GRANT_STATES,
    CONSENT_THIRD_PARTY_FIELD,
    GROUP_ROLES,
    MULTI_CHOICE,
    MULTI_ROLES,
    ROLE_TYPES,
    ROLE_VOCABULARY,
    ROLES,
    SINGLE_ROLES,
    YES_NO_UNKNOWN,
    Field,
)
from forms.yaml_source import MarkedDict

if TYPE_CHECKING:
    from forms.loader import LoadContext


def check_role(
    role: object,
    kind: str,
    repeat: bool,
    children: tuple[Field, ...],
    in_repeat: bool,
    item: MarkedDict,
    context: LoadContext,
    where: str,
) -> None:
    line = item.line_of("role")
    if role not in ROLES:
        raise context.error(line, f"{where}: unknown role {role!r} (known: {', '.join(ROLES)})")
    assert isinstance(role, str)
    if kind not in ROLE_TYPES[role]:
        raise context.error(
            line, f"{where}: role '{role}' needs a field of type {' or '.join(ROLE_TYPES[role])}"
        )
    if role in GROUP_ROLES and not repeat:
        raise context.error(line, f"{where}: role '{role}' needs a repeating group")
    if role in SINGLE_ROLES:
        if role in context.single_roles:
            raise context.error(
                line, f"{where}: role '{role}' is already used on line {context.single_roles[role]}"
            )
        if in_repeat:
            raise context.error(line, f"{where}: role '{role}' cannot be inside a repeating group")
        context.single_roles[role] = line
    if role in ROLE_VOCABULARY and item.get("vocabulary") != ROLE_VOCABULARY[role]:
        raise context.error(
            line, f"{where}: role '{role}' needs the vocabulary '{ROLE_VOCABULARY[role]}'"
        )
    if role == "consent_grants":
        shape = {child.key: child.vocabulary for child in children if child.type == CHOICE}
        rest = [c for c in children if c.key not in CONSENT_GRANT_FIELDS]
        optional = {
            CONSENT_THIRD_PARTY_FIELD: lambda c: c.type == YES_NO_UNKNOWN,
            CONSENT_GRANT_STATES[0]: lambda c: (
                c.type == MULTI_CHOICE and c.vocabulary == CONSENT_GRANT_STATES[1]
            ),
        }
        if (
            shape != CONSENT_GRANT_FIELDS
            or len(children) - len(rest) != len(CONSENT_GRANT_FIELDS)
            or any(c.key not in optional or not optional[c.key](c) for c in rest)
        ):
            raise context.error(
                line,
                f"{where}: role 'consent_grants' needs exactly the choice fields "
                "recipient (consent-recipients) and identity_level (identity-levels), and"
                f" optionally the yes_no_unknown field {CONSENT_THIRD_PARTY_FIELD} and"
                f" {CONSENT_GRANT_STATES[0]} (multi_choice, {CONSENT_GRANT_STATES[1]})",
            )
    if role == "explanations" and not explanation_fields(children):
        raise context.error(
            line, f"{where}: role 'explanations' needs exactly the fields check, field and note"
        )
    assert role in SINGLE_ROLES or role in MULTI_ROLES


def attachment_kind_of(
    item: MarkedDict, role: object, in_repeat: bool, context: LoadContext, where: str
) -> str | None:
    """``attachment_kind:`` goes with ``role: attachment_permission``, once per kind."""
    kind = item.get("attachment_kind")
    line = item.line_of("attachment_kind") if kind is not None else item.line_of("role")
    if role != "attachment_permission":
        if kind is not None:
            raise context.error(
                line, f"{where}: 'attachment_kind' needs role 'attachment_permission'"
            )
        return None
    kinds = context.vocabulary(ATTACHMENT_KIND_VOCABULARY, line).codes
    if kind not in kinds:
        raise context.error(
            line,
            f"{where}: role 'attachment_permission' needs 'attachment_kind', one of"
            f" {', '.join(kinds)}",
        )
    assert isinstance(kind, str)
    if in_repeat:
        raise context.error(
            line, f"{where}: role 'attachment_permission' cannot be inside a repeating group"
        )
    if kind in context.permission_kinds:
        raise context.error(
            line,
            f"{where}: the permission for '{kind}' is already given on line"
            f" {context.permission_kinds[kind]}",
        )
    context.permission_kinds[kind] = line
    return kind
