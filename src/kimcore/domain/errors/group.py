"""Refusals on a KIM's own stream, family by family.

- the aggregate a command addresses (unknown, already there, dissolved or ended);
- membership: who may be a member, and how many;
- officers: members, one chair, one core post each, terms;
- the lifecycle: confirmation, registration, decrees, merges, splits and re-coding.
"""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


class UnknownAggregate(DomainError):
    """The command addresses a group, forum or partnership that does not exist."""

    rule = "unknown-aggregate"


class AlreadyExists(DomainError):
    """A creating command addresses an aggregate that already exists."""

    rule = "already-exists"


class GroupDissolvedError(DomainError):
    """A dissolved group accepts no further commands."""

    rule = "group-dissolved"


class GroupEnded(GroupDissolvedError):
    """A group that merged into another, or split without continuing, accepts no commands."""

    rule = "group-ended"


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


class LifecycleViolation(DomainError):
    """A step of formed → confirmed → registered was taken out of order."""


class ConfirmationRequiresChair(LifecycleViolation):
    """A group is confirmed by decree only when it has a chair."""

    rule = "confirm-needs-chair"


class AuthorityTooLow(LifecycleViolation):
    """A decree must be issued by at least a village head or lurah."""

    rule = "decree-authority"


class RegistrationRequiresConfirmation(LifecycleViolation):
    """A group is registered with the communication office only once confirmed."""

    rule = "register-needs-confirmation"


class WrongRegistrationOffice(LifecycleViolation):
    """A group registers with the communication office of its own regency or city."""

    rule = "registration-office"


class AlreadyConfirmed(LifecycleViolation):
    """The group was confirmed already."""

    rule = "confirmed-once"


class AlreadyRegistered(LifecycleViolation):
    """The group was registered already."""

    rule = "registered-once"


class DateBeforePrevious(LifecycleViolation):
    """A dated fact cannot precede the fact it depends on."""

    rule = "date-order"


class DecreeOutsideRegion(LifecycleViolation):
    """A decree reaches only what lies in its issuing office's region."""

    rule = "decree-region"


class MergeRefused(LifecycleViolation):
    """A group merges into another group that exists and is active, never into itself."""

    rule = "merge-target"


class SplitNotRecorded(LifecycleViolation):
    """A group formed from a split is named by that split, and formed on or after it."""

    rule = "split-origin"


class RecodeRefused(LifecycleViolation):
    """A seat is re-coded to a successor its region catalogue names (else within its district)."""

    rule = "recode"
