"""Refusals about the aggregate a command addresses: unknown, already there, or ended."""

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
