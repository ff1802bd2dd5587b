"""Merge proposals at scale (issue 22): the indexed proposals are exactly the all-pairs ones
(same pairs, same scores, same order) on a few thousand seeded spellings of facilities and
units, with merges and "keep apart" in the vault; the all-pairs reference runs on a part."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.archive import entities
from intake.vault import Vault
from tests.conftest import make_vault
from tests.spellings_data import acts, all_pairs, spellings


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    v: Vault = make_vault(Path(tmp_path_factory.mktemp("proposals")) / "archive")
    return v


@pytest.mark.parametrize("kind", entities.KINDS)
def test_proposals_equal_all_pairs(vault: Vault, kind: str) -> None:
    names = spellings(kind, 3000)
    every = acts(kind, names)
    proposed = entities.proposals(vault, kind, every)
    # Over the few thousand: each spelling and each pair once, the best first.
    assert len({(p.spelling, p.target) for p in proposed}) == len(proposed) > 3000
    assert [p.score for p in proposed] == sorted((p.score for p in proposed), reverse=True)
    part = every[:400]
    proposed = entities.proposals(vault, kind, part)
    assert proposed == all_pairs(vault, kind, part)
    hangul = {p.spelling for p in proposed if any("\uac00" <= c <= "\ud7a3" for c in p.spelling)}
    assert hangul and any(p.target.startswith("kp-") for p in proposed)  # gazetteer too
    assert any(p.score < 0.8 for p in proposed) and any(p.score == 1.0 for p in proposed)

    # The reviewer's merges and "keep apart" leave the same out of both.
    first, second = proposed[0], proposed[len(proposed) // 2]
    entities.merge(vault, kind, first.spelling, first.target)
    entities.keep_apart(vault, kind, second.spelling, second.target)
    after = entities.proposals(vault, kind, part)
    assert after == all_pairs(vault, kind, part)
    assert {(first.spelling, first.target), (second.spelling, second.target)}.isdisjoint(
        (p.spelling, p.target) for p in after)


def test_names_without_name_tokens_meet_by_number_and_kind(vault: Vault) -> None:
    """Names with only a number and a kind ("15호 관리소") are compared through the numbers."""
    names = [("15호 관리소", ""), ("", "Kwanliso 15"), ("14호 관리소", ""), ("15호 교화소", ""),
             ("요덕 15호 관리소", ""), ("관리소", ""), ("", "Camp No. 15")]
    every = acts("facility", names)
    proposed = entities.proposals(vault, "facility", every)
    assert proposed == all_pairs(vault, "facility", every)
    pairs = {(p.spelling, p.target) for p in proposed}
    k = entities.spelling_key
    assert (k("15호 관리소"), k("kwanliso 15")) in pairs
    assert (k("15호 관리소"), k("요덕 15호 관리소")) in pairs
    assert (k("14호 관리소"), "kp-kwanliso-14") in pairs  # the gazetteer's camp 14
    others = {k("14호 관리소"), k("15호 교화소"), k("관리소"), k("camp no. 15")}
    assert not any({s, t} & others and t.startswith("new:") for s, t in pairs)
