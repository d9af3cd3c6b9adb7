"""Refusals of the rules on a KIM's officers: members, one chair, one core post each, terms."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


class OfficerRuleViolation(DomainError):
    """A rule on the group's officers (pengurus) was broken."""


class OfficerMustBeMember(OfficerRuleViolation):
    """Officers must be current members."""

    rule = "officer-is-member"


class ChairAlreadyAppointed(OfficerRuleViolation):
    """Exactly one chair at a time."""

    rule = "one-chair"


class CoreOfficeConflict(OfficerRuleViolation):
    """One person holds at most one of chair, secretary and treasurer."""

    rule = "one-core-office"


class PostAlreadyHeld(OfficerRuleViolation):
    """The member holds that post already."""

    rule = "post-held"


class NotAnOfficer(OfficerRuleViolation):
    """The member does not hold the office named."""

    rule = "not-an-officer"


class OfficerTermInvalid(OfficerRuleViolation):
    """An officer's term ends after the appointment, and its decree is one that may appoint."""

    rule = "officer-term"
