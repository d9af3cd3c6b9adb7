"""Refusals of what any party signs and does: partnerships, activities and products.

- partnerships: the type, its terms, the partner, the instrument and the party's standing;
- activities: their technique, functions, delivery and policy; attended activities; products.
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.vocabulary.errors import DomainError


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


class PartnershipAlreadyEnded(PartnershipRuleViolation):
    """An ended partnership can neither end again nor host new activities."""

    rule = "partnership-ended"


class InstrumentRequired(PartnershipRuleViolation):
    """[policy] Every partnership cites a signed instrument (MoU, PKS, decree)."""

    rule = "partnership-instrument"


class ActivityRuleViolation(DomainError):
    """A rule on activities was broken."""


class ActivityFunctionRequired(ActivityRuleViolation):
    """[policy] Every activity names at least one ADINDA function."""

    rule = "activity-function"


class UnknownTechnique(ActivityRuleViolation):
    """The activity's technique is not registered."""

    rule = "activity-technique"


class DeliveryDetailsMissing(ActivityRuleViolation):
    """In person needs a place, online a link, hybrid both."""

    rule = "activity-delivery"


class PoliticalActivityRefused(ActivityRuleViolation):
    """The deployment's non-partisanship policy refuses political campaigning."""

    rule = "non-partisan"


class AdvocacyKindRequired(ActivityRuleViolation):
    """An advocacy activity names its kind (litigation or paralegal help); no other does."""

    rule = "advocacy-kind"


class AttendedActivityMismatch(ActivityRuleViolation):
    """An attended activity agrees with its organiser's record, and is not the party's own."""

    rule = "attended-activity"


class ProductDetailsMissing(ActivityRuleViolation):
    """An information product on a digital channel has a URL, one on an analog channel a place."""

    rule = "product-location"


__getattr__ = _deprecated.old_names(__name__)
