"""The read models a KIM portal shows, each written once for every model store."""

from __future__ import annotations

from kimcore.domain.views.activities import ACTIVITY_REPORT, ActivityReport
from kimcore.domain.views.forums import FORUMS, ForumDirectory
from kimcore.domain.views.group_life import (
    GROUP_LIFE,
    MUSYAWARAH,
    OFFICERS,
    PRODUCTS,
    GroupLife,
    GroupStatus,
    group_status,
)
from kimcore.domain.views.groups import GROUP_FORUMS, GROUPS, MEMBERS, GroupRegistry
from kimcore.domain.views.mappings import (
    EVALUATIONS,
    MAPPING_REPORTS,
    MAPPINGS,
    PROGRAMMES,
    OfficeMapping,
)
from kimcore.domain.views.partnerships import PARTNERSHIPS, PartnershipRegistry

__all__ = [
    "ACTIVITY_REPORT",
    "EVALUATIONS",
    "FORUMS",
    "GROUPS",
    "GROUP_FORUMS",
    "GROUP_LIFE",
    "MAPPINGS",
    "MAPPING_REPORTS",
    "MEMBERS",
    "MUSYAWARAH",
    "OFFICERS",
    "PARTNERSHIPS",
    "PRODUCTS",
    "PROGRAMMES",
    "ActivityReport",
    "ForumDirectory",
    "GroupLife",
    "GroupRegistry",
    "GroupStatus",
    "OfficeMapping",
    "PartnershipRegistry",
    "group_status",
    "portal_models",
]

PortalModel = (
    GroupRegistry
    | ForumDirectory
    | PartnershipRegistry
    | ActivityReport
    | GroupLife
    | OfficeMapping
)


def portal_models() -> tuple[PortalModel, ...]:
    """One of each read model, ready to project."""
    return (
        GroupRegistry(),
        ForumDirectory(),
        PartnershipRegistry(),
        ActivityReport(),
        GroupLife(),
        OfficeMapping(),
    )
