"""The event contract: every event class, its stable name and version, the codec, envelopes.

Events are immutable facts named by [`event_type`][kimcore.events.event_type] (the name is stored,
never the class's path) and versioned; older stored versions are upcast on read
([`Upcasters`][kimcore.events.Upcasters]). The codec seals personal fields under their subjects'
keys. ``docs/events.md`` lists every event and its fields.
"""

from __future__ import annotations

from kimcore.events.base import (
    Event,
    event_type,
)
from kimcore.events.codec import (
    Codec,
)
from kimcore.events.envelope import (
    Metadata,
    NewEvent,
    RecordedEvent,
    StoredEvent,
)
from kimcore.events.forum import (
    ForumBoardInstalled,
    ForumCompetitionResultRecorded,
    ForumDissolved,
    ForumEstablished,
    ForumMemberAdmitted,
    ForumMemberWithdrew,
)
from kimcore.events.group import (
    ChannelsChanged,
    CompetitionResultRecorded,
    GroupConfirmed,
    GroupDissolved,
    GroupFormed,
    GroupRegistered,
    MemberJoined,
    MemberLeft,
    OfficerAppointed,
    OfficerRelieved,
)
from kimcore.events.party import (
    ActivityHeld,
    PartnershipEnded,
    PartnershipSigned,
)
from kimcore.events.personal import (
    MemberForgotten,
)
from kimcore.events.registry import (
    BUILTIN_EVENT_TYPES,
    EventRegistry,
)
from kimcore.events.upcasting import (
    Upcasters,
)

__all__ = [
    "BUILTIN_EVENT_TYPES",
    "ActivityHeld",
    "ChannelsChanged",
    "Codec",
    "CompetitionResultRecorded",
    "Event",
    "EventRegistry",
    "ForumBoardInstalled",
    "ForumCompetitionResultRecorded",
    "ForumDissolved",
    "ForumEstablished",
    "ForumMemberAdmitted",
    "ForumMemberWithdrew",
    "GroupConfirmed",
    "GroupDissolved",
    "GroupFormed",
    "GroupRegistered",
    "MemberForgotten",
    "MemberJoined",
    "MemberLeft",
    "Metadata",
    "NewEvent",
    "OfficerAppointed",
    "OfficerRelieved",
    "PartnershipEnded",
    "PartnershipSigned",
    "RecordedEvent",
    "StoredEvent",
    "Upcasters",
    "event_type",
]
