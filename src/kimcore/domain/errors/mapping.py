"""Refusals of an office's mapping of its KIMs (Permenkominfo 4/2024 art. 24)."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


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
