"""Handover: sealed records leave the laptop as one signed, age-encrypted bundle for a legal team.

:mod:`~intake.handover.export` plans each record against the witness's consent and the profile,
withholds what a redacted copy may not carry (:mod:`~intake.handover.withhold`), builds each
record's signed PDF statement (:mod:`~intake.handover.statement`, laid out by
:mod:`~intake.handover.layout`, archival by :mod:`~intake.handover.pdfa`) and writes the bundle
format (:mod:`~intake.handover.bundle`, see docs/bundle.md).
"""
