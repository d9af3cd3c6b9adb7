"""Refusals of a KIM's practice, its forum's governance and its office's mapping (art. 24).

Officers' terms, merging and splitting, forum governance, attended
activities and information products, and an office's mapping.

The tree (beside the one in [`kimcore.domain.errors`][kimcore.domain.errors])::

    GroupDissolvedError
    └── GroupEnded                    a merged or split group accepts no further commands
    OfficerRuleViolation
    └── OfficerTermInvalid            a term ends on or after the appointment
    LifecycleViolation
    ├── MergeRefused                  into another active group, never itself
    ├── SplitNotRecorded              a group split from another is named by its split
    └── RecodeRefused                 a seat is re-coded to a successor of its code
    ForumRuleViolation
    ├── BoardNeedsOneChair            a board has exactly one chair
    ├── UnknownMusyawarah             a board or removal cites a recorded musyawarah
    ├── DelegateNotMember             delegates come from the forum's members
    ├── ChairReplacementRefused       within a running term, by a new person, for a reason
    └── ForumAlreadyConfirmed
    ActivityRuleViolation
    ├── AdvocacyKindRequired          advocacy names litigation or paralegal help; others none
    ├── AttendedActivityMismatch      agrees with the organiser's record; not one's own
    └── ProductDetailsMissing         a product online has a URL, one offline a place
    MappingRuleViolation
    ├── MappedGroupNotRegistered      an office maps the KIMs registered with it
    ├── ReportOfUnmappedGroup         a report lists only KIMs the office mapped
    └── CoordinationRefused           a report of the province's own regencies and cities
"""

from __future__ import annotations

from kimcore.domain.errors import (
    ActivityRuleViolation,
    ForumRuleViolation,
    GroupDissolvedError,
    LifecycleViolation,
    OfficerRuleViolation,
)
from kimcore.vocabulary.errors import DomainError

__all__ = [
    "AdvocacyKindRequired",
    "AttendedActivityMismatch",
    "BoardNeedsOneChair",
    "ChairReplacementRefused",
    "CoordinationRefused",
    "DelegateNotMember",
    "ForumAlreadyConfirmed",
    "GroupEnded",
    "MappedGroupNotRegistered",
    "MappingRuleViolation",
    "MergeRefused",
    "OfficerTermInvalid",
    "ProductDetailsMissing",
    "RecodeRefused",
    "ReportOfUnmappedGroup",
    "SplitNotRecorded",
    "UnknownMusyawarah",
]


class GroupEnded(GroupDissolvedError):
    """A group that merged into another, or split without continuing, accepts no commands."""

    rule = "group-ended"


class OfficerTermInvalid(OfficerRuleViolation):
    """An officer's term ends after the appointment, and its decree is one that may appoint."""

    rule = "officer-term"


class MergeRefused(LifecycleViolation):
    """A group merges into another group that exists and is active, never into itself."""

    rule = "merge-target"


class SplitNotRecorded(LifecycleViolation):
    """A group formed from a split is named by that split, and formed on or after it."""

    rule = "split-origin"


class RecodeRefused(LifecycleViolation):
    """A seat is re-coded to a successor its region catalogue names (else within its district)."""

    rule = "recode"


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


class AdvocacyKindRequired(ActivityRuleViolation):
    """An advocacy activity names its kind (litigation or paralegal help); no other does."""

    rule = "advocacy-kind"


class AttendedActivityMismatch(ActivityRuleViolation):
    """An attended activity agrees with its organiser's record, and is not the party's own."""

    rule = "attended-activity"


class ProductDetailsMissing(ActivityRuleViolation):
    """An information product on a digital channel has a URL, one on an analog channel a place."""

    rule = "product-location"


class MappingRuleViolation(DomainError):
    """A rule on an office's mapping of its KIMs (Permenkominfo 4/2024 art. 24)."""


class MappedGroupNotRegistered(MappingRuleViolation):
    """An office maps only the KIMs registered with it."""

    rule = "mapping-registered"


class ReportOfUnmappedGroup(MappingRuleViolation):
    """A mapping report lists only KIMs the office mapped, on or before the report."""

    rule = "report-mapped"


class CoordinationRefused(MappingRuleViolation):
    """A province's office coordinates the recorded reports of its own regencies and cities."""

    rule = "coordination"
