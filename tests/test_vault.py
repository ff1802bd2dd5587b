"""The vault on a real SQLCipher file: keys, records, sealing, audit, search, attachments."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from crypto.errors import WrongPassphrase
from intake import check, vault
from intake.capture import attachments, listing, records
from intake.errors import NotADraft, ValidationFailed, VaultNotFound
from intake.vault import audit, db
from tests.conftest import PASSPHRASE, make_vault
from tests.markers import new_markers, scan
from tests.records_data import FORM_ID, example, set_narrative, with_text


def folder_hashes(path: Path) -> dict[str, str]:
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def raw_connection(v: vault.Vault) -> db.Connection:
    """A second, raw SQLCipher connection, as an attacker holding the key would have."""
    return db.connect(v.path / vault.DB_FILE, v.subkey("database"))


def test_database_is_sqlcipher_not_plain_sqlite(vault: vault.Vault) -> None:
    header = (vault.path / "vault.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    with pytest.raises(db.DatabaseError):
        db.connect(vault.path / "vault.db", os.urandom(32))


def test_wrong_passphrase_changes_nothing_and_right_one_opens(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, example())
    path = vault.path
    vault.lock()
    before = folder_hashes(path)
    with pytest.raises(WrongPassphrase):
        type(vault).open(path, b"not the passphrase")
    assert folder_hashes(path) == before
    with type(vault).open(path, PASSPHRASE) as v:
        assert records.get(v, rid).status == "draft"


def test_records_seal_correct_chain(vault: vault.Vault) -> None:
    doc = example()
    rid = records.create(vault, FORM_ID, doc)
    sv1 = records.seal_record(vault, rid)
    assert sv1.version == 1 and sv1.prev_hash is None
    assert records.get(vault, rid).status == "sealed"
    with pytest.raises(NotADraft):
        records.save_draft(vault, rid, doc)
    assert records.correct(vault, rid) == 2
    changed = set_narrative(records.draft(vault, rid), "정정된 진술. Corrected statement.")
    records.save_draft(vault, rid, changed)
    sv2 = records.seal_record(vault, rid)
    assert sv2.version == 2 and sv2.prev_hash == sv1.version_hash
    assert records.document(vault, rid, 1) == doc
    assert records.document(vault, rid) == changed
    assert check.check_vault(vault) == []
    actions = [e.action for e in audit.entries(vault._conn)]  # noqa: SLF001
    for expected in ("vault created", "record created", "record sealed", "record corrected"):
        assert expected in actions


def test_incomplete_draft_cannot_be_sealed(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, {})
    with pytest.raises(ValidationFailed) as e:
        records.seal_record(vault, rid)
    assert e.value.problems and all(p.path and p.en and p.ko for p in e.value.problems)
    assert records.get(vault, rid).status == "draft"


def test_sealed_versions_and_audit_rows_cannot_be_changed_through_sql(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, example())
    records.seal_record(vault, rid)
    conn = raw_connection(vault)
    for sql in (
        "UPDATE sealed_versions SET doc = '{}'",
        "DELETE FROM sealed_versions",
        "UPDATE audit SET action = 'nothing'",
        "DELETE FROM audit WHERE seq = 1",
    ):
        with pytest.raises(db.DatabaseError, match="immutable"):
            conn.execute(sql)
    conn.close()


def test_check_names_a_tampered_sealed_version(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, example())
    records.seal_record(vault, rid)
    conn = raw_connection(vault)
    conn.execute("DROP TRIGGER sealed_versions_no_update")
    doc = conn.execute("SELECT doc FROM sealed_versions").fetchone()[0]
    i = doc.index(":") + 3  # a byte inside the first value
    conn.execute("UPDATE sealed_versions SET doc = ?", (doc[:i] + "X" + doc[i + 1 :],))
    conn.close()
    problems = check.check_vault(vault)
    assert any(rid in p and "version 1" in p for p in problems), problems


def test_check_names_a_tampered_audit_row(vault: vault.Vault) -> None:
    records.create(vault, FORM_ID, example())
    conn = raw_connection(vault)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET at = '2001-01-01T00:00:00Z' WHERE seq = 2")
    conn.close()
    problems = check.check_vault(vault)
    assert any("audit row 2" in p for p in problems), problems


def test_attachment_roundtrip_and_tamper(vault: vault.Vault, tmp_path: Path) -> None:
    rid = records.create(vault, FORM_ID, example())
    src = tmp_path / "recording.ogg"
    data = os.urandom(300_000)
    src.write_bytes(data)
    seen: list[tuple[int, int]] = []
    att = attachments.add(
        vault, rid, src, note="interview part 1", progress=lambda d, t: seen.append((d, t))
    )
    assert att.sha256 == hashlib.sha256(data).hexdigest() and att.size == len(data)
    assert seen[-1] == (len(data), len(data))
    out = tmp_path / "out" / "copy.ogg"
    out.parent.mkdir()
    attachments.extract(vault, att.id, out)
    assert out.read_bytes() == data
    assert check.check_vault(vault) == []

    blob = attachments.blob_path(vault, att.id)
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    blob.write_bytes(bytes(raw))
    problems = check.check_vault(vault)
    assert any(att.id in p for p in problems), problems
    with pytest.raises(Exception, match="tamper|authentic|Integrity|integrity"):
        attachments.extract(vault, att.id, tmp_path / "out" / "again.ogg")
    assert not (tmp_path / "out" / "again.ogg").exists()


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("그는 요덕관리소에서 3년을 보냈다.", "관리소"),
        ("보위부 구류장에서 고문을 당했다.", "고문"),
        ("The guards beat him in the holding centre.", "guards"),
        ("함경북도 회령에서 공개처형을 목격했다.", "공개처형"),
        ("Code word MARK요덕X7 in a note.", "MARK요덕X7"),
    ],
)
def test_search_finds_korean_inside_words(vault: vault.Vault, text: str, query: str) -> None:
    decoy = records.create(vault, FORM_ID, set_narrative(example(), "다른 이야기. Other story."))
    rid = records.create(vault, FORM_ID, set_narrative(example(), text))
    results = listing.find(vault, query)
    ids = [r.record.id for r in results]
    assert rid in ids and decoy not in ids
    hit = results[ids.index(rid)]
    marked = [hit.snippet[a:b] for a, b in hit.spans]
    assert "".join(marked) == query


def test_search_follows_the_latest_version(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, set_narrative(example(), "첫 진술 강제송환"))
    records.seal_record(vault, rid)
    records.correct(vault, rid)
    records.save_draft(vault, rid, set_narrative(example(), "정정 진술 노동단련대"))
    assert [r.record.id for r in listing.find(vault, "노동단련대")] == [rid]
    assert listing.find(vault, "강제송환") == []


def test_lock_drops_keys(vault: vault.Vault) -> None:
    vault.lock()
    assert vault.locked
    with pytest.raises(Exception, match="locked"):
        listing.list_records(vault)
    with pytest.raises(Exception, match="locked"):
        vault.subkey("attachments")


def test_passphrase_change_rewraps(vault: vault.Vault) -> None:
    from crypto import kdf

    rid = records.create(vault, FORM_ID, example())
    db_before = (vault.path / "vault.db").stat().st_size
    vault.change_passphrase(
        PASSPHRASE, b"new passphrase", kdf.insecure_test_params(), insecure_test_kdf=True
    )
    path = vault.path
    vault.lock()
    with pytest.raises(WrongPassphrase):
        type(vault).open(path, PASSPHRASE)
    with type(vault).open(path, b"new passphrase") as v:
        assert records.get(v, rid)
    assert (path / "vault.db").stat().st_size >= db_before


def test_creating_a_weak_vault_needs_the_test_switch(tmp_path: Path) -> None:
    from crypto import kdf
    from crypto.errors import ParameterError

    with pytest.raises(ParameterError):
        vault.Vault.create(tmp_path / "v", PASSPHRASE, name="x", params=kdf.insecure_test_params())
    assert not vault.exists(tmp_path / "v")


def test_wipe_leaves_nothing_readable(vault: vault.Vault) -> None:
    records.create(vault, FORM_ID, example())
    path = vault.path
    vault.lock()
    from intake.vault import wipe

    wipe(path)
    assert not (path / "vault.key").exists()
    with pytest.raises(VaultNotFound):
        type(vault).open(path, PASSPHRASE)


def test_no_marker_reaches_disk_in_any_encoding(tmp_path: Path) -> None:
    korean, english = new_markers()
    v = make_vault(tmp_path / "vault")
    doc = with_text(example(), f"{korean} {english}")
    rid = records.create(v, FORM_ID, doc)
    src_dir = tmp_path / "source"
    src_dir.mkdir()
    src = src_dir / "scan.txt"
    src.write_bytes((f"{korean}\n{english}\n" * 5000).encode("utf-16"))
    attachments.add(v, rid, src)
    records.seal_record(v, rid)
    records.correct(v, rid)
    records.save_draft(v, rid, with_text(doc, korean))
    assert listing.find(v, "요덕비밀증언")
    v.lock()
    src.unlink()
    found = scan([tmp_path / "vault", Path(tempfile.gettempdir())], [korean, english])
    assert found == []
