"""The ``csr`` partnership type: a company funds a programme a registered KIM runs."""

from __future__ import annotations

import attrs

from kimcore.domain.errors import PartnershipTermsInvalid, RegistrationRequired
from kimcore.domain.partnership_types import PartnershipType, PartyHistory, require_text
from kimcore.vocabulary.partners import Sector

__all__ = ["CSR", "CsrTerms", "check_csr"]


@attrs.frozen(kw_only=True)
class CsrTerms:
    """What a CSR programme commits to."""

    programme: str
    budget_idr: int
    months: int
    sdg_goal: int | None = None


def check_csr(terms: CsrTerms, history: PartyHistory) -> None:
    """The programme is named and funded, runs 1-60 months, and the party is registered."""
    require_text("csr", "programme", terms.programme)
    if isinstance(terms.budget_idr, bool) or not isinstance(terms.budget_idr, int):
        raise PartnershipTermsInvalid(f"a csr budget is whole rupiah, got {terms.budget_idr!r}")
    if terms.budget_idr <= 0:
        raise PartnershipTermsInvalid(f"a csr programme needs a budget, got {terms.budget_idr}")
    if isinstance(terms.months, bool) or not isinstance(terms.months, int):
        raise PartnershipTermsInvalid(f"a csr programme runs whole months, got {terms.months!r}")
    if not 1 <= terms.months <= 60:
        raise PartnershipTermsInvalid(f"a csr programme runs 1 to 60 months, got {terms.months}")
    if terms.sdg_goal is not None and terms.sdg_goal not in range(1, 18):
        raise PartnershipTermsInvalid(f"sdg_goal is one of the 17 goals, got {terms.sdg_goal!r}")
    if not history.registered:
        raise RegistrationRequired(
            f"a csr partnership needs a {history.party_kind.value} registered with its"
            " communication office"
        )


CSR = PartnershipType(
    name="csr",
    description="Corporate social responsibility (TJSL): a private company funds a programme"
    " the KIM runs, for a set budget and time.",
    terms_type=CsrTerms,
    check=check_csr,
    partner_sectors=frozenset({Sector.PRIVATE}),
)
