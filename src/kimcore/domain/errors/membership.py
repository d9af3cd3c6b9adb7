"""Refusals of the rules on who may be a KIM's member, and how many."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


class MembershipRuleViolation(DomainError):
    """A rule on who may be a member, and how many, was broken."""


class TooFewFounders(MembershipRuleViolation):
    """A group is formed with at least the minimum number of founding members."""

    rule = "min-founders"


class GroupFull(MembershipRuleViolation):
    """A join beyond the group's maximum number of members is refused."""

    rule = "max-members"


class AlreadyMember(MembershipRuleViolation):
    """A person is a member at most once at a time."""

    rule = "member-once"


class NotAMember(MembershipRuleViolation):
    """The person named is not a current member of the group."""

    rule = "not-a-member"


class GovernmentBodyRefused(MembershipRuleViolation):
    """No government body can found or be a member of a group, nor join a forum."""

    rule = "no-government-member"
