"""The building blocks of a form: field types, fields, conditions and roles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Names of the field types a form file may use (``type:``); each is defined once in
#: :mod:`forms.types`, which owns everything that depends on the type.
TEXT = "text"  # short text, one line
LONG_TEXT = "long_text"  # the narrative: may be pages long
INTEGER = "integer"
NUMBER = "number"  # decimal number (coordinates)
YES_NO_UNKNOWN = "yes_no_unknown"
CHOICE = "choice"  # one code from a vocabulary
MULTI_CHOICE = "multi_choice"  # a list of distinct codes from a vocabulary
DATE = "date"  # EDTF text, see forms.edtf
DATETIME = "datetime"  # ISO 8601 / RFC 3339 date and time with a UTC offset
PLACE = "place"  # a fixed group of parts, see PLACE_PARTS
PERSON_REF = "person_ref"  # a person code used throughout the record, e.g. P1 or interviewee
ATTACHMENT_REF = "attachment_ref"  # one attachment id
ATTACHMENT_REFS = "attachment_refs"  # a list of distinct attachment ids
GROUP = "group"  # children in ``fields``; ``repeat: true`` makes it a list
ENTITY = "entity"  # an id of a gazetteer (forms/entities), or a new entry in free text
SPANS = "spans"  # marked passages of a sibling long text: [{start, end, class}]

YES_NO_UNKNOWN_CODES = ("yes", "no", "unknown")
#: Default upper bound on short text length, when the form gives no ``max``.
TEXT_DEFAULT_MAX = 1000
#: Identifier syntax shared by person and attachment references.
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"

#: Roles: meaning other code relies on (``form.values(doc, role)``).
SINGLE_ROLES = (
    "reference",
    "pseudonym",
    "interview_date",
    "interview_place",
    "language",
    "narrative",
    "consent_grants",
    "consent_withdrawn",
    "withdrawal_scope",
    "withdrawal_recipients",
    "withdrawal_attachments",
    "court_use",
    "cross_border",
    "interview_country",
    "minor",
    "explanations",
    "signer_fingerprint",
    "interview_end",
    "interview_breaks",
)
#: Roles whose answer the program fills (never typed): the core overwrites them on every save.
PROGRAM_ROLES = ("signer_fingerprint",)
MULTI_ROLES = (
    "incident",
    "incident_date",
    "act",
    "violation",
    "province",
    "facility_type",
    "institution",
    "rome_statute",
    "coi_category",
    "attachment_ref",
    "attachment_permission",
    "facility",
    "unit",
    "method",
    "knowledge",
    "reliability",
    "credibility",
    "persecution_ground",
    "victim",
    "victim_status",
)
ROLES = SINGLE_ROLES + MULTI_ROLES

#: Types each role may sit on.
ROLE_TYPES: Mapping[str, tuple[str, ...]] = {
    "reference": (TEXT,),
    "pseudonym": (TEXT,),
    "interview_date": (DATETIME, DATE),
    "interview_place": (TEXT,),
    "language": (CHOICE,),
    "narrative": (LONG_TEXT,),
    "consent_grants": (GROUP,),
    "consent_withdrawn": (YES_NO_UNKNOWN,),
    "signer_fingerprint": (TEXT,),
    "interview_end": (DATETIME,),
    "interview_breaks": (INTEGER,),
    "incident": (GROUP,),
    "incident_date": (DATE,),
    "act": (GROUP,),
    "violation": (CHOICE, MULTI_CHOICE),
    "province": (CHOICE, MULTI_CHOICE),
    "facility_type": (CHOICE, MULTI_CHOICE),
    "institution": (CHOICE, MULTI_CHOICE),
    "rome_statute": (CHOICE, MULTI_CHOICE),
    "coi_category": (CHOICE, MULTI_CHOICE),
    "attachment_ref": (ATTACHMENT_REF, ATTACHMENT_REFS),
    "attachment_permission": (YES_NO_UNKNOWN,),
    "withdrawal_scope": (CHOICE,),
    "withdrawal_recipients": (MULTI_CHOICE,),
    "withdrawal_attachments": (ATTACHMENT_REFS,),
    "court_use": (YES_NO_UNKNOWN,),
    "cross_border": (YES_NO_UNKNOWN,),
    "interview_country": (CHOICE,),
    "minor": (YES_NO_UNKNOWN,),
    "explanations": (GROUP,),
    "facility": (ENTITY,),
    "unit": (ENTITY,),
    "method": (MULTI_CHOICE, CHOICE),
    "knowledge": (CHOICE, MULTI_CHOICE),
    "reliability": (CHOICE,),
    "credibility": (CHOICE,),
    "persecution_ground": (CHOICE, MULTI_CHOICE),
    "victim": (GROUP,),
    "victim_status": (CHOICE,),
}
#: Vocabulary some roles need, so that code can read their codes.
ROLE_VOCABULARY: Mapping[str, str] = {
    "province": "provinces",
    "withdrawal_scope": "withdrawal-scopes",
    "withdrawal_recipients": "consent-recipients",
    "interview_country": "countries",
}
#: Roles on repeating groups.
GROUP_ROLES = ("incident", "act", "consent_grants", "explanations", "victim")
#: Vocabulary the consent-grant items use; export reads exactly these two keys.
CONSENT_GRANT_FIELDS = {"recipient": "consent-recipients", "identity_level": "identity-levels"}
#: The optional third key of a consent-grant item: may this recipient class have the
#: identifying details of third persons (``protected: third_party``)? Only ``yes`` grants.
CONSENT_THIRD_PARTY_FIELD = "third_party_names"

#: ``protected:`` classes. ``true`` means IDENTITY (the witness's own identity).
IDENTITY = "identity"
THIRD_PARTY = "third_party"
PROTECTION_CLASSES = (IDENTITY, THIRD_PARTY)

#: The kinds of stored attachments (audio, photo_video, medical, document, drawing, other);
#: a field with ``role: attachment_permission`` names the one it governs in ``attachment_kind``.
ATTACHMENT_KIND_VOCABULARY = "file-kinds"
#: Optional in a consent grant: the states whose prosecutors it covers (national_prosecutors).
CONSENT_GRANT_STATES = ("states", "countries")
#: The fields of a group with role ``explanations``: a sealing check, the field, a note.
EXPLANATION_FIELDS = ("check", "field", "note")


@dataclass(frozen=True)
class Condition:
    """``visible_if``: the field applies when a sibling field has one of some values.

    ``values`` holds the accepted values (``equals:`` or ``in:``); for a
    multiple-choice sibling, ``contains`` names a code that must be selected.
    """

    field: str
    values: tuple[object, ...] = ()
    contains: str | None = None

    def holds(self, siblings: Mapping[str, object]) -> bool:
        value = siblings.get(self.field)
        if self.contains is not None:
            return isinstance(value, list) and self.contains in value
        return any(type(value) is type(v) and value == v for v in self.values)


@dataclass(frozen=True, eq=False)
class Field:
    """One question (or a group of questions) of a form.

    ``path`` is the abstract dotted path (``incidents.acts.type``). ``min`` and
    ``max`` bound an integer's value, a text's length in characters, or the
    number of entries of a list (repeating group, multiple choice, attachment
    ids; the minimum of a list is only enforced for sealing).
    """

    key: str
    type: str
    label: Mapping[str, str]
    path: str
    help: Mapping[str, str] | None = None
    vocabulary: str | None = None
    required_for_seal: bool = False
    protected: str = ""  # "" (not protected), IDENTITY or THIRD_PARTY
    visible_if: Condition | None = None
    min: int | float | None = None
    max: int | float | None = None
    fields: tuple[Field, ...] = ()
    repeat: bool = False  # only a group repeats (the loader checks): a list of objects
    role: str | None = None
    example: object = None
    line: int = 0
    attachment_kind: str | None = None  # with role attachment_permission: the kind it governs
    gazetteer: str | None = None  # ENTITY: which gazetteer
    of: str | None = None  # SPANS: the sibling long_text whose passages are marked
    suggest_from: str | None = None  # MULTI_CHOICE: a sibling choice whose terms suggest codes

    @property
    def is_container(self) -> bool:
        """True for fields whose value is an object of child fields."""
        return self.type in (GROUP, PLACE)

    @property
    def needed_for_seal(self) -> bool:
        """Required for sealing, itself or through a required child (a group
        that is not repeated cannot be left out when a child is required)."""
        if self.required_for_seal:
            return True
        if self.repeat:
            return False
        return any(c.visible_if is None and c.needed_for_seal for c in self.fields)

    def child(self, key: str) -> Field | None:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        return None


@dataclass(frozen=True)
class PlacePart:
    """One fixed part of a ``place`` value."""

    key: str
    type: str
    label: Mapping[str, str]
    vocabulary: str | None = None
    role: str | None = None
    min: float | None = None
    max: float | None = None


PLACE_PARTS: tuple[PlacePart, ...] = (
    PlacePart("name_ko", TEXT, {"en": "Name as given (Hangul)", "ko": "증언자가 말한 이름 (한글)"}),
    PlacePart(
        "name_latin", TEXT, {"en": "Name as given (romanised)", "ko": "증언자가 말한 이름 (로마자)"}
    ),
    PlacePart("county", TEXT, {"en": "County or city", "ko": "군 또는 시"}),
    PlacePart(
        "province",
        CHOICE,
        {"en": "Province (ISO 3166-2:KP)", "ko": "도 (ISO 3166-2:KP)"},
        vocabulary="provinces",
        role="province",
    ),
    PlacePart("country", CHOICE, {"en": "Country", "ko": "국가"}, vocabulary="countries"),
    PlacePart(
        "facility_type",
        CHOICE,
        {"en": "Facility type", "ko": "시설 유형"},
        vocabulary="facility-types",
        role="facility_type",
    ),
    PlacePart(
        "institution",
        CHOICE,
        {"en": "Operating institution", "ko": "운영 기관"},
        vocabulary="institutions",
        role="institution",
    ),
    PlacePart(
        "name_years",
        DATE,
        {"en": "Years the name applied", "ko": "그 이름이 쓰인 시기"},
    ),
    PlacePart("latitude", NUMBER, {"en": "Latitude", "ko": "위도"}, min=-90.0, max=90.0),
    PlacePart("longitude", NUMBER, {"en": "Longitude", "ko": "경도"}, min=-180.0, max=180.0),
    PlacePart(
        "precision_m",
        INTEGER,
        {"en": "Coordinate precision (metres)", "ko": "좌표 정밀도 (미터)"},
        min=0,
        max=1_000_000,
    ),
    PlacePart(
        "coordinates_method",
        CHOICE,
        {"en": "How the coordinates were found", "ko": "좌표 확인 방법"},
        vocabulary="coordinate-methods",
    ),
)
PLACE_VOCABULARIES = tuple(part.vocabulary for part in PLACE_PARTS if part.vocabulary)


def place_fields(parent_path: str) -> tuple[Field, ...]:
    """The child fields of a ``place`` field at ``parent_path``."""
    return tuple(
        Field(
            key=part.key,
            type=part.type,
            label=part.label,
            path=f"{parent_path}.{part.key}",
            vocabulary=part.vocabulary,
            role=part.role,
            min=part.min,
            max=part.max,
        )
        for part in PLACE_PARTS
    )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record document, in both languages."""

    path: str
    en: str
    ko: str
    check: str = ""  # the form's contradiction check, when it is one (explainable by a note)
    #: True for rules JSON Schema cannot express (contradictions between answers, a
    #: passage against its text's length): only the validator applies them.
    beyond_schema: bool = False
