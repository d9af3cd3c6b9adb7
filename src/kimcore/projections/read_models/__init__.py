"""The read models a KIM portal shows, each written once for every model store."""

from __future__ import annotations

from kimcore.projections.read_models.activities import ACTIVITY_REPORT, ActivityReport
from kimcore.projections.read_models.forums import FORUMS, ForumDirectory
from kimcore.projections.read_models.groups import GROUPS, MEMBERS, GroupRegistry
from kimcore.projections.read_models.partnerships import PARTNERSHIPS, PartnershipRegistry

__all__ = [
    "ACTIVITY_REPORT",
    "FORUMS",
    "GROUPS",
    "MEMBERS",
    "PARTNERSHIPS",
    "ActivityReport",
    "ForumDirectory",
    "GroupRegistry",
    "PartnershipRegistry",
    "portal_models",
]


def portal_models() -> tuple[GroupRegistry, ForumDirectory, PartnershipRegistry, ActivityReport]:
    """One of each read model, ready to project."""
    return (GroupRegistry(), ForumDirectory(), PartnershipRegistry(), ActivityReport())
