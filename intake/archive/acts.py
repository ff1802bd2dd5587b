"""Records read as acts: one act (a violation within an incident) is the unit counted and exported.

Everything here reads the latest sealed version of each record (drafts have no version hash and
are left out). An act's place is its own place, or else its incident's place, only when they
agree on the country: a place outside the DPRK never takes a DPRK province. Its date is its own
start date, or else its incident's date; a chart puts it in the first year its date allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from forms import entities
from forms.edtf import edtf_range
from forms.fields import DATE, PLACE, Field
from forms.vocabularies import shipped_vocabulary, term
from intake.archive.pins import Interviewer, Pins
from intake.capture import listing, records
from intake.capture.filters import Filters
from intake.capture.seal import SealedVersion
from intake.vault import Vault

LANGS = ("en", "ko")


UNKNOWN = "unknown"


DPRK = "kp"


#: The province chart's bucket for acts placed outside the DPRK (they have no province).
OUTSIDE = "outside_dprk"


PLACE_KINDS = ("dprk", OUTSIDE, UNKNOWN)


ROLE_VOCABULARIES = {
    "violation": "violations",
    "province": "provinces",
    "facility_type": "facility-types",
    "institution": "institutions",
    "rome_statute": "rome-statute",
    "coi_category": "coi-categories",
    "method": "methods",
    "knowledge": "knowledge-ways",
    "reliability": "source-reliability",
    "credibility": "information-credibility",
    "persecution_ground": "persecution-grounds",
    "victim_status": "victim-statuses",
    "country": "countries",
}


@dataclass(frozen=True)
class Act:
    """One act of one incident of the latest sealed version of a record."""

    record_id: str
    reference: str
    origin: str
    version: int
    version_hash: str
    incident_no: int  # 1-based, in document order
    incident_title: str
    incident_date: str  # EDTF as given
    coi_category: str
    act_no: int
    violation: str
    start: str  # EDTF as given, or ""
    end: str
    earliest: date | None  # of the act's date (own start/end, else the incident's)
    latest: date | None
    province: str  # ISO 3166-2:KP; always "" for a place outside the DPRK
    facility_type: str
    place_ko: str
    place_latin: str
    institutions: tuple[str, ...]
    rome_statute: tuple[str, ...]  # several headings per act (v2); one in v1
    county: str = ""
    latitude: float | None = None
    longitude: float | None = None
    facility_id: str = ""  # a gazetteer id, or "" (a new entry is flagged in facility_new)
    facility_new: bool = False
    units: tuple[str, ...] = ()  # gazetteer ids of the perpetrator units
    methods: tuple[str, ...] = ()
    knowledge: str = ""
    reliability: str = ""
    credibility: str = ""
    persecution_ground: str = ""
    victim_count: int | None = None
    victim_status: str = ""
    country: str = ""  # ISO 3166-1 alpha-2 in lower case ("kp"), or "" when nothing says
    interviewer: str = ""  # Interviewer.text() of the key that sealed the version
    pinned: bool = True  # that key is pinned in this archive (or is this vault's own)
    signer: str = ""  # that key's fingerprint

    # A facility or unit given in free text (a version-1 place with a facility type, a new
    # entry of version 2): (Korean, Latin) as written. The archive reconciles spellings.
    facility_spelling: tuple[str, str] = ("", "")
    unit_spellings: tuple[tuple[str, str], ...] = ()
    # The entity each counts under once the reviewer's merges apply (intake.archive.entities):
    # a gazetteer id or a spelling's key; filled in by :func:`acts`.
    facility_entity: str = ""
    facility_entity_ko: str = ""
    facility_entity_en: str = ""
    unit_entities: tuple[str, ...] = ()

    @property
    def facility_keys(self) -> frozenset[str]:
        """What a facility filter matches: the gazetteer id, the entity the act counts under
        (the reviewer's merges applied), and each name as written or merged into
        (case-folded)."""
        names = (n.strip().casefold() for n in (self.place_ko, self.place_latin,
                                                self.facility_entity_ko, self.facility_entity_en))
        return frozenset(k for k in (self.facility_id, self.facility_entity, *names) if k)

    @property
    def in_dprk(self) -> str:
        """``dprk``, ``outside_dprk`` or ``unknown``: where the act happened, by jurisdiction."""
        if self.country:
            return "dprk" if self.country == DPRK else OUTSIDE
        return "dprk" if self.province else UNKNOWN

    @property
    def year(self) -> str:
        return str(self.earliest.year) if self.earliest else UNKNOWN


def holds_received(vault: Vault) -> bool:
    """A vault of received material: it has imported a bundle or pinned an interviewer."""
    return bool(vault.query(
        "SELECT 1 FROM received_bundles UNION ALL SELECT 1 FROM trusted_signers LIMIT 1"))


def _is_item(f: Field) -> bool:
    return f.repeat


def _role_items(
    fields: Iterable[Field], obj: object, role: str, stop_role: str | None
) -> list[object]:
    """Raw values of ``role`` (entities may be objects), like :func:`_role_values`."""
    found: list[object] = []
    if not isinstance(obj, dict):
        return found
    for f in fields:
        if f.key not in obj:
            continue
        value = obj[f.key]
        if f.role == role and not f.fields:
            found.append(value)
        if _is_item(f):
            if stop_role is not None and f.role == stop_role:
                continue
            for item in value if isinstance(value, list) else []:
                found += _role_items(f.fields, item, role, stop_role)
        elif f.fields:
            found += _role_items(f.fields, value, role, stop_role)
    return found


def _victim_count(fields: Iterable[Field], act: Mapping[str, Any]) -> int | None:
    """People the act's victims stand for: one per individual, a group's size."""
    groups = [f for f in fields if f.role == "victim" and _is_item(f)]
    if not groups:
        return None
    total = 0
    for f in groups:
        for v in act.get(f.key) or []:
            if isinstance(v, dict):
                size = v.get("group_size")
                total += size if type(size) is int and size > 0 else 1
    return total


def _role_values(
    fields: Iterable[Field], obj: object, role: str, stop_role: str | None
) -> list[str]:
    """Codes/values of ``role`` in a sub-document, not descending into groups of ``stop_role``."""
    found: list[str] = []
    for value in _role_items(fields, obj, role, stop_role):
        items = value if isinstance(value, list) else [value]
        found += [str(v) for v in items if isinstance(v, str | int) and str(v) != ""]
    return found


def _place(fields: Iterable[Field], obj: Mapping[str, Any]) -> dict[str, Any]:
    for f in fields:
        if f.type == PLACE and isinstance(obj.get(f.key), dict):
            return dict(obj[f.key])
    return {}


def _date_range(*texts: str) -> tuple[date | None, date | None]:
    spans = []
    for text in texts:
        if text:
            try:
                spans.append(edtf_range(text))
            except ValueError:
                continue
    if not spans:
        return None, None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def acts_of(rec: records.Record, sv: SealedVersion, origin: str = "local",
            who: Interviewer | None = None) -> list[Act]:
    """The acts of one sealed version, in document order; ``who`` sealed it."""
    form = records.form_for(sv.form_id, sv.form_version)
    incident = next((f for f in form.all_fields() if f.role == "incident"), None)
    if incident is None:
        return []
    act_group = next((f for f in incident.fields if f.role == "act" and _is_item(f)), None)
    out: list[Act] = []
    for i, inc in enumerate(form.values(sv.doc, "incident"), start=1):
        if not isinstance(inc, dict):
            continue
        inc_date = _first(_role_values(incident.fields, inc, "incident_date", "act"))
        inc_place = _place(incident.fields, inc)

        def of_incident(role: str, inc: dict[str, Any] = inc) -> str:
            return _first(_role_values(incident.fields, inc, role, "act"))

        act_items = inc.get(act_group.key) if act_group is not None else None
        for a, act in enumerate(act_items if isinstance(act_items, list) else [], start=1):
            if not isinstance(act, dict) or act_group is None:
                continue
            fields = act_group.fields
            dates = [f.key for f in fields if f.type == DATE]
            start = _text(act.get("start")) if "start" in dates else ""
            end = _text(act.get("end")) if "end" in dates else ""
            earliest, latest = _date_range(start, end) if start or end else _date_range(inc_date)
            place = _place(fields, act)

            def of_act(role: str, act: dict[str, Any] = act,
                       fields: tuple[Field, ...] = fields) -> str:
                return _first(_role_values(fields, act, role, None))

            facility = _first_entity(fields, act)
            known = entities.entity(facility) if isinstance(facility, str) else None
            own_country = _country(place, known)
            agree = not own_country or own_country == _country(inc_place, None)
            if agree and facility is None:
                facility = _first_entity(incident.fields, inc, "act")
                known = entities.entity(facility) if isinstance(facility, str) else None
            outer = inc_place if agree else {}
            country = own_country or _country(outer, known)
            named = place if (place.get("name_ko") or place.get("name_latin")) else outer
            spot = place if place else outer
            province = _text(place.get("province")) or (known.province if known else "") or (
                of_incident("province") if agree else "")
            out.append(Act(
                record_id=rec.id,
                reference=rec.reference,
                origin=origin,
                version=sv.version,
                version_hash=sv.version_hash,
                incident_no=i,
                incident_title=_text(inc.get("title")),
                incident_date=inc_date,
                coi_category=of_incident("coi_category"),
                act_no=a,
                violation=of_act("violation"),
                start=start,
                end=end,
                earliest=earliest,
                latest=latest,
                country=country,
                province=province if country in ("", DPRK) else "",
                facility_type=_text(place.get("facility_type")) or (known.kind if known else "")
                or (of_incident("facility_type") if agree else ""),
                place_ko=known.name["ko"] if known else _text(named.get("name_ko")),
                place_latin=known.name["en"] if known else _text(named.get("name_latin")),
                institutions=tuple(dict.fromkeys(_role_values(fields, act, "institution", None))),
                rome_statute=tuple(dict.fromkeys(_role_values(fields, act, "rome_statute", None))),
                county=_text(spot.get("county")) or (known.county["en"] if known and known.county
                                                     else ""),
                latitude=_number(spot.get("latitude"), known.latitude if known else None),
                longitude=_number(spot.get("longitude"), known.longitude if known else None),
                facility_id=known.id if known else "",
                facility_new=isinstance(facility, dict),
                units=tuple(dict.fromkeys(
                    u for u in _role_items(fields, act, "unit", None) if isinstance(u, str))),
                methods=tuple(dict.fromkeys(_role_values(fields, act, "method", None))),
                knowledge=of_act("knowledge"),
                reliability=of_act("reliability"),
                credibility=of_act("credibility"),
                persecution_ground=of_act("persecution_ground"),
                victim_count=_victim_count(fields, act),
                victim_status=of_act("victim_status"),
                interviewer=who.text() if who else "",
                pinned=who.pinned if who else True,
                signer=who.fingerprint if who else "",
                facility_spelling=_spelling(facility) if isinstance(facility, dict) else (
                    (_text(named.get("name_ko")), _text(named.get("name_latin")))
                    if known is None and _text(place.get("facility_type") or (
                        of_incident("facility_type") if agree else "")) else ("", "")),
                unit_spellings=tuple(dict.fromkeys(
                    _spelling(u) for u in _role_items(fields, act, "unit", None)
                    if isinstance(u, dict) and any(_spelling(u)))),
            ))
    return out


def _spelling(entry: Mapping[str, Any]) -> tuple[str, str]:
    """(Korean, Latin) names of a free-text entity entry."""
    return _text(entry.get("name_ko")).strip(), _text(entry.get("name_en")).strip()


def _country(place: Mapping[str, Any], known: entities.Entity | None) -> str:
    """A place's country: as given, else its facility's, else the DPRK when it names a
    DPRK province (the provinces vocabulary is ISO 3166-2:KP); "" when nothing says."""
    given = _text(place.get("country"))
    if given:
        return given
    if known is not None:
        return known.country
    return DPRK if _text(place.get("province")) else ""


def _first_entity(fields: Iterable[Field], obj: Mapping[str, Any],
                  stop_role: str | None = None) -> object:
    found = _role_items(fields, obj, "facility", stop_role)
    return found[0] if found else None


def _number(value: object, fallback: float | None) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return fallback


def origin(vault: Vault, record_id: str) -> str:
    rows = vault.query("SELECT origin FROM records WHERE id = ?", (record_id,))
    return str(rows[0][0]) if rows else "local"


def matches(act: Act, f: Filters) -> bool:
    if f.violation and act.violation != f.violation:
        return False
    if f.province and act.province != f.province:
        return False
    if f.institution and f.institution not in act.institutions:
        return False
    if f.interviewer and act.signer != f.interviewer:
        return False
    if f.pinned is not None and act.pinned != f.pinned:
        return False
    if f.reliability and act.reliability != f.reliability:
        return False
    if f.knowledge and act.knowledge != f.knowledge:
        return False
    if f.facility and f.facility.strip().casefold() not in act.facility_keys:
        return False
    if f.unit and f.unit not in (*act.units, *act.unit_entities):
        return False
    if f.date_from and (act.latest is None or act.latest < f.date_from):
        return False
    return not (f.date_to and (act.earliest is None or act.earliest > f.date_to))


#: The filters only acts can answer (Filters leaves them to :func:`narrow`).
ACT_FILTERS = ("interviewer", "pinned", "reliability", "knowledge", "facility", "unit")


def asks_for_unpinned(filters: Filters) -> bool:
    """The filters name unpinned material (``pinned=False``, or one interviewer's key): it is
    then counted and exported without being included by hand."""
    return filters.pinned is False or bool(filters.interviewer)


def narrow(vault: Vault, filters: Filters) -> Filters:
    """``filters`` for the record list: when a filter on sources or acts is set, only the
    records with an act it keeps (``ids``); unpinned material is listed, plainly marked."""
    if all(getattr(filters, k) in (None, "") for k in ACT_FILTERS):
        return filters
    kept = acts(vault, replace(filters, ids=None), include_unpinned=True)
    return replace(filters, ids=frozenset(a.record_id for a in kept))


def latest_sealed(vault: Vault, filters: Filters = Filters()  # noqa: B008
                  ) -> Iterator[tuple[records.Record, SealedVersion]]:
    """Each record the filters select that has a sealed version, with its latest one."""
    for rec in listing.list_records(vault, filters):
        versions = records.sealed_versions(vault, rec.id)
        if versions:
            yield rec, versions[-1]


def acts(vault: Vault, filters: Filters = Filters(),  # noqa: B008
         include_unpinned: bool = False) -> list[Act]:
    """Every act the filters select (record filters, then the same filters per act); the
    acts of records sealed by a key this archive has not pinned only if ``include_unpinned``
    (or the filters ask for them: :func:`asks_for_unpinned`)."""
    out: list[Act] = []
    pins = Pins(vault)
    for rec, sv in latest_sealed(vault, filters):
        who = pins.of(sv)
        if not (who.pinned or include_unpinned or asks_for_unpinned(filters)):
            continue
        out += acts_of(rec, sv, origin(vault, rec.id), who)
    from intake.archive.entities import Resolver

    out = [a for a in Resolver(vault).apply(out) if matches(a, filters)]
    out.sort(key=lambda a: (a.reference, a.record_id, a.incident_no, a.act_no))
    return out


@dataclass(frozen=True)
class Grading:
    """How the acts of one record are graded (its latest sealed version), each code once,
    in document order."""

    reliability: tuple[str, ...]
    knowledge: tuple[str, ...]


def gradings(vault: Vault, recs: Iterable[records.Record]) -> dict[str, Grading]:
    """The source reliability and the knowledge of the acts of each of these records."""
    out: dict[str, Grading] = {}
    for rec in recs:
        versions = records.sealed_versions(vault, rec.id)
        if versions:
            found = acts_of(rec, versions[-1])
            out[rec.id] = Grading(
                tuple(dict.fromkeys(a.reliability for a in found if a.reliability)),
                tuple(dict.fromkeys(a.knowledge for a in found if a.knowledge)))
    return out


def label(vocabulary: str, code: str, lang: str) -> str:
    """A code of a shipped vocabulary in words, or the code itself when the vocabulary does
    not know it: :func:`forms.vocabularies.term`, as every other text shows a code."""
    return term(shipped_vocabulary(vocabulary), code, lang)
