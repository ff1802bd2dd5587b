"""The exported PDF statement as a court and a witness read it (issue 16).

Real vault, real export, real age; the PDF is read back with poppler (pdftotext,
pdfinfo, pdfsig, pdfdetach, pdftoppm), never with the code that wrote it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crypto.sign import fingerprint
from intake.capture import records
from intake.errors import ProtectedTextFound
from intake.handover import export, recipients
from tests import markers
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, FORM_VERSION, example, set_narrative
from tests.test_bundle import age_decrypt, keypair, sealed_record
from tests.test_export import unpack, with_consent
from tests.test_statement import korean_narrative

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = 40
PERPETRATOR = "incidents[0].acts[0].perpetrators[0].name"
SPAN = "{{" + PERPETRATOR + "}}"
THIRD_PERSON_MARK = "■■ [비공개: 제3자의 신원 / withheld: identity of a third person]"
TYPED_FINGERPRINT = "SHA256:TYPED BY HAND 0000"


def english_translation(paragraphs: int) -> str:
    return "\n\n".join(
        f"Paragraph {n + 1} of the testimony. In spring 2008 I was held at the border; "
        "the guards beat us every night and gave us almost nothing to eat."
        for n in range(paragraphs)
    )


def court_doc(name: str) -> dict[str, Any]:
    """A long Korean statement with an English translation; the perpetrator's name is
    protected and stands in both texts as a span."""
    doc = example()
    narrative = korean_narrative(PARAGRAPHS) + (
        f"\n\n증언 문단 {PARAGRAPHS + 1}번입니다. 저를 조사한 사람은 {SPAN}였고 매일 때렸습니다."
    )
    doc = set_narrative(doc, narrative)
    doc["statement"]["translations"][0]["text"] = english_translation(PARAGRAPHS) + (
        f"\n\nParagraph {PARAGRAPHS + 1} of the testimony. The man who questioned me was "
        f"{SPAN}; he beat me every day."
    )
    doc["incidents"][0]["acts"][0]["perpetrators"][0]["name"] = name
    doc["session"]["start"] = "2026-03-14T10:30:00+09:00"
    doc["session"]["end"] = "2026-03-14T14:10:00+09:00"
    doc["interviewer"]["key_fingerprint"] = TYPED_FINGERPRINT
    # third persons' names do not go to this recipient: the span is withheld
    doc["consent"]["grants"] = [
        {"recipient": "own_archive", "identity_level": "pseudonym", "third_party_names": "no"}
    ]
    return doc


def export_one(tmp_path: Path, doc: dict[str, Any], profile: str = "redacted") -> dict[str, Any]:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    # version 1 named here: a module-scoped fixture runs outside conftest's per-test default
    rid = records.create(v, FORM_ID, doc, FORM_VERSION)  # type: ignore[arg-type]
    records.seal_record(v, rid)  # type: ignore[arg-type]
    out = tmp_path / "b.age"
    export.export_bundle(v, [rid], ["archive"], out, profile=profile)  # type: ignore[arg-type]
    signer = fingerprint(v.identity.certificate)  # type: ignore[attr-defined]
    v.lock()  # type: ignore[attr-defined]
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked") / "records" / rid
    return {
        "pdf": folder / "statement.pdf",
        "text": (folder / "statement.txt").read_text(encoding="utf-8"),
        "record_json": folder / "record.json",
        "folder": folder,
        "signer": signer,
        "bundle": out,
        "key": key,
    }


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    name, _ = markers.new_markers()
    result = export_one(tmp_path_factory.mktemp("court"), court_doc(name))
    result["name"] = name
    return result


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_long_korean_statement_reads_in_court_order(redacted: dict[str, Any]) -> None:
    text: str = redacted["text"]
    pages = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    assert len(pages) >= 8
    first = pages[0]
    assert "증언자 진술서 / Witness statement" in first and "W-0117" in first  # Korean first
    # the session in local time with its offset, everyone present, the languages
    assert "2026년 3월 14일 10:30 (UTC+09:00) / 14 March 2026, 10:30 (UTC+09:00)" in first
    assert "증언자 / Witness: W-0117\n면담자 / Interviewer: Interviewer One (Example NGO)" in first
    assert "통역인 / Interpreter: INT-12" in first and "한국어, 영어 / Korean, English" in first
    assert "진술 언어 / Language of the" in first and "한국어 / Korean" in first
    # the pseudonym, the version hash, "page X of Y" in both languages and initials: every page
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert "W-0117 · " in page, number
        assert f"page {number} of {total} / {total}쪽 중 {number}쪽" in page
        assert "Initials / 이니셜" in page
    # order: original, then the translation, the chronology, the declarations, the signature
    headings = [
        "원어 진술 (한국어) / Statement in the original language (Korean)",
        "번역문(영어), 원문 아님 (번역자 STAFF-11) / Translation into English",
        "사건과 행위의 순서 / Chronology of incidents and acts",
        "증언자의 선언 / Witness's declaration",
        "통역인의 확인 / Interpreter's certification",
        "면담자의 확인 / Interviewer's attestation",
        "전자 서명 / Electronic signature",
        "부록 A: 면담 세부 사항 / Annex A: interview details",
        "부록 B: 사건, 분류와 법적 구분 / Annex B: incidents",
    ]
    where = [text.index(h) for h in headings]
    assert where == sorted(where)
    original = squash(text[where[0] : where[1]])
    translation = squash(text[where[1] : where[2]])
    for n in range(1, PARAGRAPHS + 2):  # numbered paragraphs, the same numbers in both
        assert f"{n}.증언문단{n}번입니다." in original, n
        assert f"{n}.Paragraph{n}ofthetestimony." in translation, n
    assert "증언문단" not in translation and "Paragraph1ofthe" not in original


def test_declarations_in_both_languages_with_lines_to_sign(redacted: dict[str, Any]) -> None:
    text = squash(redacted["text"])
    for sentence in (
        "이 진술서는 제가 이해하는 언어(한국어)로 저에게 다시 읽어 주었습니다.",
        "This statement was read back to me in a language I understand (Korean).",
        "true to the best of my knowledge and recollection",
        "제가 아는 한, 그리고 기억하는 한 사실입니다.",
        "I certify that I interpreted faithfully and accurately",
        "충실하고 정확하게 통역하였으며",
        "I conducted this interview.",
        "본 면담자는 이 면담을 진행하였습니다.",
    ):
        assert squash(sentence) in text, sentence
    assert text.count(squash("서명 또는 손도장 / Signature or thumbprint")) == 3
    assert text.count(squash("날짜 / Date")) >= 3


def test_dates_are_in_words_with_their_qualifier(redacted: dict[str, Any]) -> None:
    text = squash(redacted["text"])
    assert squash("2008년 봄 / spring 2008") in text  # incident 2008-21
    assert squash("2008년 4월경 / about April 2008") in text  # act 2008-04~
    assert squash("1975년경 / about 1975") in text  # birth year 1975~
    assert "2008-21" not in text and "2008-04~" not in text and "T01:30:00Z" not in text


def test_signature_block_names_the_signing_key_not_a_typed_one(redacted: dict[str, Any]) -> None:
    text = squash(redacted["text"])
    assert squash(f"인증서 지문 / Certificate fingerprint {redacted['signer']}") in text
    assert squash(TYPED_FINGERPRINT) not in text


def test_redacted_span_is_in_neither_the_pdf_nor_the_json(redacted: dict[str, Any]) -> None:
    name = redacted["name"]
    assert markers.scan([redacted["folder"]], [name]) == []  # PDF text, record.json, all
    text = redacted["text"]
    split = text.index("번역문(영어), 원문 아님")
    original, rest = text[:split], text[split:]
    translation = rest[: rest.index("사건과 행위의 순서")]
    for part in (original, translation):  # the mark stands where the name stood
        assert squash(THIRD_PERSON_MARK) in squash(part)
    assert squash(f"저를 조사한 사람은 {THIRD_PERSON_MARK}였고") in squash(original)
    assert squash(f"was {THIRD_PERSON_MARK}; he beat me") in squash(translation)
    # the withheld list says what and why, in words, not code paths
    for half in ("사건 1 › 행위 1 › 가해자 1 › 이름", "Perpetrators 1 › Name"):  # a wrapped cell
        assert squash(half) in squash(text)
    assert "incidents[0]" not in text
    # only the annexes the redacted profile allows
    assert "Annex C" not in text and "Annex D" not in text and "부록 C" not in text


def test_pdfa_3_with_the_record_json_embedded_and_the_signature_valid(
    redacted: dict[str, Any], tmp_path: Path
) -> None:
    pdf = str(redacted["pdf"])
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"PDF subtype:\s+PDF/A-3b", info)
    assert re.search(r"Conformance:\s+Level B", info)
    assert re.search(r"PDF version:\s+1\.7", info)
    assert "2000" not in re.search(r"CreationDate:.*", info).group(0)  # type: ignore[union-attr]
    listing = subprocess.run(["pdfdetach", "-list", pdf], capture_output=True, text=True).stdout
    assert "record.json" in listing and "schema.json" in listing
    out = tmp_path / "embedded.json"
    subprocess.run(["pdfdetach", "-save", "1", "-o", str(out), pdf], check=True)
    assert out.read_bytes() == redacted["record_json"].read_bytes()
    sig = subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout
    assert "Signature is Valid." in sig and "Total document signed" in sig
    raw = redacted["pdf"].read_bytes()
    assert b"/Lang" in raw and b"/OutputIntents" in raw and b"/AFRelationship /Source" in raw


def test_full_profile_shows_the_name_where_the_span_stood(tmp_path: Path) -> None:
    name, _ = markers.new_markers()
    grant = {"recipient": "own_archive", "identity_level": "identity_protected"}
    doc = with_consent(court_doc(name), [{**grant, "third_party_names": "yes"}])
    result = export_one(tmp_path, doc, profile="full")
    text = squash(result["text"])
    assert squash(f"저를 조사한 사람은 {name}였고") in text
    assert squash(f"was {name}; he beat me") in text
    assert "Annex C: risk assessment" in result["text"] and "Annex D" in result["text"]
    # the record JSON keeps the span: the name sits only in its protected answer
    record = result["record_json"].read_text(encoding="utf-8")
    assert SPAN.replace('"', '\\"') in record and record.count(name) == 1


def test_a_protected_name_written_out_in_the_narrative_stops_the_export(
    tmp_path: Path, passphrase_file: Path
) -> None:
    name, _ = markers.new_markers()
    doc = court_doc(name)
    doc = set_narrative(doc, f"저를 조사한 사람은 {name}였습니다.")
    v = make_vault(tmp_path / "vault")
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = sealed_record(v, doc)  # type: ignore[arg-type]
    with pytest.raises(ProtectedTextFound, match=re.escape(PERPETRATOR)) as caught:
        export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")  # type: ignore[arg-type]
    assert "statement.narrative" in str(caught.value) and name not in str(caught.value)
    v.lock()  # type: ignore[attr-defined]
    run = intake(
        "export", rid, "--to", "archive", "--out", tmp_path / "c.age",
        "--vault", tmp_path / "vault", "--passphrase-file", passphrase_file,
    )  # fmt: skip
    assert run.returncode == 1
    assert PERPETRATOR in run.stderr and "statement.narrative" in run.stderr
    assert name not in run.stderr + run.stdout
    assert not (tmp_path / "b.age").exists() and not (tmp_path / "c.age").exists()


def _english_doc() -> dict[str, Any]:
    doc = court_doc("(withheld)")
    doc["statement"]["language"] = "en"
    doc = set_narrative(doc, english_translation(3))
    doc["statement"]["translations"][0].update(
        language="ko", text="\n\n".join(f"증언 문단 {n}번입니다." for n in range(1, 4))
    )
    return doc


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_first_page_screenshots(lang: str, tmp_path: Path) -> None:
    """The README's pictures of a first page (docs/screenshots/statement-{ko,en}.png when
    INTAKE_UPDATE_DOCS=1, else test-artifacts/screenshots/)."""
    doc = court_doc("(withheld)") if lang == "ko" else _english_doc()
    result = export_one(tmp_path, doc)
    docs = os.environ.get("INTAKE_UPDATE_DOCS") == "1"
    folder = ROOT / ("docs/screenshots" if docs else "test-artifacts/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    stem = tmp_path / f"statement-{lang}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
         str(result["pdf"]), str(stem)], check=True,
    )  # fmt: skip
    png = stem.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    shutil.copyfile(png, folder / png.name)
    words = "한국어 / Korean" if lang == "ko" else "English / 영어"
    assert words in result["text"].split("\f")[0]


def test_withheld_passages_of_a_v2_record_are_marked_where_they_stood(tmp_path: Path) -> None:
    """Form v2 marks passages (``narrative_withheld``); the seal masks them in a redacted copy
    and the statement draws the mark with its class in the narrative and the translation."""
    import forms

    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    doc = forms.load_form(FORM_ID, 2).example()
    rid = records.create(v, FORM_ID, doc, 2)  # type: ignore[arg-type]
    records.seal_record(v, rid)  # type: ignore[arg-type]
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    folder = unpack(age_decrypt(tmp_path / "b.age", key), tmp_path / "unpacked") / "records" / rid
    text = (folder / "statement.txt").read_text(encoding="utf-8")
    for words in ("남문동", "신발공장", "Nammun-dong", "shoe factory"):
        assert words not in text
    assert "\u2588" not in text  # the seal's mask never reaches the reader
    family = "■■ [비공개: 증언자 가족의 신원 / withheld: identity of the witness's family]"
    body = squash(text[: text.index("사건과 행위의 순서")])
    assert body.count(squash(family)) == 4  # two passages in the narrative, two in its translation
    assert "› 구간 " in text  # the withheld list names each passage
