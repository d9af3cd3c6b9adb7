"""Who a forum may admit (or seat at its founding musyawarah): level, region, still active.

[practice] Forums are formed by delegates of the level below: district and
regency/city forums admit KIMs seated in their region, a provincial forum the
regency/city forums of its province, the national forum the provincial forums.
Some regencies build their forum from its district forums instead (Kab.
Bandung, 2024): [policy] ``regency_forum_of_district_forums`` (off) makes a
regency/city forum admit the district forums of its regency and no KIM.
"""

from __future__ import annotations

from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import (
    GovernmentBodyRefused,
    GroupDissolvedError,
    OutsideForumRegion,
    UnknownAggregate,
    WrongApplicantLevel,
)
from kimcore.domain.forum_state import Applicant, ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.domain.rules import Rules
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.parties import PartyKind, PartyRef

__all__ = ["admits", "applicant_of", "check_eligible"]

# Which applicants each level admits: groups below the province, forums above.
_ADMITS: dict[ForumLevel, tuple[PartyKind, ForumLevel | None]] = {
    ForumLevel.DISTRICT: (PartyKind.GROUP, None),
    ForumLevel.REGENCY: (PartyKind.GROUP, None),
    ForumLevel.PROVINCE: (PartyKind.FORUM, ForumLevel.REGENCY),
    ForumLevel.NATIONAL: (PartyKind.FORUM, ForumLevel.PROVINCE),
}


def admits(level: ForumLevel, rules: Rules) -> tuple[PartyKind, ForumLevel | None]:
    """The kind of party (and, for a forum, its level) a forum at *level* admits."""
    if level is ForumLevel.REGENCY and rules.regency_forum_of_district_forums:
        return PartyKind.FORUM, ForumLevel.DISTRICT
    return _ADMITS[level]


def applicant_of(ref: PartyRef, context: DecisionContext) -> Applicant | None:
    """What the forum knows of *ref* from its own stream (``None``: unknown or government)."""
    if ref.kind is PartyKind.GOVERNMENT_BODY:
        return None  # refused by kind
    state = context.load(AggregateRef(kind=ref.kind.value, id=ref.id))
    if isinstance(state, GroupState):
        return Applicant(
            ref=ref, region=state.seat.region, forum_level=None, active=not state.closed
        )
    if isinstance(state, ForumState):
        return state.as_applicant()
    # A scenario of the testing kit loads the applicant as the forum sees it.
    return state if isinstance(state, Applicant) else None


def check_eligible(state: ForumState, ref: PartyRef, context: DecisionContext) -> Applicant:
    """The applicant *ref*, if the forum may admit it: right kind and level, in region, active."""
    applicant = applicant_of(ref, context)
    if ref.kind is PartyKind.GOVERNMENT_BODY:
        raise GovernmentBodyRefused(
            f"{ref.id} is a government body; a forum has no hierarchical relation with government"
        )
    if applicant is None or applicant.ref != ref:
        raise UnknownAggregate(f"no {ref.kind.value} {ref.id} is known to apply")
    if not applicant.active:
        raise GroupDissolvedError(f"the {ref.kind.value} {ref.id} is dissolved")
    kind, level = admits(state.level, context.policy.rules)
    if ref.kind is not kind or applicant.forum_level is not level:
        wanted = kind.value if level is None else f"{level.value} {kind.value}"
        got = (
            ref.kind.value
            if applicant.forum_level is None
            else (f"{applicant.forum_level.value} {ref.kind.value}")
        )
        policy = (
            " (policy: regency_forum_of_district_forums)"
            if state.level is (ForumLevel.REGENCY)
            and context.policy.rules.regency_forum_of_district_forums
            else ""
        )
        raise WrongApplicantLevel(
            f"a {state.level.value} forum admits a {wanted}, not a {got}{policy}"
        )
    if not state.region.contains(applicant.region):
        raise OutsideForumRegion(
            f"{ref.kind.value} {ref.id} is seated in {applicant.region.code!r}, outside"
            f" {state.region.code!r}"
        )
    return applicant
