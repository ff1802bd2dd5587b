"""The fixed wording of a statement: the witness's declaration, the interpreter's
certification and the interviewer's attestation (each in Korean and English), and why an
attachment was left out of the bundle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import forms
from forms.types import YES_NO_UNKNOWN_WORDS, code_both
from intake.handover.model import Declaration, Row


def declarations(
    interpreter: Mapping[str, Any],
    pseudonym: str,
    interviewer: str,
    lang: tuple[str, str],
    version_hash: str,
    korean: bool,
) -> list[Declaration]:
    """Each in Korean and English, the witness's language first."""
    return [
        Declaration(d.heading, d.texts if korean else d.texts[::-1], d.signer)
        for d in _declaration_texts(interpreter, pseudonym, interviewer, lang, version_hash)
    ]


def _declaration_texts(
    interp: Mapping[str, Any], pseudonym: str, interviewer: str, lang: tuple[str, str],
    version_hash: str,
) -> list[Declaration]:
    en_lang, ko_lang = lang
    witness = Declaration(
        "Witness's declaration / 증언자의 선언",
        [
            f"이 진술서는 제가 이해하는 언어({ko_lang})로 저에게 다시 읽어 주었습니다. 이 진술은 "
            "제가 아는 한, 그리고 기억하는 한 사실입니다. 저는 자발적으로 진술하였으며, 이 진술이 "
            "법적 절차에 사용될 수 있고 피고인 측에 공개될 수 있음을 알고 있습니다.",
            f"This statement was read back to me in a language I understand ({en_lang}). It is "
            "true to the best of my knowledge and recollection. I gave it voluntarily, and I know "
            "that it may be used in legal proceedings and disclosed to the defence.",
        ],
        f"Witness / 증언자: {pseudonym or '-'}",
    )
    declarations = [witness]
    if interp.get("used") == "yes":
        declarations.append(
            Declaration(
                "Interpreter's certification / 통역인의 확인",
                [
                    "본 통역인은 면담 중 증언자의 말과 면담자의 말을 충실하고 "
                    "정확하게 통역하였으며, 이 진술서를 증언자에게 증언자의 "
                    f"언어({ko_lang})로 다시 읽어 주었음을 확인합니다.",
                    "I certify that I interpreted faithfully and accurately between the "
                    "witness and the interviewer, and that I read this statement back to "
                    f"the witness in the witness's language ({en_lang}).",
                ],
                f"Interpreter / 통역인: {interp.get('interpreter_id') or '-'}",
            )
        )
    declarations.append(
        Declaration(
            "Interviewer's attestation / 면담자의 확인",
            [
                "본 면담자는 이 면담을 진행하였습니다. 이 진술서는 증언자가 말한 내용을 기록한 "
                "것이며, 증언자에게 다시 읽어 주었고 증언자가 본 면담자 앞에서 확인하였습니다. "
                f"봉인된 버전의 해시: {version_hash}",
                "I conducted this interview. This statement records what the witness said; it was "
                "read back to the witness, who confirmed it in my presence. "
                f"Hash of the sealed version: {version_hash}",
            ],
            f"Interviewer / 면담자: {interviewer}",
        )
    )
    return declarations


WITHHELD_REASONS = {
    **{
        f"permission_{code}": f"the witness's permission for this kind is '{code}'"
        f" / 이 종류에 대한 증언자의 허락이 '{YES_NO_UNKNOWN_WORDS[code]['ko']}'"
        for code in ("no", "unknown")
    },
    "permission_missing": "the permission for this kind was not answered"
    " / 이 종류에 대한 허락이 기록되지 않음",
    "protected_reference": "it belongs to withheld protected answers / 비공개 보호 정보에 속함",
}


def withheld_row(form: forms.Form, w: Mapping[str, str]) -> Row:
    """An attachment left out of the bundle: its id, kind and why (no name, no hash)."""
    kind = code_both(form, "file-kinds", w.get("kind"))
    why = WITHHELD_REASONS.get(w.get("reason", ""), w.get("reason", ""))
    return Row(f"Withheld / 제외됨: {w.get('id')}", f"{kind}\nnot in this bundle: {why}")
