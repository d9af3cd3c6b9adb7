"""Typed errors the domain raises when a command breaks a rule.

Every rule of ``shared/domain.md`` has its own class, so callers can catch
exactly the refusal they care about, and every message names the rule and the
offending value. The tree::

    DomainError                       any refusal by the domain
    ├── InvalidValue                  a value object or command field is malformed
    ├── UnknownAggregate              a command addresses a group/forum that was never created
    ├── AlreadyExists                 a create command addresses an existing aggregate
    ├── GroupDissolvedError           a dissolved group accepts no further commands
    ├── MembershipRuleViolation
    │   ├── TooFewFounders            a group is formed with fewer than the minimum
    │   ├── GroupFull                 a join beyond the maximum
    │   ├── AlreadyMember             a person is a member at most once at a time
    │   ├── NotAMember                the person is not a current member
    │   └── GovernmentBodyRefused     no government body founds or joins a group or forum
    ├── OfficerRuleViolation
    │   ├── OfficerMustBeMember
    │   ├── ChairAlreadyAppointed     exactly one chair at a time
    │   ├── CoreOfficeConflict        one person holds at most one of chair/secretary/treasurer
    │   ├── PostAlreadyHeld           the member holds that post already
    │   └── NotAnOfficer
    ├── LifecycleViolation
    │   ├── ConfirmationRequiresChair
    │   ├── AuthorityTooLow           the decree must come from at least a village head or lurah
    │   ├── RegistrationRequiresConfirmation
    │   ├── WrongRegistrationOffice   the office of the group's own regency or city
    │   ├── AlreadyConfirmed / AlreadyRegistered
    │   └── DateBeforePrevious        a dated fact earlier than the fact it follows
    ├── ForumRuleViolation
    │   ├── ForumAlreadyActive        at most one active forum per region and level
    │   ├── ForumNotActive
    │   ├── OutsideForumRegion        the applicant is not seated in the forum's region
    │   ├── WrongApplicantLevel       e.g. a group applying to a provincial forum
    │   ├── AlreadyForumMember / NotForumMember
    │   ├── BoardTermInvalid          a board's term ends after it starts
    │   └── BoardTermNotEnded         a new board only after the previous term ended
    ├── PartnershipRuleViolation
    │   ├── UnknownPartnershipType
    │   ├── PartnershipTermsInvalid   the type's own rules (legal basis, topic, meetings…)
    │   ├── PartnerSectorRefused      the type takes partners of some sectors only
    │   ├── NoPriorActivityOnTopic    experience-based needs a prior activity on its topic
    │   ├── BelowMinimumCannotSign    a group below minimum signs no partnership
    │   ├── RegistrationRequired      only a registered KIM partners with a communication office
    │   ├── DuplicateActivePartnership
    │   ├── UnknownPartnership
    │   └── PartnershipEnded          an ended partnership hosts no new activities
    ├── PersonalDataError
    │   ├── UnknownSubject            forgetting a subject kimcore never held data of
    │   └── SubjectForgotten          a forgotten subject's data is not recorded again
    └── ActivityRuleViolation
        ├── UnknownTechnique
        ├── DeliveryDetailsMissing    in person needs a place, online a link, hybrid both
        └── PoliticalActivityRefused  the deployment's non-partisanship policy
"""

from __future__ import annotations

# The bases live in the shared vocabulary; they stay importable from here.
from kimcore.vocabulary.errors import DomainError as DomainError  # noqa: PLC0414 - re-exported
from kimcore.vocabulary.errors import InvalidValue as InvalidValue  # noqa: PLC0414 - re-exported
from kimcore.vocabulary.errors import PersonalDataError as PersonalDataError  # noqa: PLC0414 - re-exported
from kimcore.vocabulary.errors import SubjectForgotten as SubjectForgotten  # noqa: PLC0414 - re-exported
from kimcore.vocabulary.errors import UnknownSubject as UnknownSubject  # noqa: PLC0414 - re-exported

__all__ = [
    "ActivityFunctionRequired",
    "ActivityRuleViolation",
    "AlreadyConfirmed",
    "AlreadyExists",
    "AlreadyForumMember",
    "AlreadyMember",
    "AlreadyRegistered",
    "AuthorityTooLow",
    "BelowMinimumCannotSign",
    "BoardTermInvalid",
    "BoardTermNotEnded",
    "ChairAlreadyAppointed",
    "ConfirmationRequiresChair",
    "CoreOfficeConflict",
    "DateBeforePrevious",
    "DecreeOutsideRegion",
    "DeliveryDetailsMissing",
    "DuplicateActivePartnership",
    "ForumAlreadyActive",
    "ForumDecreeRequired",
    "ForumNotActive",
    "ForumRuleViolation",
    "GovernmentBodyRefused",
    "GroupDissolvedError",
    "GroupFull",
    "InstrumentRequired",
    "LifecycleViolation",
    "MembershipRuleViolation",
    "NoPriorActivityOnTopic",
    "NotAMember",
    "NotAnOfficer",
    "NotForumMember",
    "OfficerMustBeMember",
    "OfficerRuleViolation",
    "OutsideForumRegion",
    "PartnerSectorRefused",
    "PartnershipEnded",
    "PartnershipRuleViolation",
    "PartnershipTermsInvalid",
    "PoliticalActivityRefused",
    "PostAlreadyHeld",
    "RegistrationRequired",
    "RegistrationRequiresConfirmation",
    "TooFewFounders",
    "UnknownAggregate",
    "UnknownPartnership",
    "UnknownPartnershipType",
    "UnknownTechnique",
    "WrongApplicantLevel",
    "WrongRegistrationOffice",
]


class UnknownAggregate(DomainError):
    """The command addresses a group, forum or partnership that does not exist."""

    rule = "unknown-aggregate"


class AlreadyExists(DomainError):
    """A creating command addresses an aggregate that already exists."""

    rule = "already-exists"


class GroupDissolvedError(DomainError):
    """A dissolved group accepts no further commands."""

    rule = "group-dissolved"


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


class PartnershipRuleViolation(DomainError):
    """A rule on partnerships (kemitraan) was broken."""


class UnknownPartnershipType(PartnershipRuleViolation):
    """No partnership type of that name is registered."""

    rule = "partnership-type"


class PartnershipTermsInvalid(PartnershipRuleViolation):
    """The terms do not satisfy the partnership type's own rules."""

    rule = "partnership-terms"


class PartnerSectorRefused(PartnershipRuleViolation):
    """The partnership type takes partners of some sectors only (a CSR programme: private)."""

    rule = "partnership-partner-sector"


class NoPriorActivityOnTopic(PartnershipRuleViolation):
    """An experience-based partnership needs a prior activity on its topic."""

    rule = "experience-needs-activity"


class BelowMinimumCannotSign(PartnershipRuleViolation):
    """A group below its minimum membership cannot sign partnerships."""

    rule = "below-minimum-no-partnership"


class RegistrationRequired(PartnershipRuleViolation):
    """Only a registered KIM may partner with a government communication office."""

    rule = "registered-for-office-partnership"


class DuplicateActivePartnership(PartnershipRuleViolation):
    """The same parties cannot hold two active partnerships of one type."""

    rule = "partnership-once-while-active"


class UnknownPartnership(PartnershipRuleViolation):
    """No partnership with that id was signed by this party."""

    rule = "unknown-partnership"


class PartnershipEnded(PartnershipRuleViolation):
    """An ended partnership can neither end again nor host new activities."""

    rule = "partnership-ended"


class ActivityRuleViolation(DomainError):
    """A rule on activities was broken."""


class ActivityFunctionRequired(ActivityRuleViolation):
    """[policy] Every activity names at least one ADINDA function."""

    rule = "activity-function"


class InstrumentRequired(PartnershipRuleViolation):
    """[policy] Every partnership cites a signed instrument (MoU, PKS, decree)."""

    rule = "partnership-instrument"


class DecreeOutsideRegion(LifecycleViolation):
    """A decree reaches only what lies in its issuing office's region."""

    rule = "decree-region"


class ForumDecreeRequired(ForumRuleViolation):
    """[policy] A forum is established only with a government decree."""

    rule = "forum-decree"


class UnknownTechnique(ActivityRuleViolation):
    """The activity's technique is not registered."""

    rule = "activity-technique"


class DeliveryDetailsMissing(ActivityRuleViolation):
    """In person needs a place, online a link, hybrid both."""

    rule = "activity-delivery"


class PoliticalActivityRefused(ActivityRuleViolation):
    """The deployment's non-partisanship policy refuses political campaigning."""

    rule = "non-partisan"
