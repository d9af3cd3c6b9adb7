"""Typed errors the domain raises when a command breaks a rule, one module per family.

Every rule of ``shared/domain.md`` has its own class, so callers can catch
exactly the refusal they care about, and every message names the rule and the
offending value. Each family (a base and its rules) lives whole in the module of
its subject: ``group`` (the aggregate a command addresses, membership, officers,
the lifecycle), ``forum``, ``party`` (partnerships, activities and products) and
``mapping``; every one is here and in [`kimcore.errors`][kimcore.errors]. The
tree::

    DomainError                       any refusal by the domain
    ├── InvalidValue                  a value object or command field is malformed
    ├── UnknownAggregate              a command addresses a group/forum that was never created
    ├── AlreadyExists                 a create command addresses an existing aggregate
    ├── GroupDissolvedError           a dissolved group accepts no further commands
    │   └── GroupEnded                a merged or split group accepts no further commands
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
    │   ├── NotAnOfficer
    │   └── OfficerTermInvalid        a term ends on or after the appointment
    ├── LifecycleViolation
    │   ├── ConfirmationRequiresChair
    │   ├── AuthorityTooLow           the decree must come from at least a village head or lurah
    │   ├── RegistrationRequiresConfirmation
    │   ├── WrongRegistrationOffice   the office of the group's own regency or city
    │   ├── AlreadyConfirmed / AlreadyRegistered
    │   ├── DateBeforePrevious        a dated fact earlier than the fact it follows
    │   ├── DecreeOutsideRegion       a decree from an authority over another region
    │   ├── MergeRefused              into another active group, never itself
    │   ├── SplitNotRecorded          a group split from another is named by its split
    │   └── RecodeRefused             a seat is re-coded to a successor of its code
    ├── ForumRuleViolation
    │   ├── ForumAlreadyActive        at most one active forum per region and level
    │   ├── ForumNotActive
    │   ├── OutsideForumRegion        the applicant is not seated in the forum's region
    │   ├── WrongApplicantLevel       e.g. a group applying to a provincial forum
    │   ├── AlreadyForumMember / NotForumMember
    │   │   └── ForumMemberEnded      a KIM that ended left its forums
    │   ├── BoardTermInvalid          a board's term ends after it starts
    │   ├── BoardTermNotEnded         a new board only after the previous term ended
    │   ├── ForumDecreeRequired       where the policy asks a decree of every forum
    │   ├── BoardNeedsOneChair        a board has exactly one chair
    │   ├── UnknownMusyawarah         a board or removal cites a recorded musyawarah
    │   ├── DelegateNotMember         delegates come from the forum's members
    │   ├── ChairReplacementRefused   within a running term, by a new person, for a reason
    │   ├── ForumAlreadyConfirmed
    │   ├── BoardDecreeRequired       where the policy asks each term's board its decree
    │   ├── BoardRoleNotAtLevel       a secretary-general on provincial and national boards
    │   └── FoundingMusyawarahRefused once, on or before the establishment
    ├── PartnershipRuleViolation
    │   ├── UnknownPartnershipType
    │   ├── PartnershipTermsInvalid   the type's own rules (legal basis, topic, meetings…)
    │   ├── PartnerSectorRefused      the type takes partners of some sectors only
    │   ├── NoPriorActivityOnTopic    experience-based needs a prior activity on its topic
    │   ├── BelowMinimumCannotSign    a group below minimum signs no partnership
    │   ├── RegistrationRequired      only a registered KIM partners with a communication office
    │   ├── DuplicateActivePartnership
    │   ├── UnknownPartnership
    │   ├── PartnershipAlreadyEnded   an ended partnership hosts no new activities
    │   └── InstrumentRequired        the type asks for a signed instrument
    ├── PersonalDataError
    │   ├── UnknownSubject            forgetting a subject kimcore never held data of
    │   └── SubjectForgotten          a forgotten subject's data is not recorded again
    ├── ActivityRuleViolation
    │   ├── ActivityFunctionRequired  an activity names at least one ADINDA function
    │   ├── UnknownTechnique
    │   ├── DeliveryDetailsMissing    in person needs a place, online a link, hybrid both
    │   ├── PoliticalActivityRefused  the deployment's non-partisanship policy
    │   ├── AdvocacyKindRequired      advocacy names litigation or paralegal help; others none
    │   ├── AttendedActivityMismatch  agrees with the organiser's record; not one's own
    │   └── ProductDetailsMissing     a product online has a URL, one offline a place
    └── MappingRuleViolation
        ├── MappedGroupNotRegistered  an office maps the KIMs registered with it
        ├── ReportOfUnmappedGroup     a report lists only KIMs the office mapped
        ├── CoordinationRefused       a report of the province's own regencies and cities
        ├── GroupNotRegisteredWithOffice  programmes and evaluations: the office's KIMs
        ├── EvaluationOutsideProgramme    the cited programme is a monitoring one with the KIM
        └── EvaluationResultRequired      the deployment's policy: an evaluation gives a result
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.domain.errors.forum import (
    AlreadyForumMember,
    BoardDecreeRequired,
    BoardNeedsOneChair,
    BoardRoleNotAtLevel,
    BoardTermInvalid,
    BoardTermNotEnded,
    ChairReplacementRefused,
    DelegateNotMember,
    ForumAlreadyActive,
    ForumAlreadyConfirmed,
    ForumDecreeRequired,
    ForumMemberEnded,
    ForumNotActive,
    ForumRuleViolation,
    FoundingMusyawarahRefused,
    NotForumMember,
    OutsideForumRegion,
    UnknownMusyawarah,
    WrongApplicantLevel,
)
from kimcore.domain.errors.group import (
    AlreadyConfirmed,
    AlreadyExists,
    AlreadyMember,
    AlreadyRegistered,
    AuthorityTooLow,
    ChairAlreadyAppointed,
    ConfirmationRequiresChair,
    CoreOfficeConflict,
    DateBeforePrevious,
    DecreeOutsideRegion,
    GovernmentBodyRefused,
    GroupDissolvedError,
    GroupEnded,
    GroupFull,
    LifecycleViolation,
    MembershipRuleViolation,
    MergeRefused,
    NotAMember,
    NotAnOfficer,
    OfficerMustBeMember,
    OfficerRuleViolation,
    OfficerTermInvalid,
    PostAlreadyHeld,
    RecodeRefused,
    RegistrationRequiresConfirmation,
    SplitNotRecorded,
    TooFewFounders,
    UnknownAggregate,
    WrongRegistrationOffice,
)
from kimcore.domain.errors.mapping import (
    CoordinationRefused,
    EvaluationOutsideProgramme,
    EvaluationResultRequired,
    GroupNotRegisteredWithOffice,
    MappedGroupNotRegistered,
    MappingRuleViolation,
    ReportOfUnmappedGroup,
)
from kimcore.domain.errors.party import (
    ActivityFunctionRequired,
    ActivityRuleViolation,
    AdvocacyKindRequired,
    AttendedActivityMismatch,
    BelowMinimumCannotSign,
    DeliveryDetailsMissing,
    DuplicateActivePartnership,
    InstrumentRequired,
    NoPriorActivityOnTopic,
    PartnerSectorRefused,
    PartnershipAlreadyEnded,
    PartnershipRuleViolation,
    PartnershipTermsInvalid,
    PoliticalActivityRefused,
    ProductDetailsMissing,
    RegistrationRequired,
    UnknownPartnership,
    UnknownPartnershipType,
    UnknownTechnique,
)
from kimcore.vocabulary.errors import (
    DomainError,
    InvalidValue,
    PersonalDataError,
    SubjectForgotten,
    UnknownSubject,
)

__all__ = [
    "ActivityFunctionRequired",
    "ActivityRuleViolation",
    "AdvocacyKindRequired",
    "AlreadyConfirmed",
    "AlreadyExists",
    "AlreadyForumMember",
    "AlreadyMember",
    "AlreadyRegistered",
    "AttendedActivityMismatch",
    "AuthorityTooLow",
    "BelowMinimumCannotSign",
    "BoardDecreeRequired",
    "BoardNeedsOneChair",
    "BoardRoleNotAtLevel",
    "BoardTermInvalid",
    "BoardTermNotEnded",
    "ChairAlreadyAppointed",
    "ChairReplacementRefused",
    "ConfirmationRequiresChair",
    "CoordinationRefused",
    "CoreOfficeConflict",
    "DateBeforePrevious",
    "DecreeOutsideRegion",
    "DelegateNotMember",
    "DeliveryDetailsMissing",
    "DomainError",
    "DuplicateActivePartnership",
    "EvaluationOutsideProgramme",
    "EvaluationResultRequired",
    "ForumAlreadyActive",
    "ForumAlreadyConfirmed",
    "ForumDecreeRequired",
    "ForumMemberEnded",
    "ForumNotActive",
    "ForumRuleViolation",
    "FoundingMusyawarahRefused",
    "GovernmentBodyRefused",
    "GroupDissolvedError",
    "GroupEnded",
    "GroupFull",
    "GroupNotRegisteredWithOffice",
    "InstrumentRequired",
    "InvalidValue",
    "LifecycleViolation",
    "MappedGroupNotRegistered",
    "MappingRuleViolation",
    "MembershipRuleViolation",
    "MergeRefused",
    "NoPriorActivityOnTopic",
    "NotAMember",
    "NotAnOfficer",
    "NotForumMember",
    "OfficerMustBeMember",
    "OfficerRuleViolation",
    "OfficerTermInvalid",
    "OutsideForumRegion",
    "PartnerSectorRefused",
    "PartnershipAlreadyEnded",
    "PartnershipRuleViolation",
    "PartnershipTermsInvalid",
    "PersonalDataError",
    "PoliticalActivityRefused",
    "PostAlreadyHeld",
    "ProductDetailsMissing",
    "RecodeRefused",
    "RegistrationRequired",
    "RegistrationRequiresConfirmation",
    "ReportOfUnmappedGroup",
    "SplitNotRecorded",
    "SubjectForgotten",
    "TooFewFounders",
    "UnknownAggregate",
    "UnknownMusyawarah",
    "UnknownPartnership",
    "UnknownPartnershipType",
    "UnknownSubject",
    "UnknownTechnique",
    "WrongApplicantLevel",
    "WrongRegistrationOffice",
]

__getattr__ = _deprecated.old_names(__name__)
