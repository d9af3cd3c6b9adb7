"""A deployment's policy: membership bounds, non-partisanship, and its catalogue."""

from __future__ import annotations

import attrs

from kimcore.domain.catalogue import Catalogue
from kimcore.domain.rules import Rules
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.members import MembershipBounds

__all__ = ["POLITICAL_CAMPAIGN_TAG", "Policy"]

POLITICAL_CAMPAIGN_TAG = "political_campaign"


@attrs.frozen(kw_only=True)
class Policy:
    """Settings a deployment (a province's or regency's office) may choose.

    ``bounds`` apply to groups formed under this policy and are recorded in
    their ``GroupFormed`` event, so changing the policy later never changes
    the standing of an existing group. With ``refuse_political_campaigning``,
    activities tagged with any of ``political_tags`` are refused (KIMs are
    expected to stay non-partisan); it is off by default. ``rules`` switches
    the rules kimcore made up (:class:`~kimcore.domain.rules.Rules`).
    """

    bounds: MembershipBounds = attrs.field(
        factory=MembershipBounds, validator=v.of_type(MembershipBounds)
    )
    refuse_political_campaigning: bool = attrs.field(default=False, validator=v.of_type(bool))
    political_tags: frozenset[str] = attrs.field(
        default=frozenset({POLITICAL_CAMPAIGN_TAG}), validator=v.frozenset_of(str)
    )
    catalogue: Catalogue = attrs.field(factory=Catalogue.default, validator=v.of_type(Catalogue))
    rules: Rules = attrs.field(factory=Rules, validator=v.of_type(Rules))
