"""Vocabularies: stable codes with English and Korean labels.

A vocabulary file ``forms/vocabularies/NAME.yaml``::

    vocabulary: counting-units
    title: {en: Counting unit, ko: 집계 단위}
    terms:
      - {code: individual, en: Individual, ko: 개인}
      - {code: family, en: Family, ko: 가족}

Codes are short lowercase ASCII ``snake_case`` and never change once records
use them; labels may change. A vocabulary may declare ``code_format:
iso_3166_2_kp`` (codes like ``KP-09``) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from forms.errors import FormError
from forms.yaml_source import MarkedDict, MarkedList, load_yaml_file

SHIPPED_DIR = Path(__file__).resolve().parent / "vocabularies"
NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
CODE_FORMATS = {
    "snake_case": re.compile(r"^[a-z][a-z0-9_]{0,47}$"),
    "iso_3166_2_kp": re.compile(r"^KP-[0-9]{2}$"),
}
LANGUAGES = ("en", "ko")
MAX_TERMS = 2000


@dataclass(frozen=True)
class Vocabulary:
    """Codes in file order, each with ``{"en": ..., "ko": ...}``."""

    name: str
    title: dict[str, str]
    terms: dict[str, dict[str, str]]
    #: code -> {other vocabulary -> codes it suggests} (``suggests:`` on a term)
    suggests: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.terms)


def bilingual(value: object, file: Path | str, line: int, what: str) -> dict[str, str]:
    """Check a ``{en: ..., ko: ...}`` mapping (or a plain string: an error)."""
    if not isinstance(value, dict):
        raise FormError(file, line, f"{what} must have 'en' and 'ko' text")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise FormError(
            file, _line(value, unknown[0], line), f"{what}: unknown language '{unknown[0]}'"
        )
    result = {}
    for lang, name in (("en", "English"), ("ko", "Korean")):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise FormError(file, _line(value, lang, line), f"{what} has no {name} ({lang}) text")
        result[lang] = text.strip()
    return result


def _line(container: object, key: str, default: int) -> int:
    if isinstance(container, MarkedDict):
        return container.line_of(key)
    return default


def parse_vocabulary(
    data: object, file: Path | str, expected_name: str | None = None
) -> Vocabulary:
    """Check untrusted vocabulary data as loaded from YAML."""
    if not isinstance(data, MarkedDict):
        raise FormError(
            file, 1, "a vocabulary file must be a mapping with 'vocabulary' and 'terms'"
        )
    unknown = sorted(set(data) - {"vocabulary", "title", "code_format", "terms"})
    if unknown:
        raise FormError(file, data.line_of(unknown[0]), f"unknown key '{unknown[0]}'")
    name = data.get("vocabulary")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise FormError(
            file,
            data.line_of("vocabulary"),
            "'vocabulary' must be a lowercase name like 'facility-types'",
        )
    if expected_name is not None and name != expected_name:
        raise FormError(
            file,
            data.line_of("vocabulary"),
            f"vocabulary '{name}' must be in a file named {name}.yaml",
        )
    title = bilingual(data.get("title"), file, data.line_of("title"), f"vocabulary '{name}' title")
    code_format = data.get("code_format", "snake_case")
    if code_format not in CODE_FORMATS:
        raise FormError(file, data.line_of("code_format"), f"unknown code_format '{code_format}'")
    suggests: dict[str, dict[str, tuple[str, ...]]] = {}
    terms = parse_terms(
        data.get("terms"), file, data.line_of("terms"), name, CODE_FORMATS[code_format], suggests
    )
    return Vocabulary(name, title, terms, suggests)


def parse_terms(
    untrusted: object,
    file: Path | str,
    line: int,
    name: str,
    code_re: re.Pattern[str] = CODE_FORMATS["snake_case"],
    suggests: dict[str, dict[str, tuple[str, ...]]] | None = None,
) -> dict[str, dict[str, str]]:
    if not isinstance(untrusted, MarkedList) or not untrusted:
        raise FormError(file, line, f"vocabulary '{name}' needs a non-empty list of terms")
    if len(untrusted) > MAX_TERMS:
        raise FormError(file, line, f"vocabulary '{name}' has more than {MAX_TERMS} terms")
    terms: dict[str, dict[str, str]] = {}
    for index, term in enumerate(untrusted):
        term_line = untrusted.line_of(index)
        if not isinstance(term, MarkedDict):
            raise FormError(
                file, term_line, f"vocabulary '{name}': each term needs code, en and ko"
            )
        allowed = {"code", "en", "ko"} | ({"suggests"} if suggests is not None else set())
        unknown = sorted(set(term) - allowed)
        if unknown:
            raise FormError(
                file, term.line_of(unknown[0]), f"vocabulary '{name}': unknown key '{unknown[0]}'"
            )
        code = term.get("code")
        if not isinstance(code, str) or not code_re.match(code):
            raise FormError(
                file,
                term.line_of("code"),
                f"vocabulary '{name}': code {code!r} must match {code_re.pattern}",
            )
        if code in terms:
            raise FormError(
                file, term.line_of("code"), f"vocabulary '{name}': duplicate code '{code}'"
            )
        terms[code] = _term_labels(term, file, name, code)
        if suggests is not None and "suggests" in term:
            suggests[code] = _suggests(term, file, name, code)
    return terms


def _suggests(
    term: MarkedDict, file: Path | str, name: str, code: str
) -> dict[str, tuple[str, ...]]:
    """``suggests: {rome-statute: [torture, persecution]}``: codes of other vocabularies
    a form may propose when this term is chosen (checked by the form that uses them)."""
    raw = term["suggests"]
    ok = isinstance(raw, dict) and all(
        isinstance(k, str)
        and NAME_RE.match(k)
        and isinstance(v, list)
        and all(isinstance(c, str) for c in v)
        for k, v in raw.items()
    )
    if not ok:
        raise FormError(
            file,
            term.line_of("suggests"),
            f"vocabulary '{name}' term '{code}': suggests must map vocabulary names to code lists",
        )
    return {k: tuple(v) for k, v in raw.items()}


def _term_labels(term: MarkedDict, file: Path | str, name: str, code: str) -> dict[str, str]:
    labels = {}
    for lang, language in (("en", "English"), ("ko", "Korean")):
        text = term.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise FormError(
                file,
                term.line_of(lang) if lang in term else term.line,
                f"vocabulary '{name}' term '{code}' has no {language} ({lang}) label",
            )
        labels[lang] = text.strip()
    return labels


def load_vocabulary_file(path: Path) -> Vocabulary:
    """Load and check one vocabulary file; :class:`FormError` on any problem."""
    return parse_vocabulary(load_yaml_file(path), path, expected_name=path.stem)


@cache
def _shipped(name: str) -> Vocabulary:
    if not NAME_RE.match(name):
        raise FormError(SHIPPED_DIR / f"{name}.yaml", 1, f"no vocabulary named {name!r}")
    path = SHIPPED_DIR / f"{name}.yaml"
    if not path.is_file():
        raise FormError(path, 1, f"no vocabulary named '{name}'")
    return load_vocabulary_file(path)


def shipped_vocabulary(name: str) -> Vocabulary:
    """A vocabulary shipped under ``forms/vocabularies`` (cached)."""
    return _shipped(name)


def shipped_vocabulary_names() -> list[str]:
    return sorted(path.stem for path in SHIPPED_DIR.glob("*.yaml"))


def vocabulary(name: str) -> dict[str, dict[str, str]]:
    """``code -> {"en": ..., "ko": ...}`` of a shipped vocabulary (a fresh copy)."""
    return {code: dict(labels) for code, labels in shipped_vocabulary(name).terms.items()}


def term(vocab: Vocabulary | None, code: object, lang: str) -> str:
    """A code in words in ``lang``; the code itself when the vocabulary does not know it.

    Every text that shows a code (widgets, the statement, the read-back, the archive's
    statistics) goes through here, through the field types of :mod:`forms.types`.
    """
    labels = vocab.terms.get(code) if vocab is not None and isinstance(code, str) else None
    return labels.get(lang) or str(code) if labels else ("" if code is None else str(code))
