"""The editor's work off the GUI thread: the save of a draft, what the editor shows after
it, and the full-text index maintenance while the interviewer is not typing.

The functions here run on a worker (``ui.workers.Task``) against the vault's background
connection (``Vault.background``), take plain data and return plain data: no Qt object goes
in or comes out. ``Slices`` applies a result on the GUI thread a piece per turn of the event
loop, so no single turn is long.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

import forms
from intake.capture import records
from intake.capture.seal import SealedVersion
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.workers import Task

log = logging.getLogger(__name__)
MAINTAIN_MS = 1500  # quiet time after a save before the index is tidied, a step at a time
MAINTAIN_NEXT_MS = 250  # between two steps: a save gets the write lock, the GUI a core

_TOKEN_RE = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")

# Called with (what, thread ident) where the work runs: "save" or "maintain". Empty in the
# program; a test appends to it to see which thread did the work.
observers: list[Callable[[str, int], None]] = []


def _ran(what: str) -> None:
    for observe in observers:
        observe(what, threading.get_ident())


def path_tokens(path: str) -> list[str | int]:
    return [key if key else int(index) for key, index in _TOKEN_RE.findall(path)]


def remove_answer(doc: dict[str, Any], path: str) -> bool:
    """Drop the answer at ``path`` (a list element drops its whole field). False if absent."""
    tokens = path_tokens(path)
    while tokens and isinstance(tokens[-1], int):
        tokens.pop()
    if not tokens:
        return False
    node: Any = doc
    for token in tokens[:-1]:
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(node, dict) and tokens[-1] in node:
        del node[tokens[-1]]
        return True
    return False


def without_invalid(
    form: forms.Form, doc: dict[str, Any], messages: dict[str, list[str]], lang: str
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A copy of ``doc`` without the answers the form refuses, and ``messages`` with why,
    by path (neither argument is changed)."""
    doc = copy.deepcopy(doc)
    messages = {path: list(texts) for path, texts in messages.items()}
    for _ in range(20):
        problems = form.validate(doc)
        if not problems:
            break
        removed = False
        for problem in problems:
            messages.setdefault(problem.path, []).append(problem.ko if lang == "ko" else problem.en)
            removed = remove_answer(doc, problem.path) or removed
        if not removed:
            break
    return doc, messages


@dataclass(frozen=True)
class ReadBack:
    """What the editor shows after a save, read in the same place as the save."""

    doc: dict[str, Any]  # as saved: the answers the program fills are in
    record: records.Record
    seal_problems: list[forms.Problem]
    previous: SealedVersion | None  # the sealed version an open correction is compared with
    messages: dict[str, list[str]]  # by path: why an answer was left out of the draft


def read_back(
    vault: Vault,
    record_id: str,
    doc: dict[str, Any],
    messages: dict[str, list[str]] | None = None,
) -> ReadBack:
    rec = records.get(vault, record_id)
    problems = rec.form.validate(
        doc, for_seal=True, attachment_ids=records.attachment_ids(vault, record_id)
    )
    versions = records.sealed_versions(vault, record_id) if rec.status == "draft" else []
    return ReadBack(doc, rec, problems, versions[-1] if versions else None, messages or {})


def save(
    vault: Vault,
    record_id: str,
    doc: dict[str, Any],
    local: dict[str, list[str]],
    raw: dict[str, Any] | None,
    lang: str,
) -> ReadBack:
    """Save what the editor holds: ``doc`` (its answers) without what the form refuses,
    ``local`` the messages of what the widgets hold that is no answer yet and ``raw``
    everything they hold then. What is left out is kept beside the draft (``held``: all
    that was typed); then read back what the editor shows."""
    _ran("save")
    form = records.get(vault, record_id).form
    answers, messages = without_invalid(form, doc, local, lang)
    held = (raw if raw is not None else doc) if messages else None
    records.save_draft(vault, record_id, answers, held)
    return read_back(vault, record_id, answers, messages)


def maintain(vault: Vault) -> bool:
    """One bounded step of ``records.maintain``; True if more may be left."""
    _ran("maintain")
    return records.maintain(vault)


class Maintainer(QObject):
    """Index maintenance a step at a time on a worker once the editor is quiet.

    ``quiet()`` says whether the editor has nothing to save; ``poke()`` (after each save)
    starts the quiet time over. With ``retry`` (the main window: no save pokes it), a step
    that finds the user busy tries again after the quiet time instead of waiting for a poke.
    """

    def __init__(
        self, vault: Vault, quiet: Callable[[], bool], parent: QObject, *, retry: bool = False
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._quiet = quiet
        self._retry = retry
        self.task: Task | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._step)

    def poke(self) -> None:
        self.timer.start(MAINTAIN_MS)

    def _step(self) -> None:
        if self.task is not None or not self._quiet():
            if self._retry and self.task is None:
                self.timer.start(MAINTAIN_MS)
            return  # editing again: the next save pokes
        try:
            background = self.vault.background()
        except IntakeError:
            return
        task = Task(maintain, background, parent=self)
        task.finished.connect(self._stepped)
        task.failed.connect(self._failed)
        self.task = task
        task.start()

    def _stepped(self, more: object) -> None:
        self.task = None
        if more:
            self.timer.start(MAINTAIN_NEXT_MS)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        log.warning("vault maintenance skipped: %s", errors.code_of(error))


class Slices(QObject):
    """Run a list of steps on the GUI thread, one per turn of the event loop. A new list
    replaces what is left of the previous one (its results are older)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._steps: list[Callable[[], None]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    def run(self, steps: list[Callable[[], None]], *, at_once: bool = False) -> None:
        self._steps = list(steps)
        if at_once:
            self.drain()
        else:
            self._timer.start()

    def drain(self) -> None:
        while self._steps:
            self._next()

    @property
    def pending(self) -> bool:
        return bool(self._steps)

    def _next(self) -> None:
        if not self._steps:
            self._timer.stop()
            return
        step = self._steps.pop(0)
        if not self._steps:
            self._timer.stop()
        step()
