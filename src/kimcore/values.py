"""Every value object and enumeration of the KIM domain, under one name.

Regions and seats, members and their backgrounds, posts, decrees, partners,
instruments, channels, activities' deliveries and functions, forum levels and
board seats; the reasons and bases events record; the stages and standing a
group's state reports.
"""

from __future__ import annotations

from kimcore.domain.group_state import (
    GroupStage,
    Standing,
)
from kimcore.domain.identity import (
    AggregateRef,
)
from kimcore.events.group import (
    LeaveReason,
    ReliefReason,
)
from kimcore.events.personal import (
    ErasureBasis,
    ErasureRequester,
)
from kimcore.vocabulary.values import (
    AdindaFunction,
    Area,
    Authority,
    BoardRole,
    BoardSeat,
    Channel,
    ChannelKind,
    CommunicationOffice,
    CompetitionLevel,
    CompetitionResult,
    Decree,
    Delivery,
    ForumLevel,
    GroupKind,
    Instrument,
    InstrumentKind,
    MemberCategory,
    MemberDetails,
    MemberKind,
    MembershipBounds,
    OfficerRole,
    Partner,
    PartyKind,
    PartyRef,
    Post,
    Region,
    RegionLevel,
    Seat,
    Sector,
    Settlement,
)

__all__ = [
    "AdindaFunction",
    "AggregateRef",
    "Area",
    "Authority",
    "BoardRole",
    "BoardSeat",
    "Channel",
    "ChannelKind",
    "CommunicationOffice",
    "CompetitionLevel",
    "CompetitionResult",
    "Decree",
    "Delivery",
    "ErasureBasis",
    "ErasureRequester",
    "ForumLevel",
    "GroupKind",
    "GroupStage",
    "Instrument",
    "InstrumentKind",
    "LeaveReason",
    "MemberCategory",
    "MemberDetails",
    "MemberKind",
    "MembershipBounds",
    "OfficerRole",
    "Partner",
    "PartyKind",
    "PartyRef",
    "Post",
    "Region",
    "RegionLevel",
    "ReliefReason",
    "Seat",
    "Sector",
    "Settlement",
    "Standing",
]
