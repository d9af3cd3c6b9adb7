"""Refusals of a forum's rules: one per region and level, its members, board and governance."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


class ForumRuleViolation(DomainError):
    """A rule on forums, their members or their boards was broken."""


class ForumAlreadyActive(ForumRuleViolation):
    """At most one active forum per region and level."""

    rule = "one-forum-per-region"


class ForumNotActive(ForumRuleViolation):
    """The forum was never established or has been dissolved."""

    rule = "forum-not-active"


class OutsideForumRegion(ForumRuleViolation):
    """A forum admits only applicants seated in its own region."""

    rule = "forum-region"


class WrongApplicantLevel(ForumRuleViolation):
    """A forum admits only applicants of the level directly below it."""

    rule = "forum-level"


class AlreadyForumMember(ForumRuleViolation):
    """The applicant already belongs to this forum."""

    rule = "forum-member-once"


class NotForumMember(ForumRuleViolation):
    """The applicant does not belong to this forum."""

    rule = "not-forum-member"


class BoardTermInvalid(ForumRuleViolation):
    """A forum board's term must end after it starts."""

    rule = "board-term"


class BoardTermNotEnded(ForumRuleViolation):
    """A new board is installed only after the previous term ended."""

    rule = "board-term-overlap"


class ForumDecreeRequired(ForumRuleViolation):
    """[policy] A forum is established only with a government decree."""

    rule = "forum-decree"


class BoardNeedsOneChair(ForumRuleViolation):
    """A forum board has exactly one chair."""

    rule = "board-one-chair"


class UnknownMusyawarah(ForumRuleViolation):
    """A board elected, or a chair removed, by musyawarah cites one the forum recorded earlier."""

    rule = "musyawarah-recorded"


class DelegateNotMember(ForumRuleViolation):
    """A musyawarah's delegates come from the forum's current members."""

    rule = "musyawarah-delegates"


class ChairReplacementRefused(ForumRuleViolation):
    """A chair is replaced within a running term, by another person, for a stated reason."""

    rule = "chair-replacement"


class ForumAlreadyConfirmed(ForumRuleViolation):
    """A forum is confirmed by decree once."""

    rule = "forum-confirmed"


class ForumMemberEnded(NotForumMember):
    """A KIM that ended (dissolved, merged, split and gone) left its forums on that day."""

    rule = "forum-member-ended"


class BoardDecreeRequired(ForumRuleViolation):
    """[policy] A forum board is installed only with its term's decree (SK kepengurusan)."""

    rule = "board-decree"


class BoardRoleNotAtLevel(ForumRuleViolation):
    """A secretary-general sits on provincial and national boards only, one a board."""

    rule = "board-role-level"


class FoundingMusyawarahRefused(ForumRuleViolation):
    """A forum's founding musyawarah is recorded once, held on or before its establishment."""

    rule = "musyawarah-founding"
