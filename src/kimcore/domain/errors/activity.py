"""Refusals of an activity's rules, and of the information products a party publishes."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


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
