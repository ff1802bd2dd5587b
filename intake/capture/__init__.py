"""Capture: the interview on the interviewer's laptop, from the first keystroke to a sealed version.

Drafts are saved often (:mod:`~intake.capture.records`, indexed by :mod:`~intake.capture.search`);
files and audio go straight into the vault as encrypted blobs (:mod:`~intake.capture.attachments`,
:mod:`~intake.capture.recording`); the review reads the draft back as the statement will show it
(:mod:`~intake.capture.readback`); sealing freezes, hashes and signs a version
(:mod:`~intake.capture.seal`), which a supervisor may countersign
(:mod:`~intake.capture.countersign`).
"""
