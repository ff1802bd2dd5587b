"""Shipped vocabularies: unique codes, both languages, the codes other code relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from forms import vocabulary
from forms.vocabularies import SHIPPED_DIR, shipped_vocabulary_names

NAMES = shipped_vocabulary_names()


def test_vocabularies_are_shipped() -> None:
    assert len(NAMES) >= 20
    for required in (
        "consent-recipients",
        "identity-levels",
        "facility-types",
        "institutions",
        "provinces",
        "violations",
        "methods",
        "involvement-degrees",
        "source-connections",
        "source-reliability",
        "counting-units",
        "rome-statute",
        "coi-categories",
    ):
        assert required in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_codes_unique_and_labelled_in_both_languages(name: str) -> None:
    # Read the file independently of our loader, so that a loader bug that
    # dropped duplicates would not hide them.
    raw = yaml.safe_load((SHIPPED_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    codes = [str(term["code"]) for term in raw["terms"]]
    assert len(codes) == len(set(codes)), f"duplicate codes in {name}"
    for term in raw["terms"]:
        assert isinstance(term["en"], str) and term["en"].strip()
        assert isinstance(term["ko"], str) and term["ko"].strip()
        assert re.search(r"[\uac00-\ud7a3]", term["ko"]), f"{name}:{term['code']} has no Hangul"
        if name == "provinces":
            assert re.fullmatch(r"KP-[0-9]{2}", term["code"])
        else:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", term["code"]), term["code"]
    assert list(vocabulary(name)) == codes


def test_contract_codes_for_export() -> None:
    assert list(vocabulary("consent-recipients")) == [
        "own_archive",
        "un_ohchr",
        "icc",
        "national_prosecutors",
        "partner_ngo",
        "media",
        "public",
    ]
    assert list(vocabulary("identity-levels")) == [
        "none",
        "pseudonym",
        "identity_protected",
        "public",
    ]


def test_provinces_are_iso_3166_2_kp() -> None:
    provinces = vocabulary("provinces")
    assert set(provinces) == {f"KP-{n:02d}" for n in (*range(1, 11), 13, 14, 15)}
    assert provinces["KP-09"] == {"en": "North Hamgyong", "ko": "함경북도"}


def test_vocabulary_returns_a_copy() -> None:
    first = vocabulary("sexes")
    first["female"]["en"] = "changed"
    assert vocabulary("sexes")["female"]["en"] == "Female"


def test_every_shipped_file_is_named_for_its_vocabulary() -> None:
    for path in Path(SHIPPED_DIR).glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["vocabulary"] == path.stem
