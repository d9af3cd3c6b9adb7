"""Refusals of an office's mapping of its KIMs and its partnership with them (PM 4/2024 art. 24)."""

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


class GroupNotRegisteredWithOffice(MappingRuleViolation):
    """An office's partnership programmes and evaluations are with the KIMs registered with it."""

    rule = "office-registered"


class EvaluationOutsideProgramme(MappingRuleViolation):
    """An evaluation cites a monitoring and evaluation programme of its office that had its KIM."""

    rule = "evaluation-programme"


class EvaluationResultRequired(MappingRuleViolation):
    """The deployment's policy ``evaluation_needs_result``: every evaluation gives a result."""

    rule = "evaluation-result"
