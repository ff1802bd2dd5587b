"""The legal team's archive: what arrives in handover bundles, and what the team makes of it.

- :mod:`~intake.archive.pins`: the interviewers' keys the team pins, and who sealed what.
- :mod:`~intake.archive.verify` and :mod:`~intake.archive.checks`: a bundle checked end to end
  with only the age identity (hashes, signatures, chain, history, audit rows, PDFs).
- :mod:`~intake.archive.receive`: a verified bundle written into the archive in one transaction;
  :mod:`~intake.archive.batch` imports many and reports each.
- :mod:`~intake.archive.statements`: the signed PDF statements the archive keeps.
- :mod:`~intake.archive.acts`: records read as acts (the unit counted and exported);
  :mod:`~intake.archive.patterns` counts them; :mod:`~intake.archive.tables` writes the incidents
  CSV; :mod:`~intake.archive.evidence` the evidence register; :mod:`~intake.archive.custody` the
  trail of each record from bundle to archive.
"""
