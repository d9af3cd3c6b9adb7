"""The read models a KIM portal shows, each written once for every model store."""

from __future__ import annotations

from kimcore.domain.views.activities import ACTIVITY_REPORT, ActivityReport
from kimcore.domain.views.forums import FORUMS, ForumDirectory
from kimcore.domain.views.groups import GROUP_FORUMS, GROUPS, MEMBERS, GroupRegistry
from kimcore.domain.views.partnerships import PARTNERSHIPS, PartnershipRegistry

__all__ = [
    "ACTIVITY_REPORT",
    "FORUMS",
    "GROUPS",
    "GROUP_FORUMS",
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
