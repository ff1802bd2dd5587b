"""Recovery shares: a lost passphrase no longer loses the vault.

A random 128-bit recovery secret is split into SLIP-39 shares (default 2 of 3,
``crypto/shares.py``). The key file holds a second copy of the vault key, wrapped to
the secret's X25519 public key (``keys.set_recovery``); the vault's database pins that
public key, so every later key file write (a new passphrase, a new vault key) makes the
recovery copy again without the shares.

Making shares is two steps so that an abandoned showing changes nothing: ``new_set``
creates them in memory only; ``activate`` (after every share was shown and confirmed)
replaces the key file's recovery copy, and from then on the previous set opens nothing.
The shares are never written anywhere by this module.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crypto import kdf, keys, shares
from crypto.errors import WrongPassphrase
from intake.errors import UsageError, VaultNotFound
from intake.vault import KEY_FILE, RECOVERY_META, Vault, audit

CONFIRM_WORDS = 2  # words of each share re-entered before the next is shown


@dataclass
class NewSet:
    """Shares made but not yet in force (held in memory only)."""

    threshold: int
    words: list[str] = field(repr=False)
    info: keys.RecoveryInfo

    @property
    def count(self) -> int:
        return len(self.words)


def new_set(
    threshold: int = shares.DEFAULT_THRESHOLD, count: int = shares.DEFAULT_SHARES
) -> NewSet:
    if not 2 <= threshold <= count <= shares.MAX_SHARES:
        raise UsageError(
            f"choose 2 to {shares.MAX_SHARES} shares and a threshold from 2 to the number of"
            f" shares (asked: {threshold} of {count})"
        )
    secret = shares.new_secret()
    words = shares.split(secret, threshold, count)
    set_id = shares.info(shares.parse(words[0])).set_id
    public = shares.public_bytes(shares.recovery_key(secret))
    return NewSet(threshold, words, keys.RecoveryInfo(public, set_id, threshold, count))


def activate(vault: Vault, new: NewSet) -> None:
    """Put ``new`` in force: the key file first (a crash before the database commit leaves
    the pinned, previous set, which the next unlock puts back), then the pin and the log."""
    vault.write_keyfile((vault.path / KEY_FILE).read_bytes(), new.info)
    with vault.transaction() as c:
        c.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (RECOVERY_META, _dumps(new.info)),
        )
        audit.append(
            c,
            "recovery shares created",
            "",
            set_id=new.info.set_id,
            threshold=new.threshold,
            shares=new.count,
        )


def confirm_positions(count: int, words_per_share: int) -> list[tuple[int, int]]:
    """For each share, ``CONFIRM_WORDS`` random word positions (0-based, ascending)."""
    out = []
    for _ in range(count):
        picks = sorted(secrets.SystemRandom().sample(range(words_per_share), CONFIRM_WORDS))
        out.append((picks[0], picks[1]))
    return out


def check_confirmation(share: str, positions: Sequence[int], typed: Sequence[str]) -> bool:
    words = shares.normalise(share).split()
    return all(shares.normalise(t) == words[p] for p, t in zip(positions, typed, strict=True))


def recover(
    path: Path,
    untrusted_shares: Sequence[str],
    new_passphrase: bytes,
    *,
    params: kdf.KdfParams | None = None,
    insecure_test_kdf: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Vault:
    """Open the vault at ``path`` with shares and give it ``new_passphrase``.

    ShareError (a share wrong, repeated, from another set, or too few: the message says
    which), WrongPassphrase (valid shares of a set that no longer opens this vault),
    IntegrityError (the key file's recovery copy was altered)."""
    keyfile_path = path / KEY_FILE
    if not keyfile_path.is_file():
        raise VaultNotFound(f"no vault at {path}", detail=str(path))
    if not new_passphrase:
        raise UsageError("the new passphrase is empty", code="passphrase.empty")
    keyfile = keyfile_path.read_bytes()
    pinned = keys.recovery_info(keyfile)
    if pinned is None:
        raise UsageError(
            "this vault has no recovery shares (make them with `recovery create`)",
            code="recovery.no_shares",
        )
    secret = shares.combine(untrusted_shares)
    set_id = shares.info(shares.parse(untrusted_shares[0])).set_id
    try:
        vault_key = keys.unwrap_recovery(keyfile, shares.recovery_key(secret))
    except WrongPassphrase:
        raise WrongPassphrase(
            f"these shares (set {set_id}) do not open this vault: its recovery set is"
            f" {pinned.set_id}. Shares made before the last new set no longer work"
        ) from None
    if params is None:
        params = kdf.calibrate(progress=progress)
    if not insecure_test_kdf:
        kdf.check_strength(params)
    vault = Vault.open_with_key(path, vault_key, "vault recovered with shares")
    try:
        vault.write_keyfile(keys.wrap(vault_key, new_passphrase, params))
        with vault.transaction() as c:
            audit.append(
                c, "passphrase set by recovery", "", set_id=set_id, shares=len(untrusted_shares)
            )
    except BaseException:
        vault.lock()
        raise
    return vault


def _dumps(info: keys.RecoveryInfo) -> str:
    return json.dumps(info.to_json(), sort_keys=True)


MAX_IMAGE_BYTES = 32 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def shares_in_image(path: Path) -> list[str]:
    """Every recovery share found as a QR code in an image file (a photo or scan of a sheet).

    The file is untrusted: its size and pixel count are capped; an unreadable image or one
    with no share is UsageError. Decoding uses zxing-cpp on the image in memory."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise UsageError(
                f"{path.name} is larger than {MAX_IMAGE_BYTES // 2**20} MiB",
                code="image.too_large",
                detail=path.name,
            )
        with Image.open(path) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise UsageError(
                    f"{path.name} has too many pixels", code="image.too_large", detail=path.name
                )
            gray = img.convert("L")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        raise UsageError(
            f"{path.name} is not a readable image", code="image.unreadable", detail=path.name
        ) from None
    found = []
    for code in zxingcpp.read_barcodes(gray):
        if code.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        text = shares.normalise(code.text)
        if text and text not in found:
            found.append(text)
    if not found:
        raise UsageError(
            f"no recovery share found in {path.name}", code="image.no_share", detail=path.name
        )
    return found
