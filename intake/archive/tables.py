"""The incidents and testimonies CSVs, and the CSV conventions every archive export shares.

CSV files are UTF-8 with a byte-order mark (spreadsheets then keep Korean intact),
comma-separated, CRLF line ends, written atomically. They follow HURIDOCS Uwazi's CSV import
(app/api/csv in github.com/huridocs/uwazi): the first column is ``title``; several values in one
cell are separated by ``|``; a date range is one cell ``from:to`` (``YYYY-MM-DD``); a geolocation
is ``lat|lon`` in a column named ``<property>_geolocation``; an act names its testimony by that
testimony's title (a relationship). Free text that a spreadsheet would run as a formula (leading
``= + - @``) gets a leading apostrophe: the archive holds material received from outside.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from forms.types import date_text
from intake import files
from intake.archive.acts import (
    OUTSIDE,
    ROLE_VOCABULARIES,
    Act,
    acts,
    label,
    latest_sealed,
    origin,
)
from intake.archive.custody import provenance
from intake.archive.pins import Pins
from intake.capture.filters import Filters
from intake.vault import Vault, audit

MULTI_SEPARATOR = "|"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_NUMBERS = re.compile(r"-?\d+(\.\d+)?(\|-?\d+(\.\d+)?)*")  # a number, or numbers: not a formula


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text (never runs as a formula); numbers (a negative
    coordinate) stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBERS.fullmatch(text):
        return "'" + text
    return text


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


def _trio(name: str) -> list[str]:
    return [name, f"{name}_en", f"{name}_ko"]


def date_range(a: date | None, b: date | None) -> str:
    """Uwazi's date range cell: ``from:to``, either side empty when unknown."""
    if a is None and b is None:
        return ""
    return f"{a.isoformat() if a else ''}:{b.isoformat() if b else ''}"


def testimony_title(rec_id: str, reference: str) -> str:
    """A testimony's title in the testimonies CSV, which each act's ``testimony`` names (no
    ``|``: Uwazi splits a relationship cell on it)."""
    return f"Testimony {reference or rec_id}".replace(MULTI_SEPARATOR, "/")


INCIDENT_COLUMNS = [
    "title", "testimony", "record_id", "reference", "version", "version_hash", "origin",
    "interviewer", "interviewer_pinned", "interviewer_fingerprint",
    "incident_no", "incident_title", "incident_date_edtf", "incident_date_en", "incident_date_ko",
    "act_no", "act_start_edtf", "act_end_edtf", "date_range", "date_earliest", "date_latest",
    *_trio("violation"), *_trio("coi_category"), "place_in_dprk", *_trio("country"),
    *_trio("province"), *_trio("facility_type"),
    "place_name_ko", "place_name_latin", *_trio("institution"), *_trio("rome_statute"),
    "county", "coordinates_geolocation", "facility_id", "facility_new_entry", "perpetrator_units",
    "facility_entity", "facility_entity_ko", "facility_entity_en", "unit_entities",
    *_trio("methods"), *_trio("knowledge"), *_trio("source_reliability"),
    *_trio("information_credibility"), *_trio("persecution_ground"),
    "victim_count", *_trio("victim_status"),
]


def incident_row(a: Act) -> list[object]:
    violation_en = label("violations", a.violation, "en")
    return [
        f"{a.reference or a.record_id} {a.incident_no}.{a.act_no} {violation_en}".strip(),
        testimony_title(a.record_id, a.reference),
        a.record_id, a.reference, a.version, a.version_hash, a.origin, a.interviewer,
        "yes" if a.pinned else "no", a.signer,
        a.incident_no, a.incident_title, a.incident_date,
        date_text(a.incident_date, "en"), date_text(a.incident_date, "ko"),
        a.act_no, a.start, a.end, date_range(a.earliest, a.latest),
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
        a.facility_entity, a.facility_entity_ko, a.facility_entity_en,
        MULTI_SEPARATOR.join(a.unit_entities),
        *_coded_many("method", a.methods), *_coded("knowledge", a.knowledge),
        *_coded("reliability", a.reliability), *_coded("credibility", a.credibility),
        *_coded("persecution_ground", a.persecution_ground),
        "" if a.victim_count is None else a.victim_count, *_coded("victim_status", a.victim_status),
    ]


def export_incidents(vault: Vault, out: Path,
                     filters: Filters = Filters(),  # noqa: B008
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


TESTIMONY_COLUMNS = [
    "title", "record_id", "reference", "version", "version_hash", "sealed_at", "interview_date",
    "origin", "interviewer", "interviewer_pinned", "interviewer_fingerprint", "source_bundles",
    "incidents", "acts", "date_range", "date_earliest", "date_latest",
    *_trio("violations"), *_trio("source_reliability"), *_trio("knowledge"),
]


def testimony_rows(vault: Vault, filters: Filters = Filters(),  # noqa: B008
                   include_unpinned: bool = False) -> list[list[object]]:
    """One row per testimony (the latest sealed version of a record) with an act the filters
    keep, or every sealed one when no filter on acts is set."""
    selected = acts(vault, filters, include_unpinned)
    by_record: dict[str, list[Act]] = {}
    for a in selected:
        by_record.setdefault(a.record_id, []).append(a)
    pins = Pins(vault)
    filtered = replace(filters, status=None) != Filters()
    rows: list[list[object]] = []
    for rec, sv in latest_sealed(vault, filters):
        who = pins.of(sv)
        mine = by_record.get(rec.id, [])
        if not mine and (filtered or not (who.pinned or include_unpinned)):
            continue  # the filters kept none of its acts, or its key is not pinned
        earliest = min((a.earliest for a in mine if a.earliest), default=None)
        latest = max((a.latest for a in mine if a.latest), default=None)
        rows.append([
            testimony_title(rec.id, rec.reference), rec.id, rec.reference, sv.version,
            sv.version_hash, sv.sealed_at, rec.interview_date, origin(vault, rec.id),
            who.text(), "yes" if who.pinned else "no", who.fingerprint,
            MULTI_SEPARATOR.join(p.bundle.bundle_id for p in provenance(vault, rec.id)),
            len({a.incident_no for a in mine}), len(mine), date_range(earliest, latest),
            earliest.isoformat() if earliest else "", latest.isoformat() if latest else "",
            *_coded_many("violation", tuple(dict.fromkeys(a.violation for a in mine
                                                            if a.violation))),
            *_coded_many("reliability", tuple(dict.fromkeys(a.reliability for a in mine
                                                              if a.reliability))),
            *_coded_many("knowledge", tuple(dict.fromkeys(a.knowledge for a in mine
                                                            if a.knowledge))),
        ])
    rows.sort(key=lambda r: (str(r[2]), str(r[1])))
    return rows


def export_testimonies(vault: Vault, out: Path,
                       filters: Filters = Filters(),  # noqa: B008
                       include_unpinned: bool = False) -> int:
    """The testimonies CSV, one row per testimony, for the incidents CSV's acts to relate to
    (their ``testimony`` column is its ``title``); returns the row count."""
    rows = testimony_rows(vault, filters, include_unpinned)
    n = write_csv(out, TESTIMONY_COLUMNS, rows)
    with vault.transaction() as c:
        audit.append(c, "testimonies exported", "", rows=n, unpinned_included=include_unpinned)
    return n
