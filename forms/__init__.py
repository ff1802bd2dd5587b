"""Declarative interview forms: definitions, vocabularies, validation, schema.

Forms and vocabularies are YAML files under ``forms/definitions`` and
``forms/vocabularies`` (see ``docs/forms.md``). Nothing here imports Qt.
"""

from forms.catalogue import list_forms, load_form
from forms.edtf import EdtfError, edtf_range, normalise_edtf, validate_edtf
from forms.errors import FormError, UnknownFormError
from forms.fields import Condition, Field, Problem
from forms.form import Form
from forms.loader import load_form_file
from forms.schema import format_checker, schema_validator
from forms.vocabularies import vocabulary

__all__ = [
    "Condition",
    "EdtfError",
    "Field",
    "Form",
    "FormError",
    "Problem",
    "UnknownFormError",
    "edtf_range",
    "format_checker",
    "list_forms",
    "load_form",
    "load_form_file",
    "normalise_edtf",
    "schema_validator",
    "validate_edtf",
    "vocabulary",
]
