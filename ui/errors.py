"""The one place where a failure becomes what the user reads, in Korean or English.

Every exception carries a stable code (``intake.errors.code_of``; the CLI keys its exit codes on
the same codes). ``message`` maps the code to a translated text (context "Errors" of
ui/i18n/intake_ko.ts) and puts the core's detail in it: plain values such as a path, a record id
or a share number, at ``%1``, ``%2`` … or, when the text has no place for them, after it in
parentheses. The exception's own text (English, for the CLI) and its class name are never
shown. A failure the core did not expect gets a generic message naming where it was raised; it
is logged by code and place only, never with its text (which could quote testimony).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from intake.errors import code_of, detail_of

__all__ = ["Errors", "code_of", "message", "note", "show", "texts"]

log = logging.getLogger(__name__)


class Errors(QObject):
    """The messages' translation context (lupdate reads ``self.tr`` here as "Errors")."""

    def title(self) -> str:
        return self.tr("Testimony Intake")

    def texts(self) -> dict[str, str]:
        return {
            # intake's own failures
            "failed": self.tr("The operation failed."),
            "usage": self.tr("This cannot be done."),
            "vault.not_found": self.tr("There is no vault at %1."),
            "vault.exists": self.tr("A vault already exists at %1."),
            "not_found": self.tr("Not found: %1"),
            "record.not_a_draft": self.tr(
                "Record %1 is not an open draft: open a correction to change it."
            ),
            "record.invalid": self.tr("The record is not complete or does not match its form."),
            "check.failed": self.tr("The check found problems: nothing was changed."),
            "export.consent_refused": self.tr(
                "The witness's consent does not allow this hand-over to the chosen recipients:"
                " nothing was exported.",
            ),
            "export.protected_text": self.tr(
                "A withheld answer appears word for word in free text: mark it there as withheld."
                " Nothing was exported.",
            ),
            "countersign.required": self.tr(
                "This vault's policy requires a supervisor's countersignature: nothing was done.",
            ),
            "countersign.not_supervisor": self.tr("This key is not the pinned supervisor's."),
            "bundle.damaged": self.tr("The bundle is damaged or unsafe: nothing in it was used."),
            "statement.invalid": self.tr("The statement cannot be made from this record."),
            "vault.locked": self.tr("The vault is locked: unlock it, then try again."),
            "passphrase.empty": self.tr("The passphrase is empty."),
            "recording.in_progress": self.tr("A recording is in progress: stop it first."),
            "rotation.interrupted": self.tr(
                "Another program wrote to the vault meanwhile: close it and try again."
                " Nothing was changed.",
            ),
            "record.too_large": self.tr("The record is larger than 16 MiB: it was not saved."),
            "correction.form_version": self.tr(
                "A correction can only move record %1 to a later version of its form."
            ),
            "attachment.sealed": self.tr(
                "The record is sealed: start a correction to change its attachments."
            ),
            "attachment.not_a_file": self.tr("Not a file: %1"),
            "audio.unavailable": self.tr("No microphone can be used."),
            "recovery.no_shares": self.tr("This vault has no recovery shares."),
            "image.too_large": self.tr("The image %1 is too large."),
            "image.unreadable": self.tr("%1 is not a readable image."),
            "image.no_share": self.tr("Found no recovery share in %1."),
            "countersign.no_supervisor": self.tr(
                "No supervisor is pinned in this vault: pin one first."
            ),
            "countersign.same_signer": self.tr(
                "The supervisor must be another person than this vault's own signer."
            ),
            "countersign.supervisor_pinned": self.tr("A supervisor is already pinned (key %1)."),
            "recipient.name": self.tr(
                "A recipient's name is 1 to 100 printable characters, not a key."
            ),
            "recipient.key": self.tr("The key of %1 is not an age or SSH public key."),
            "recipient.class": self.tr("Choose the recipient's class."),
            "recipient.exists": self.tr(
                "A recipient named %1 or with that key is already registered."
            ),
            "export.exists": self.tr("%1 already exists: choose another name."),
            "export.no_folder": self.tr("There is no folder %1."),
            "export.nothing_sealed": self.tr("Record %1 has no sealed version to hand over."),
            "identity.unusable": self.tr(
                "This is not a usable age identity file or SSH private key."
            ),
            "signer.fingerprint": self.tr("A fingerprint is 64 hexadecimal digits."),
            "signer.name": self.tr("A trusted signer's name is 1 to 200 printable characters."),
            "bundle.unreadable": self.tr("The bundle file %1 cannot be read."),
            "bundle.not_age": self.tr("%1 is not an age-encrypted bundle."),
            "bundle.not_zip": self.tr("%1 is not a bundle: it holds no ZIP archive."),
            "bundle.not_a_bundle": self.tr("%1 is not a Testimony Intake bundle."),
            "bundle.version": self.tr(
                "%1 uses a bundle format version this program does not support."
            ),
            "keyfile.too_large": self.tr("The key file is larger than 64 KiB."),
            "keyfile.not_text": self.tr("The key file is not UTF-8 text."),
            "keyfile.secret": self.tr(
                "The file holds a secret key: ask the legal team for their public key."
            ),
            "keyfile.bad_line": self.tr(
                "The key file has a line that is not an age or SSH public key."
            ),
            "keyfile.too_many": self.tr("The key file lists too many keys."),
            "keyfile.no_key": self.tr("The key file holds no public key."),
            "entity.gazetteer": self.tr(
                "%1 is a gazetteer entry: only a spelling written freely is merged into another."
            ),
            "entity.merge_other_way": self.tr("%1 already counts as %2: merge the other way."),
            "entity.apart_self": self.tr("An entity cannot be kept apart from itself."),
            "link.same_testimony": self.tr("A link joins acts of two different testimonies."),
            "link.move_testimony": self.tr(
                "A link moves only to another act of one of its two testimonies."),
            "note.too_long": self.tr("A note is at most %1 characters."),
            "note.tag": self.tr("A tag is one word of at most 40 characters: %1"),
            "note.too_many_tags": self.tr("A note has at most %1 tags."),
            "note.unsealed": self.tr("Record %1 has no sealed version to review."),
            "note.empty": self.tr("A note needs text or a tag."),
            # the crypto layer
            "crypto.failed": self.tr("Encryption failed."),
            "crypto.format": self.tr("The file is damaged or not in the expected format."),
            "crypto.parameters": self.tr(
                "The key file's settings are out of bounds: it is damaged."
            ),
            "wrong_passphrase": self.tr("Wrong passphrase."),
            "integrity": self.tr(
                "The data is damaged or was altered: it failed its integrity check."
            ),
            "signature": self.tr(
                "A signature does not verify: the data was altered or signed by another key."
            ),
            "wrong_identity": self.tr(
                "This key cannot open it: it was encrypted for someone else."
            ),
            "cancelled": self.tr("Cancelled: nothing was changed."),
            "share.empty": self.tr("Share %1 is empty."),
            "share.unknown_word": self.tr(
                "Share %1 has a word that is not in the word list: check the spelling."
            ),
            "share.invalid": self.tr("Share %1 is not a valid share: a word is wrong or missing."),
            "share.duplicate": self.tr("Share %1 is the same as share %2: give a different share."),
            "share.same_number": self.tr(
                "Shares %2 and %1 carry the same share number: one of them is mistyped."
            ),
            "share.different_set": self.tr(
                "Share %1 comes from a different set than share 1: all shares must come"
                " from one set."
            ),
            "share.too_few": self.tr("Too few shares: %1 are needed, %2 given."),
            "share.none": self.tr("Give the shares."),
            "share.too_many": self.tr("Too many shares were given."),
            "share.no_combine": self.tr("These shares do not fit together."),
            # the forms package
            "form.invalid": self.tr("A form file cannot be used (%1)."),
            "form.unknown": self.tr("This form is not installed."),
            "date.invalid": self.tr("This is not a date such as 2005, 2005-03 or 2005-03-14."),
            # the system
            "disk.full": self.tr("The disk is full: free some space, then try again."),
            "file.not_found": self.tr("The file or folder is not there."),
            "file.denied": self.tr("Permission denied."),
            "file.io": self.tr("The file could not be read or written."),
            "interrupted": self.tr("Interrupted."),
            "unexpected": self.tr("An unexpected error stopped this: please report it."),
        }


def texts() -> dict[str, str]:
    """Every error code's message in the interface's language (intake.errors.CODES)."""
    return Errors().texts()


_PLACE = re.compile(r"%(\d)")


def note(exc: BaseException) -> None:
    """Log a failure by its code (and, unexpected, its place): never its text, which could
    quote testimony. Every worker's failure is noted (ui/workers.py), shown or not."""
    code = code_of(exc)
    if code == "unexpected":
        log.error("unexpected error at %s", ", ".join(detail_of(exc)) or "?")
    else:
        log.info("failed: %s", code)


def message(exc: BaseException, template: str = "%1") -> str:
    """The user's message for ``exc``, inside ``template`` (a translated "Not written: %1")."""
    code = code_of(exc)
    detail = detail_of(exc)
    text = texts()[code]
    if _PLACE.search(text):
        text = _PLACE.sub(lambda m: _nth(detail, int(m.group(1))), text)
    elif detail:
        text += " (" + ", ".join(detail) + ")"
    return template.replace("%1", text)


def _nth(detail: tuple[str, ...], n: int) -> str:
    return detail[n - 1] if 0 < n <= len(detail) else "?"


def show(parent: QWidget, exc: BaseException, template: str = "%1") -> str:
    """``message`` in a warning box over ``parent``; the text shown."""
    note(exc)
    text = message(exc, template)
    QMessageBox.warning(parent, Errors().title(), text)
    return text
