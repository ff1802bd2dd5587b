"""The legal team's workspace: patterns across records, and CSV files to hand on.

Everything here reads the latest sealed version of each record (drafts have no
version hash and are left out). One *act* (a violation within an incident) is
the unit counted and exported: the charts count acts, the incidents CSV has one
row per act. An act's place is its own place, or else its incident's place; its
date is its own start date, or else its incident's date; a chart puts it in the
first year its date allows.

CSV files are UTF-8 with a byte-order mark (spreadsheets then keep Korean
intact), comma-separated, CRLF line ends, written atomically. Several values in
one cell are separated by ``|`` (as HURIDOCS Uwazi's CSV import expects). Free
text that a spreadsheet would run as a formula (leading ``= + - @``) gets a
leading apostrophe: the archive holds material received from outside.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.x509.oid import NameOID

import forms
from crypto import age, sign
from crypto.errors import CryptoError, FormatError, IntegrityError, WrongIdentity
from forms import entities
from forms.dates_in_words import edtf_in_words
from forms.edtf import EdtfError, edtf_range
from forms.fields import ATTACHMENT_REF, DATE, GROUP, PLACE, Field
from intake import files
from intake.archive import receive
from intake.capture import attachments, countersign, records
from intake.capture.seal import SEALED_SELECT, SealedVersion, from_row
from intake.errors import CheckFailed, IntakeError, NotFound
from intake.vault import Vault, audit

LANGS = ("en", "ko")
MULTI_SEPARATOR = "|"
UNKNOWN = "unknown"
DPRK = "kp"
CHART_KINDS = ("year", "province", "country", "facility_type", "violation")
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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- reading records as acts ------------------------------------------------------


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
    return f.type == GROUP and f.repeat


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
            ))
    return out


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


def _origin(vault: Vault, record_id: str) -> str:
    rows = vault.query("SELECT origin FROM records WHERE id = ?", (record_id,))
    return str(rows[0][0]) if rows else "local"


def _matches(act: Act, f: records.Filters) -> bool:
    if f.violation and act.violation != f.violation:
        return False
    if f.province and act.province != f.province:
        return False
    if f.date_from and (act.latest is None or act.latest < f.date_from):
        return False
    return not (f.date_to and (act.earliest is None or act.earliest > f.date_to))


def latest_sealed(vault: Vault, filters: records.Filters = records.Filters()  # noqa: B008
                  ) -> Iterator[tuple[records.Record, SealedVersion]]:
    """Each record the filters select that has a sealed version, with its latest one."""
    for rec in records.list_records(vault, filters):
        versions = records.sealed_versions(vault, rec.id)
        if versions:
            yield rec, versions[-1]


def acts(vault: Vault, filters: records.Filters = records.Filters(),  # noqa: B008
         include_unpinned: bool = False) -> list[Act]:
    """Every act the filters select (record filters, then the same filters per act); the
    acts of records sealed by a key this archive has not pinned only if ``include_unpinned``."""
    out: list[Act] = []
    pins = Pins(vault)
    for rec, sv in latest_sealed(vault, filters):
        who = pins.of(sv)
        if not (who.pinned or include_unpinned):
            continue
        out += [a for a in acts_of(rec, sv, _origin(vault, rec.id), who) if _matches(a, filters)]
    out.sort(key=lambda a: (a.reference, a.record_id, a.incident_no, a.act_no))
    return out


# -- who sealed a record: pinned in this archive or not ---------------------------------


@dataclass(frozen=True)
class Interviewer:
    """The key that sealed a record's version, as this archive knows it."""

    fingerprint: str
    name: str  # the name it is pinned under; else the certificate's own (unchecked) claim
    pinned: bool  # pinned in this archive's trusted keys, or this vault's own key

    def text(self) -> str:
        """The name for a pinned key; plainly ``not pinned`` (with the claim) for another."""
        if self.pinned:
            return self.name or self.fingerprint
        claim = f" ({self.name!r} by its own claim)" if self.name else ""
        return f"not pinned: {self.fingerprint[:19]}…{claim}"

    def to_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "name": self.name, "pinned": self.pinned}


class Pins:
    """The archive's pinned keys (intake.archive.receive.trusted_signers), read once."""

    def __init__(self, vault: Vault) -> None:
        self.trusted = receive.trusted_signers(vault)
        self.own = vault.identity.fingerprint

    def of(self, sv: SealedVersion) -> Interviewer:
        fp, claimed = receive.seal_fingerprint(sv)
        if fp in self.trusted:
            return Interviewer(fp, self.trusted[fp], True)
        return Interviewer(fp, claimed, fp == self.own)


def interviewers(vault: Vault, record_ids: Iterable[str]) -> dict[str, Interviewer]:
    """Who sealed the latest version of each of these records (drafts have no one)."""
    ids = list(record_ids)
    if not ids:
        return {}
    pins = Pins(vault)
    rows = vault.query(
        f"SELECT {SEALED_SELECT} FROM sealed_versions WHERE record_id IN"
        f" ({', '.join('?' * len(ids))}) ORDER BY record_id, version", tuple(ids))
    latest = {sv.record_id: sv for sv in map(from_row, rows)}
    return {rid: pins.of(sv) for rid, sv in latest.items()}


# -- statistics ---------------------------------------------------------------------


def label(vocabulary: str, code: str, lang: str) -> str:
    """A vocabulary label, or the code itself when the vocabulary does not know it."""
    if not code:
        return ""
    try:
        return str(forms.vocabulary(vocabulary)[code][lang])
    except KeyError:
        return code


@dataclass(frozen=True)
class Bucket:
    code: str  # a vocabulary code, a year, or "unknown"
    en: str
    ko: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "en": self.en, "ko": self.ko, "count": self.count}


@dataclass(frozen=True)
class Facility:
    name_ko: str
    name_latin: str
    province: str
    facility_type: str
    testimonies: int  # distinct records that mention it
    acts: int
    entity_id: str = ""  # the gazetteer id when testimonies picked it from the list

    def to_json(self) -> dict[str, Any]:
        return {
            "name_ko": self.name_ko, "name_latin": self.name_latin,
            "province": self.province, "province_en": label("provinces", self.province, "en"),
            "facility_type": self.facility_type,
            "facility_type_en": label("facility-types", self.facility_type, "en"),
            "facility_type_ko": label("facility-types", self.facility_type, "ko"),
            "testimonies": self.testimonies, "acts": self.acts, "entity_id": self.entity_id,
        }


@dataclass(frozen=True)
class Stats:
    records: int
    incidents: int
    acts: int
    by: dict[str, list[Bucket]]  # CHART_KINDS -> buckets
    facilities: list[Facility] = field(default_factory=list)
    places: dict[str, int] = field(default_factory=dict)  # PLACE_KINDS -> acts
    unpinned: int = 0  # acts from records sealed by keys not pinned here (the filters apply)
    unpinned_included: bool = False  # counted above; else left out of every count

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "incidents": self.incidents,
            "acts": self.acts,
            "places": self.places,
            "unpinned_acts": self.unpinned,
            "unpinned_included": self.unpinned_included,
            "by": {k: [b.to_json() for b in v] for k, v in self.by.items()},
            "facilities": [f.to_json() for f in self.facilities],
        }


def _buckets(counts: Counter[str], vocabulary: str | None) -> list[Bucket]:
    def bucket(code: str) -> Bucket:
        if code == OUTSIDE:
            return Bucket(code, "Outside the DPRK", "북한 밖", counts[code])
        if code == UNKNOWN or vocabulary is None:
            return Bucket(code, code, "모름" if code == UNKNOWN else code, counts[code])
        return Bucket(code, label(vocabulary, code, "en"), label(vocabulary, code, "ko"),
                      counts[code])

    if vocabulary is None:  # years: in time order, unknown last
        order = sorted(counts, key=lambda c: (c == UNKNOWN, c))
    else:
        order = sorted(counts, key=lambda c: (c == UNKNOWN, c == OUTSIDE, -counts[c], c))
    return [bucket(c) for c in order]


def facilities(selected: list[Act]) -> list[Facility]:
    """Places with a facility type, with how many testimonies (records) mention each."""
    groups: dict[tuple[str, str, str], list[Act]] = {}
    names: dict[tuple[str, str, str], tuple[str, str]] = {}
    for a in selected:
        if not a.facility_type or not (a.place_ko or a.place_latin):
            continue
        key = (a.facility_id or (a.place_ko or a.place_latin).strip().casefold(), a.province,
               a.facility_type)
        groups.setdefault(key, []).append(a)
        ko, latin = names.get(key, ("", ""))
        names[key] = (ko or a.place_ko, latin or a.place_latin)
    out = [
        Facility(names[k][0], names[k][1], k[1], k[2], len({a.record_id for a in v}), len(v),
                 v[0].facility_id)
        for k, v in groups.items()
    ]
    out.sort(key=lambda f: (-f.testimonies, -f.acts, f.name_ko or f.name_latin))
    return out


def stats(vault: Vault, filters: records.Filters = records.Filters(),  # noqa: B008
          include_unpinned: bool = False) -> Stats:
    everything = acts(vault, filters, include_unpinned=True)
    selected = [a for a in everything if a.pinned or include_unpinned]
    by = {
        "year": _buckets(Counter(a.year for a in selected), None),
        "province": _buckets(Counter(a.province or (OUTSIDE if a.in_dprk == OUTSIDE else UNKNOWN)
                                     for a in selected), "provinces"),
        "country": _buckets(Counter(a.country or UNKNOWN for a in selected), "countries"),
        "facility_type": _buckets(
            Counter(a.facility_type or UNKNOWN for a in selected), "facility-types"
        ),
        "violation": _buckets(Counter(a.violation or UNKNOWN for a in selected), "violations"),
    }
    return Stats(
        records=len({a.record_id for a in selected}),
        incidents=len({(a.record_id, a.incident_no) for a in selected}),
        acts=len(selected),
        by=by,
        facilities=facilities(selected),
        places={k: sum(a.in_dprk == k for a in selected) for k in PLACE_KINDS},
        unpinned=sum(not a.pinned for a in everything),
        unpinned_included=include_unpinned,
    )


# -- CSV ----------------------------------------------------------------------------


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text (never runs as a formula)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(out: Path, header: list[str], rows: Iterable[list[object]]) -> int:
    """Write an UTF-8 (with BOM) CSV atomically; return the number of data rows."""
    count = 0
    with files.atomic_writer(out) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
            count += 1
        text.flush()
        text.detach()
    return count


def _coded(role: str, code: str) -> list[str]:
    vocabulary = ROLE_VOCABULARIES[role]
    return [code, label(vocabulary, code, "en"), label(vocabulary, code, "ko")]


def _coded_many(role: str, codes: tuple[str, ...]) -> list[str]:
    vocabulary = ROLE_VOCABULARIES[role]
    return [
        MULTI_SEPARATOR.join(codes),
        MULTI_SEPARATOR.join(label(vocabulary, c, "en") for c in codes),
        MULTI_SEPARATOR.join(label(vocabulary, c, "ko") for c in codes),
    ]


def _in_words(edtf: str, lang: str) -> str:
    try:
        return edtf_in_words(edtf, lang) if edtf else ""
    except EdtfError:
        return edtf


def _trio(name: str) -> list[str]:
    return [name, f"{name}_en", f"{name}_ko"]


INCIDENT_COLUMNS = [
    "title", "record_id", "reference", "version", "version_hash", "origin", "interviewer",
    "interviewer_pinned",
    "incident_no", "incident_title", "incident_date_edtf", "incident_date_en", "incident_date_ko",
    "act_no", "act_start_edtf", "act_end_edtf", "date_earliest", "date_latest",
    *_trio("violation"), *_trio("coi_category"), "place_in_dprk", *_trio("country"),
    *_trio("province"), *_trio("facility_type"),
    "place_name_ko", "place_name_latin", *_trio("institution"), *_trio("rome_statute"),
    "county", "coordinates", "facility_id", "facility_new_entry", "perpetrator_units",
    *_trio("methods"), *_trio("knowledge"), *_trio("source_reliability"),
    *_trio("information_credibility"), *_trio("persecution_ground"),
    "victim_count", *_trio("victim_status"),
]


def incident_row(a: Act) -> list[object]:
    violation_en = label("violations", a.violation, "en")
    return [
        f"{a.reference or a.record_id} {a.incident_no}.{a.act_no} {violation_en}".strip(),
        a.record_id, a.reference, a.version, a.version_hash, a.origin, a.interviewer,
        "yes" if a.pinned else "no",
        a.incident_no, a.incident_title, a.incident_date,
        _in_words(a.incident_date, "en"), _in_words(a.incident_date, "ko"),
        a.act_no, a.start, a.end,
        a.earliest.isoformat() if a.earliest else "", a.latest.isoformat() if a.latest else "",
        *_coded("violation", a.violation), *_coded("coi_category", a.coi_category),
        {"dprk": "yes", OUTSIDE: "no"}.get(a.in_dprk, ""), *_coded("country", a.country),
        *_coded("province", a.province), *_coded("facility_type", a.facility_type),
        a.place_ko, a.place_latin, *_coded_many("institution", a.institutions),
        *_coded_many("rome_statute", a.rome_statute),
        a.county,
        f"{a.latitude}{MULTI_SEPARATOR}{a.longitude}" if a.latitude is not None
        and a.longitude is not None else "",
        a.facility_id, "yes" if a.facility_new else "", MULTI_SEPARATOR.join(a.units),
        *_coded_many("method", a.methods), *_coded("knowledge", a.knowledge),
        *_coded("reliability", a.reliability), *_coded("credibility", a.credibility),
        *_coded("persecution_ground", a.persecution_ground),
        "" if a.victim_count is None else a.victim_count, *_coded("victim_status", a.victim_status),
    ]


def export_incidents(vault: Vault, out: Path,
                     filters: records.Filters = records.Filters(),  # noqa: B008
                     include_unpinned: bool = False) -> int:
    """The filtered acts as CSV, one row per act; returns the row count. Acts of records
    sealed by keys this archive has not pinned only if ``include_unpinned``."""
    selected = acts(vault, filters, include_unpinned)
    n = write_csv(out, INCIDENT_COLUMNS, (incident_row(a) for a in selected))
    with vault.transaction() as c:
        audit.append(c, "incidents exported", "", rows=n, records=len({a.record_id for a in
                                                                        selected}),
                     unpinned_included=include_unpinned)
    return n


# -- evidence register ----------------------------------------------------------------


REGISTER_COLUMNS = [
    "item_id", "title", "date", "type", "media_type", "author", "language", "confidentiality",
    "pages_or_duration", "size_bytes", "sha256", "parent_item", "relation", "record_id",
    "reference", "source_bundle", "capture_device", "kind", "description", "filename",
]


@dataclass(frozen=True)
class Item:
    """One row of the evidence register."""

    item_id: str
    title: str
    date: str
    type: str
    media_type: str
    author: str
    language: str
    confidentiality: str
    pages_or_duration: str
    size_bytes: int | None
    sha256: str
    parent_item: str
    relation: str
    record_id: str
    reference: str
    source_bundle: str
    capture_device: str = ""  # a recording made in the app: the microphone it came from
    kind: str = ""  # an attachment's kind (attachment-kinds: audio, drawing, …)
    description: str = ""  # an attachment's description, as the interviewer wrote it
    filename: str = ""  # an attachment's file name

    def row(self) -> list[object]:
        return [getattr(self, c) for c in REGISTER_COLUMNS]


def signer_name(sv: SealedVersion) -> str:
    """``Name (fingerprint)`` of the interviewer who sealed a version."""
    try:
        cert = sign.load_certificate(sv.signer_cert.encode("ascii"))
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        name = str(names[0].value) if names else ""
    except (FormatError, UnicodeEncodeError, IndexError):
        name = ""
    return f"{name} ({sv.signer})" if name else sv.signer


def item_id(record_id: str, version: int) -> str:
    return f"{record_id}-v{version}"


def _confidentiality(form: forms.Form, doc: dict[str, Any]) -> str:
    for f, value, _ in form.walk(doc):
        if f.vocabulary == "confidentiality-levels" and isinstance(value, str):
            return value
    return ""


@dataclass(frozen=True)
class ReceivedBundle:
    bundle_id: str
    exporter_fingerprint: str
    exporter_name: str
    exporter_organisation: str
    created_at: str
    imported_at: str
    files: dict[str, dict[str, Any]]  # path -> manifest file entry
    custody: list[audit.Entry]  # audit rows the bundle carried


def received_bundle(vault: Vault, bundle_id: str) -> ReceivedBundle:
    rows = vault.query(
        "SELECT bundle_id, exporter_fingerprint, created_at, imported_at, manifest"
        " FROM received_bundles WHERE bundle_id = ?", (bundle_id,))
    if not rows:
        raise NotFound(f"no received bundle {bundle_id}")
    bid, fp, created, imported, stored = rows[0]
    manifest: dict[str, Any] = {}
    custody: list[audit.Entry] = []
    try:  # stored by intake.archive.receive after verification; read defensively all the same
        outer = json.loads(stored)
        manifest = json.loads(outer["manifest"])
        for r in outer.get("audit", []):
            custody.append(audit.Entry(int(r["seq"]), str(r["at"]), str(r["action"]),
                                       str(r["object"]), dict(r["detail"]), str(r["prev_hash"]),
                                       str(r["hash"])))
    except (ValueError, KeyError, TypeError, AttributeError):
        manifest = manifest if isinstance(manifest, dict) else {}
    exporter = manifest.get("exporter")
    exporter = exporter if isinstance(exporter, dict) else {}
    entries = manifest.get("files")
    entries = entries if isinstance(entries, list) else []
    return ReceivedBundle(
        str(bid), str(fp), str(exporter.get("name", "")), str(exporter.get("organisation", "")),
        str(created), str(imported),
        {str(e["path"]): e for e in entries if isinstance(e, dict) and "path" in e},
        custody,
    )


@dataclass(frozen=True)
class Provenance:
    """Which bundle brought which version of a record."""

    bundle: ReceivedBundle
    versions: list[int]


def provenance(vault: Vault, record_id: str) -> list[Provenance]:
    rid = records.resolve(vault, record_id)
    rows = vault.query(
        "SELECT p.bundle_id, group_concat(p.version) FROM provenance p"
        " JOIN received_bundles b ON b.bundle_id = p.bundle_id"
        " WHERE p.record_id = ? GROUP BY p.bundle_id ORDER BY min(b.imported_at), p.bundle_id",
        (rid,))
    return [
        Provenance(received_bundle(vault, str(bid)),
                   sorted(int(v) for v in str(versions).split(",")))
        for bid, versions in rows
    ]


def custody(vault: Vault, record_id: str) -> list[audit.Entry]:
    """The custody entries of a record: those its bundles carried, then this vault's own."""
    rid = records.resolve(vault, record_id)
    original = rid.split("~fork~", 1)[0]
    seen: set[str] = set()
    out: list[audit.Entry] = []
    for p in provenance(vault, rid):
        for e in p.bundle.custody:
            concerns = e.object in (original, p.bundle.bundle_id) or original in e.detail.get(
                "records", [])
            if concerns and e.hash not in seen:
                seen.add(e.hash)
                out.append(e)
    with vault.transaction() as c:
        own = audit.entries(c, rid)
    return out + own


def statement_path(record_id: str) -> str:
    """Where a record's signed statement sits inside a bundle."""
    return f"records/{record_id.split('~fork~', 1)[0]}/statement.pdf"


def statements(vault: Vault, record_id: str) -> list[receive.Statement]:
    """The signed statements the archive keeps for a record, oldest version first."""
    rid = records.resolve(vault, record_id)
    rows = vault.query(
        f"SELECT {receive.STATEMENT_COLUMNS} FROM statements WHERE record_id = ?"
        " ORDER BY version, imported_at, bundle_id", (rid,))
    return [receive.Statement(*r) for r in rows]


def all_statements(vault: Vault) -> list[receive.Statement]:
    rows = vault.query(f"SELECT {receive.STATEMENT_COLUMNS} FROM statements"
                       " ORDER BY record_id, version, bundle_id")
    return [receive.Statement(*r) for r in rows]


def verify_statement(vault: Vault, st: receive.Statement) -> None:
    """Decrypt and hash a kept statement without writing it anywhere; IntegrityError (or
    FileNotFoundError) if its blob is damaged or gone."""
    attachments.verify(vault, st.blob())


def read_statement(vault: Vault, record_id: str,
                   bundle_id: str | None = None) -> tuple[receive.Statement, bytes]:
    """A record's signed PDF statement, decrypted from the archive into memory.

    The latest one kept, or the one that came in ``bundle_id``. The bytes must match the
    SHA-256 recorded at import (verified against the bundle's signed manifest then).
    Raises NotFound, CheckFailed (blob missing) or IntegrityError (blob altered).
    """
    from crypto import pdfsign  # pyhanko: loaded only when needed
    rid = records.resolve(vault, record_id)
    held = [s for s in statements(vault, rid) if bundle_id in (None, s.bundle_id)]
    if not held:
        raise NotFound(f"no signed statement is kept for record {rid}"
                       + (f" from bundle {bundle_id[:40]}" if bundle_id else ""))
    st = held[-1]
    if st.size > pdfsign.MAX_PDF_BYTES:
        raise CheckFailed("the statement is too large", [f"statement {st.blob_id}: too large"])
    out = io.BytesIO()
    try:
        attachments.decrypt_to(vault, st.blob(), out)
    except FileNotFoundError:
        raise CheckFailed("the statement's blob is missing",
                          [f"statement {st.blob_id}: blob is missing"]) from None
    return st, out.getvalue()


def register_items(vault: Vault) -> list[Item]:
    """Every item of evidence: each sealed version, each signed statement received, each
    attachment; a child names its parent item."""
    items: list[Item] = []
    for rec, latest in latest_sealed(vault):
        form = records.form_for(latest.form_id, latest.form_version)
        conf = _confidentiality(form, latest.doc)
        language = _first([str(v) for v in form.values(latest.doc, "language") if v])
        author = signer_name(latest)
        prov = provenance(vault, rec.id)
        came_in = {v: p.bundle.bundle_id for p in prov for v in p.versions}
        versions = records.sealed_versions(vault, rec.id)
        for sv in versions:
            items.append(Item(
                item_id(rec.id, sv.version),
                f"Testimony record {rec.reference or rec.id}, version {sv.version}",
                sv.sealed_at, "testimony record (sealed version)", "application/json",
                signer_name(sv), language, conf, "", None, sv.version_hash,
                item_id(rec.id, sv.version - 1) if sv.version > 1 else "",
                "corrects" if sv.version > 1 else "", rec.id, rec.reference,
                came_in.get(sv.version, ""),
            ))
        kept = statements(vault, rec.id)
        bundles = {p.bundle.bundle_id: p.bundle for p in prov}
        for st in kept:
            b = bundles.get(st.bundle_id)
            items.append(Item(
                f"{item_id(rec.id, st.version)}-statement-{st.bundle_id[:12]}",
                f"Signed statement {rec.reference or rec.id} (to version {st.version})",
                signed_at(vault, st) or (b.created_at[:10] if b else ""),
                "signed PDF statement", "application/pdf",
                (b.exporter_name if b else "") or author, "en|ko", conf, str(st.pages),
                st.size, st.sha256, item_id(rec.id, st.version), "statement of", rec.id,
                rec.reference, st.bundle_id,
            ))
        for p in prov:  # imported before statements were kept (schema 2): the manifest's entry
            entry = p.bundle.files.get(statement_path(rec.id))
            if entry is None or any(st.bundle_id == p.bundle.bundle_id for st in kept):
                continue
            last = max(p.versions)
            items.append(Item(
                f"{item_id(rec.id, last)}-statement-{p.bundle.bundle_id[:12]}",
                f"Signed statement {rec.reference or rec.id} (to version {last})",
                p.bundle.created_at[:10], "signed PDF statement", "application/pdf",
                p.bundle.exporter_name or author, "en|ko", conf, "",
                _int_or_none(entry.get("size")), str(entry.get("sha256", "")),
                item_id(rec.id, last), "statement of", rec.id, rec.reference,
                p.bundle.bundle_id,
            ))
        made = _attachment_made(form, latest.doc)
        original = rec.id.split("~fork~", 1)[0]
        for att in attachments.for_record(vault, rec.id):
            recorded = attachments.recording_meta(vault, att.id)
            duration = duration_text(recorded["duration_ms"]) if recorded else ""
            made_on, made_by, description, kind = made.get(att.id, ("", "", "", ""))
            folder = f"records/{original}/attachments/{att.id}/"
            source = next((p.bundle.bundle_id for p in prov
                           if any(f.startswith(folder) for f in p.bundle.files)), "")
            items.append(Item(
                att.id, description or att.filename,
                made_on or att.captured_at[:10] or att.added_at[:10],
                "audio recording (interrupted)" if recorded.get("state") == "interrupted"
                else "audio recording" if recorded else "attachment",
                att.media_type, made_by or author, "", conf, duration, att.size, att.sha256,
                item_id(rec.id, latest.version), "attachment of", rec.id, rec.reference, source,
                recorded.get("capture_device", ""), kind or att.kind, description,
                att.filename,
            ))
    return items


def signed_at(vault: Vault, st: receive.Statement) -> str:
    """When a kept statement was signed (its PDF signature's time, ISO 8601), read from the
    archive in memory and validated; "" if the PDF cannot tell (the caller falls back)."""
    from crypto import pdfsign  # pyhanko: loaded only when needed
    try:
        _, pdf = read_statement(vault, st.record_id, st.bundle_id)
        found = pdfsign.verify_pdf(io.BytesIO(pdf))
    except (IntakeError, CryptoError, OSError):
        return ""
    when = next((s.signed_at for s in found if s.signed_at is not None), None)
    return when.isoformat() if when else ""


def duration_text(ms: int) -> str:
    """A duration as H:MM:SS (the register's pages_or_duration for a recording)."""
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _attachment_made(form: forms.Form,
                     doc: dict[str, Any]) -> dict[str, tuple[str, str, str, str]]:
    """attachment id -> (when it was recorded or made, who made it, its description, its
    kind), from the entries of the record's attachment register (beside the attachment)."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for f, value, path in form.walk(doc):
        if not (_is_item(f) and path.endswith("]") and isinstance(value, dict)):
            continue
        for child in f.fields:
            ref = value.get(child.key)
            if child.type == ATTACHMENT_REF and isinstance(ref, str):
                found[ref] = (_text(value.get("made_on")), _text(value.get("made_by")),
                              _text(value.get("description")), _text(value.get("kind")))
    return found


def _int_or_none(value: object) -> int | None:
    return value if type(value) is int else None


def export_register(vault: Vault, out: Path) -> int:
    """The evidence register as CSV; returns the row count."""
    items = register_items(vault)
    n = write_csv(out, REGISTER_COLUMNS, (i.row() for i in items))
    with vault.transaction() as c:
        audit.append(c, "evidence register exported", "", rows=n)
    return n


# -- trusted signers (the receiving side's pins) --------------------------------------


@dataclass(frozen=True)
class TrustedSigner:
    fingerprint: str
    name: str
    organisation: str
    added_at: str
    first_bundle: str  # created_at of the first bundle received from this key, or ""
    last_bundle: str
    bundles: int


def trusted_signers(vault: Vault) -> list[TrustedSigner]:
    rows = vault.query(
        "SELECT t.fingerprint, t.name, t.organisation, t.added_at, min(b.created_at),"
        " max(b.created_at), count(b.bundle_id) FROM trusted_signers t"
        " LEFT JOIN received_bundles b ON b.exporter_fingerprint = t.fingerprint"
        " GROUP BY t.fingerprint ORDER BY t.name, t.fingerprint")
    return [TrustedSigner(str(fp), str(n), str(o), str(a), str(f or ""), str(la or ""), int(c))
            for fp, n, o, a, f, la, c in rows]


def remove_trusted(vault: Vault, fingerprint: str) -> None:
    fp = receive.normalise_fingerprint(fingerprint)
    if not vault.query("SELECT 1 FROM trusted_signers WHERE fingerprint = ?", (fp,)):
        raise NotFound(f"no trusted signer {fp}")
    with vault.transaction() as c:
        c.execute("DELETE FROM trusted_signers WHERE fingerprint = ?", (fp,))
        audit.append(c, "signer untrusted", fp)


# -- importing several bundles, with a report each ----------------------------------------

#: The checks an import report shows, in order; each problem of a report falls under one.
CHECKS = ("decrypt", "signature", "files", "versions", "schema", "statements", "custody")
_CHECK_MARKERS = (
    ("signature", ("manifest.sig", "exporter.pem", "manifest.json", "manifest.countersig",
                   "countersigner.pem")),
    ("schema", ("schema.json", "validate against")),
    ("statements", ("statement.pdf",)),
    ("custody", ("audit.json", "history.json")),
    ("versions", ("record.json",)),
)


@dataclass(frozen=True)
class Check:
    code: str  # one of CHECKS
    ok: bool
    problems: list[str]


def checks(problems: list[str], *, decrypted: bool = True, damaged: bool = False) -> list[Check]:
    """Sort a report's problems under the named checks (the rest: file hashes). A bundle
    file that is cut short or altered fails ``intact``, not ``decrypt`` (not a key problem)."""
    if damaged:
        return [Check("intact", False, [])]
    found: dict[str, list[str]] = {c: [] for c in CHECKS}
    for p in problems:
        code = next((c for c, marks in _CHECK_MARKERS if any(m in p for m in marks)), "files")
        if "SHA-256" in p or "size" in p or "listed" in p or "damaged" in p:
            code = "files"
        found[code].append(p)
    out = [Check("decrypt", decrypted, [])]
    if decrypted:
        out += [Check(c, not found[c], found[c]) for c in CHECKS[1:]]
    return out


PIN_PROBLEM = "exporter.pem: signer "  # the start of receive's unpinned-signer problems
PIN_PROBLEM_IMPERSONATION = "exporter.pem: POSSIBLE IMPERSONATION"


@dataclass
class ImportOutcome:
    """What importing one bundle file did: a result, or why nothing was imported."""

    path: Path
    report: Any = None  # intake.archive.receive.Report when the bundle could be decrypted
    result: Any = None  # intake.archive.receive.ImportResult on success
    error: str = ""  # one line, empty on success
    decrypted: bool = False
    damaged: bool = False  # the bundle file is cut short or altered (not a wrong key)

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def checks(self) -> list[Check]:
        problems = list(self.report.problems) if self.report is not None else []
        return checks(problems, decrypted=self.decrypted, damaged=self.damaged)

    @property
    def needs_pin(self) -> bool:
        """Refused only because its signer is not pinned: the user may confirm the key."""
        r = self.report
        return (
            not self.ok and r is not None and r.archive_consulted and r.pinned_name is None
            and bool(r.problems)
            and all(p.startswith((PIN_PROBLEM, PIN_PROBLEM_IMPERSONATION)) for p in r.problems)
        )


def import_one(vault: Vault, path: Path, identity_text: str, *,
               progress: Callable[[int, int], None] | None = None,
               cancel: Callable[[], bool] | None = None,
               trust_new: bool = False) -> ImportOutcome:
    """Import one bundle; never raises for a bad bundle (the outcome says why). ``trust_new``:
    the user compared the signer's fingerprint out of band; pin it and import."""
    outcome = ImportOutcome(path)
    try:
        result = receive.import_bundle(vault, path, identity_text, progress=progress,
                                       cancel=cancel, trust_new=trust_new)
        outcome.result, outcome.report, outcome.decrypted = result, result.report, True
    except CheckFailed as e:
        outcome.decrypted = True
        outcome.error = str(e)
        try:  # the full report (signer, pin, history, counts) for the failed bundle
            trusted, held = receive.archive_view(vault)
            outcome.report = receive.verify(
                path, identity_text, trusted=trusted, held=held,
                require_countersignature=countersign.policy(vault).import_)
        except (IntakeError, CryptoError):
            outcome.report = receive.Report(problems=list(e.problems))
    except WrongIdentity:
        outcome.error = "this archive's age key cannot open the bundle (sent to someone else?)"
    except (IntakeError, CryptoError) as e:
        outcome.error = str(e) or type(e).__name__
        outcome.damaged = isinstance(e, IntegrityError) or age.DAMAGED in str(e)
    return outcome


def import_many(vault: Vault, paths: list[Path], identity_text: str, *,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None,
                trust_new: bool = False) -> list[ImportOutcome]:
    """Import bundles one after another; each stands or falls alone. Progress counts bytes."""
    sizes = [p.stat().st_size if p.is_file() else 0 for p in paths]
    total, done = max(sum(sizes), 1), 0
    out = []
    for path, size in zip(paths, sizes, strict=True):
        if cancel is not None and cancel():
            break

        def step(d: int, _t: int, base: int = done, size: int = size) -> None:
            if progress is not None:
                progress(min(base + min(d, size), total), total)

        out.append(import_one(vault, path, identity_text, progress=step, cancel=cancel,
                              trust_new=trust_new))
        done += size
        if progress is not None:
            progress(min(done, total), total)
    return out
