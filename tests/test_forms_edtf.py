"""The EDTF subset: what is accepted, what is refused, and the date ranges."""

from __future__ import annotations

from datetime import date

import pytest

from forms.edtf import EDTF_PATTERN, EdtfError, edtf_range, is_valid_edtf, normalise_edtf

D = date

VALID = {
    "1998-03-14": (D(1998, 3, 14), D(1998, 3, 14)),
    "1998-03": (D(1998, 3, 1), D(1998, 3, 31)),
    "1998-03~": (D(1998, 3, 1), D(1998, 3, 31)),
    "1998": (D(1998, 1, 1), D(1998, 12, 31)),
    "1998?": (D(1998, 1, 1), D(1998, 12, 31)),
    "1998%": (D(1998, 1, 1), D(1998, 12, 31)),
    "1998-21": (D(1998, 3, 1), D(1998, 5, 31)),
    "1998-22": (D(1998, 6, 1), D(1998, 8, 31)),
    "1998-23": (D(1998, 9, 1), D(1998, 11, 30)),
    "1998-24": (D(1998, 12, 1), D(1999, 2, 28)),
    "1999-24": (D(1999, 12, 1), D(2000, 2, 29)),
    "199X": (D(1990, 1, 1), D(1999, 12, 31)),
    "19XX": (D(1900, 1, 1), D(1999, 12, 31)),
    "1998-XX": (D(1998, 1, 1), D(1998, 12, 31)),
    "1998-02-XX": (D(1998, 2, 1), D(1998, 2, 28)),
    "2000-02-29": (D(2000, 2, 29), D(2000, 2, 29)),
    "XXXX": (D(1, 1, 1), D(9999, 12, 31)),
    "1997/1999": (D(1997, 1, 1), D(1999, 12, 31)),
    "1997-05~/1998-21": (D(1997, 5, 1), D(1998, 5, 31)),
    "1997/..": (D(1997, 1, 1), date.max),
    "../1997": (date.min, D(1997, 12, 31)),
    "1997/": (D(1997, 1, 1), date.max),
    "/1997-03": (date.min, D(1997, 3, 31)),
}

INVALID = [
    "",
    "98",
    "1998-13",
    "1998-00",
    "1998-02-30",
    "1900-02-29",
    "1998-25",
    "1998-21-01",
    "1998-XX-05",
    "0000",
    "1998-3",
    "1998-03-14T10:00",
    "March 1998",
    "1998~?",
    "199x",
    "1999/1998",
    "../..",
    "/",
    "1998/1999/2000",
    "-1998",
    "Y19980",
    "1998\n",
    " 1998",
    "[1998,1999]",
]


@pytest.mark.parametrize(("text", "expected"), VALID.items())
def test_valid_dates_and_their_ranges(text: str, expected: tuple[date, date]) -> None:
    assert is_valid_edtf(text)
    assert edtf_range(text) == expected


@pytest.mark.parametrize("text", INVALID)
def test_invalid_dates_are_refused(text: str) -> None:
    assert not is_valid_edtf(text)
    with pytest.raises(EdtfError):
        edtf_range(text)


def test_non_text_is_refused() -> None:
    assert not is_valid_edtf(1998)
    assert not is_valid_edtf(None)


def test_normalise_trims_and_capitalises_unspecified_digits() -> None:
    assert normalise_edtf(" 199x ") == "199X"
    assert normalise_edtf("1998-03 ~") == "1998-03~"
    with pytest.raises(EdtfError):
        normalise_edtf("1998-02-30")


def test_schema_pattern_accepts_every_valid_example() -> None:
    import re

    pattern = re.compile(EDTF_PATTERN)
    for text in VALID:
        assert pattern.search(text), text
