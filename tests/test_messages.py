"""Every refusal can be said in Indonesian, with the same rule code."""

from __future__ import annotations

import pytest
from tests.builders import GROUP_ID, D, formed, member, run_group

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain.messages import RULES_ID, bilingual, indonesian


def _rule_classes() -> list[type[k.DomainError]]:
    found = [getattr(k.errors, n) for n in k.errors.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, k.DomainError)]


def test_every_rule_has_its_indonesian_statement() -> None:
    missing = sorted({cls.rule for cls in _rule_classes()} - set(RULES_ID))
    assert missing == []


def test_a_refusal_reads_in_both_languages_with_one_code() -> None:
    with pytest.raises(e.AlreadyMember) as refused:
        run_group(
            [formed()], k.JoinGroup(group_id=GROUP_ID, member=member(0), joined_on=D(2024, 2, 1))
        )
    english, bahasa = str(refused.value), indonesian(refused.value)
    assert english.startswith("[member-once] ")
    assert bahasa.startswith("[member-once] Seseorang hanya dapat tercatat sekali sebagai anggota")
    assert refused.value.detail not in bahasa  # Indonesian only: no English tail
    assert bilingual(refused.value) == f"{english} | {bahasa}"
