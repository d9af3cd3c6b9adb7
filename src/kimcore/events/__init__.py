"""The event contract: every event class, its stable name and version, the codec, envelopes.

Events are immutable facts named by [`event_type`][kimcore.events.event_type] (the name is stored,
never the class's path) and versioned; older stored versions are upcast on read
([`Upcasters`][kimcore.events.Upcasters]). The codec seals personal fields under their subjects'
keys. ``docs/events.md`` lists every event and its fields.
"""

from __future__ import annotations

from kimcore.events.activity import ActivityAttended, ActivityHeld
from kimcore.events.base import (
    Event,
    event_type,
)
from kimcore.events.codec import (
    Codec,
    event_names,
)
from kimcore.events.envelope import (
    Metadata,
    NewEvent,
    RecordedEvent,
    StoredEvent,
)
from kimcore.events.forum import (
    ForumBoardInstalled,
    ForumChairReplaced,
    ForumCompetitionResultRecorded,
    ForumConfirmed,
    ForumDissolved,
    ForumEstablished,
    ForumMemberAdmitted,
    ForumMemberWithdrew,
    MusyawarahHeld,
)
from kimcore.events.group import (
    BoundsChanged,
    ChannelsChanged,
    CompetitionResultRecorded,
    GroupConfirmed,
    GroupDissolved,
    GroupFormed,
    GroupMerged,
    GroupProfileChanged,
    GroupRegistered,
    GroupSplit,
    MemberJoined,
    MemberLeft,
    OfficerAppointed,
    OfficerRelieved,
    SeatRecoded,
)
from kimcore.events.keys import Keys
from kimcore.events.mapping import (
    GroupEvaluated,
    GroupMapped,
    MappingCoordinated,
    MappingReported,
    PartnershipProgrammeHeld,
)
from kimcore.events.partnership import PartnershipEnded, PartnershipSigned
from kimcore.events.personal import (
    MemberForgotten,
)
from kimcore.events.product import InformationPublished
from kimcore.events.recorded import Recorded
from kimcore.events.registry import (
    BUILTIN_EVENT_TYPES,
    EventRegistry,
)
from kimcore.events.upcasting import (
    Upcasters,
)

__all__ = [
    "BUILTIN_EVENT_TYPES",
    "ActivityAttended",
    "ActivityHeld",
    "BoundsChanged",
    "ChannelsChanged",
    "Codec",
    "CompetitionResultRecorded",
    "Event",
    "EventRegistry",
    "ForumBoardInstalled",
    "ForumChairReplaced",
    "ForumCompetitionResultRecorded",
    "ForumConfirmed",
    "ForumDissolved",
    "ForumEstablished",
    "ForumMemberAdmitted",
    "ForumMemberWithdrew",
    "GroupConfirmed",
    "GroupDissolved",
    "GroupEvaluated",
    "GroupFormed",
    "GroupMapped",
    "GroupMerged",
    "GroupProfileChanged",
    "GroupRegistered",
    "GroupSplit",
    "InformationPublished",
    "Keys",
    "MappingCoordinated",
    "MappingReported",
    "MemberForgotten",
    "MemberJoined",
    "MemberLeft",
    "Metadata",
    "MusyawarahHeld",
    "NewEvent",
    "OfficerAppointed",
    "OfficerRelieved",
    "PartnershipEnded",
    "PartnershipProgrammeHeld",
    "PartnershipSigned",
    "Recorded",
    "RecordedEvent",
    "SeatRecoded",
    "StoredEvent",
    "Upcasters",
    "event_names",
    "event_type",
]
