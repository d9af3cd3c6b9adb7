"""The csr partnership type, as kimcore finds it: through the entry point only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kimcore_csr import CSR, CsrTerms

import kimcore as k
from kimcore.domain import errors

COMPANY = k.Partner(name="PT Sawit Makmur", sector=k.Sector.PRIVATE)
LANGKAI = k.Seat(
    region=k.Region(code="62.71.01.1002", name="Langkai"),
    settlement=k.Settlement.URBAN_WARD,
    area=k.Area.URBAN,
)
TERMS = CsrTerms(programme="Desa Digital", budget_idr=150_000_000, months=12, sdg_goal=4)


def sign(
    party: k.PartyRef, terms: object = TERMS, partner: k.Partner = COMPANY
) -> k.SignPartnership:
    return k.SignPartnership(
        party=party,
        partnership_id=uuid.uuid4(),
        partnership_type="csr",
        partner=partner,
        terms=terms,
        instrument=k.Instrument(
            kind=k.InstrumentKind.COOPERATION_AGREEMENT,
            number="PKS-7",
            signed_on=dt.date(2024, 9, 1),
        ),
        signed_on=dt.date(2024, 9, 1),
    )


def test_kimcore_finds_the_plugin_by_its_entry_point() -> None:
    k.get_plugins.cache_clear()
    contribution = next(
        c
        for c in k.get_plugins().contributions("kimcore_partnership_types")
        if c.record.name == "csr"
    )
    assert contribution.record is CSR
    assert contribution.plugin == "csr"
    assert contribution.package == "kimcore-csr 0.1.0"
    assert k.plugins.Plugins.load(disable=["csr"]).catalogue().partnership_types.keys() == {
        "analog",
        "experience",
        "regulation",
    }


def test_a_registered_kim_signs_a_csr_partnership(app: k.Application, kim: k.PartyRef) -> None:
    [recorded] = app.handle(sign(kim))
    assert recorded.event.partnership_type == "csr"
    assert recorded.event.terms == {
        "programme": "Desa Digital",
        "budget_idr": 150_000_000,
        "months": 12,
        "sdg_goal": 4,
    }


def test_only_a_private_company_is_a_csr_partner(app: k.Application, kim: k.PartyRef) -> None:
    agency = k.Partner(name="Dinas Kominfo", sector=k.Sector.GOVERNMENT)
    with pytest.raises(errors.PartnerSectorRefused, match="takes partners from private only"):
        app.handle(sign(kim, partner=agency))


def test_an_unregistered_kim_cannot_sign(app: k.Application) -> None:
    group_id = uuid.uuid4()
    app.handle(
        k.FormGroup(
            group_id=group_id,
            name="KIM Baru",
            seat=LANGKAI,
            founders=tuple(
                k.MemberDetails(
                    member_id=uuid.uuid4(), name=f"Warga {n}", category=k.MemberCategory.YOUTH
                )
                for n in range(3)
            ),
            formed_on=dt.date(2024, 1, 1),
        )
    )
    before = app.store.head_position()
    with pytest.raises(
        errors.RegistrationRequired, match="registered with its communication office"
    ):
        app.handle(sign(k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)))
    assert app.store.head_position() == before


def registered_history() -> k.domain.PartyHistory:
    return k.domain.PartyHistory(
        party_kind=k.PartyKind.GROUP,
        party_id=uuid.uuid4(),
        registered=True,
        activity_topics=frozenset(),
        activity_count=0,
    )


@given(
    budget=st.integers(-(10**12), 10**12),
    months=st.integers(-5, 100),
    sdg=st.none() | st.integers(-2, 20),
)
def test_terms_are_checked(budget: int, months: int, sdg: int | None) -> None:
    history = registered_history()
    terms = CsrTerms(programme="Literasi", budget_idr=budget, months=months, sdg_goal=sdg)
    valid = budget > 0 and 1 <= months <= 60 and (sdg is None or 1 <= sdg <= 17)
    if valid:
        CSR.check(terms, history)
    else:
        with pytest.raises(errors.PartnershipTermsInvalid):
            CSR.check(terms, history)


def test_blank_programme_and_wrong_types_are_refused() -> None:
    history = registered_history()
    for bad, message in [
        (CsrTerms(programme=" ", budget_idr=1, months=1), "must name its programme"),
        (CsrTerms(programme="x", budget_idr=True, months=1), "whole rupiah"),  # type: ignore[arg-type]
        (CsrTerms(programme="x", budget_idr=1, months=1.5), "whole months"),  # type: ignore[arg-type]
    ]:
        with pytest.raises(errors.PartnershipTermsInvalid, match=message):
            CSR.check(bad, history)
