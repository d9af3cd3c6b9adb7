"""kimcore: an event-sourced core for Indonesia's community information groups (KIM).

The public API is re-exported here once; submodules are implementation detail
organised one concept per module.
"""

from __future__ import annotations

import logging
from typing import Any

from kimcore.adapters.copy import CopyReport, copy_store
from kimcore.adapters.export import export_jsonl
from kimcore.adapters.keys import MemoryKeyStore
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.sqlite import SqliteStore
from kimcore.application.defaults import Defaults, use_defaults
from kimcore.application.ports.keys import KeyStore
from kimcore.application.ports.store import ANY_VERSION, NO_STREAM, EventStore, Snapshot
from kimcore.application.service import Application, ConflictRetriesExhausted
from kimcore.application.subscription import Subscription
from kimcore.domain.catalogue import Catalogue, Technique
from kimcore.domain.commands import (
    AdmitToForum,
    AppointOfficer,
    ChangeChannels,
    Command,
    ConfirmGroup,
    DissolveForum,
    DissolveGroup,
    EndPartnership,
    EstablishForum,
    FormGroup,
    HoldActivity,
    InstallForumBoard,
    JoinGroup,
    LeaveGroup,
    RecordCompetitionResult,
    RegisterGroup,
    RelieveOfficer,
    SignPartnership,
    WithdrawFromForum,
)
from kimcore.domain.erasure import ForgetSubject
from kimcore.domain.errors import DomainError, PersonalDataError, SubjectForgotten, UnknownSubject
from kimcore.domain.forum import Applicant, ForumState
from kimcore.domain.group_state import GroupStage, GroupState, Standing
from kimcore.domain.identity import forum_id_for, stream_id_for
from kimcore.domain.partnership_types import (
    AnalogTerms,
    ExperienceTerms,
    PartnershipType,
    PartyHistory,
    RegulationTerms,
)
from kimcore.domain.policy import Policy
from kimcore.events.base import Event, event_type
from kimcore.events.codec import Codec
from kimcore.events.envelope import Metadata, NewEvent, RecordedEvent, StoredEvent
from kimcore.events.errors import (
    EventDecodeError,
    EventError,
    EventTypeError,
    UnknownEventType,
    UpcastError,
)
from kimcore.events.forum import (
    ForumBoardInstalled,
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
    LeaveReason,
    MemberJoined,
    MemberLeft,
    OfficerAppointed,
    OfficerRelieved,
    ReliefReason,
)
from kimcore.events.party import ActivityHeld, PartnershipEnded, PartnershipSigned
from kimcore.events.personal import ErasureBasis, ErasureRequester, MemberForgotten
from kimcore.events.registry import EventRegistry
from kimcore.events.upcasting import Upcasters
from kimcore.hookspecs import hookimpl
from kimcore.plugins import Plugins, get_plugins, open_store
from kimcore.vocabulary.errors import (
    ConcurrencyConflict,
    DuplicateEventId,
    InvalidStoreArgument,
    KeyConflict,
    StoreError,
    StoreUnavailable,
    WrongExpectedVersion,
)
from kimcore.vocabulary.personal import REDACTED, Redacted, is_redacted, personal_field, redact
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
    "ANY_VERSION",
    "NO_STREAM",
    "REDACTED",
    "ActivityHeld",
    "AdindaFunction",
    "AdmitToForum",
    "AnalogTerms",
    "Applicant",
    "Application",
    "AppointOfficer",
    "Area",
    "Authority",
    "BoardRole",
    "BoardSeat",
    "Catalogue",
    "ChangeChannels",
    "Channel",
    "ChannelKind",
    "ChannelsChanged",
    "Codec",
    "Command",
    "CommunicationOffice",
    "CompetitionLevel",
    "CompetitionResult",
    "CompetitionResultRecorded",
    "ConcurrencyConflict",
    "ConfirmGroup",
    "ConflictRetriesExhausted",
    "CopyReport",
    "Decree",
    "Delivery",
    "DissolveForum",
    "DissolveGroup",
    "DomainError",
    "DuplicateEventId",
    "EndPartnership",
    "ErasureBasis",
    "ErasureRequester",
    "EstablishForum",
    "Event",
    "EventDecodeError",
    "EventError",
    "EventRegistry",
    "EventStore",
    "EventTypeError",
    "ExperienceTerms",
    "ForgetSubject",
    "FormGroup",
    "ForumBoardInstalled",
    "ForumDissolved",
    "ForumEstablished",
    "ForumLevel",
    "ForumMemberAdmitted",
    "ForumMemberWithdrew",
    "ForumState",
    "GroupConfirmed",
    "GroupDissolved",
    "GroupFormed",
    "GroupKind",
    "GroupRegistered",
    "GroupStage",
    "GroupState",
    "HoldActivity",
    "InstallForumBoard",
    "Instrument",
    "InstrumentKind",
    "InvalidStoreArgument",
    "JoinGroup",
    "KeyConflict",
    "KeyStore",
    "LeaveGroup",
    "LeaveReason",
    "MemberCategory",
    "MemberDetails",
    "MemberForgotten",
    "MemberJoined",
    "MemberKind",
    "MemberLeft",
    "MembershipBounds",
    "MemoryKeyStore",
    "MemoryStore",
    "Metadata",
    "NewEvent",
    "OfficerAppointed",
    "OfficerRelieved",
    "OfficerRole",
    "Partner",
    "PartnershipEnded",
    "PartnershipSigned",
    "PartnershipType",
    "PartyHistory",
    "PartyKind",
    "PartyRef",
    "PersonalDataError",
    "Plugins",
    "Policy",
    "Post",
    "PostgresStore",
    "RecordCompetitionResult",
    "RecordedEvent",
    "Redacted",
    "Region",
    "RegionLevel",
    "RegisterGroup",
    "RegulationTerms",
    "ReliefReason",
    "RelieveOfficer",
    "Seat",
    "Sector",
    "Settlement",
    "SignPartnership",
    "Snapshot",
    "SqliteStore",
    "Standing",
    "StoreError",
    "StoreUnavailable",
    "StoredEvent",
    "SubjectForgotten",
    "Subscription",
    "Technique",
    "UnknownEventType",
    "UnknownSubject",
    "UpcastError",
    "Upcasters",
    "WithdrawFromForum",
    "WrongExpectedVersion",
    "copy_store",
    "event_type",
    "export_jsonl",
    "forum_id_for",
    "get_plugins",
    "hookimpl",
    "is_redacted",
    "open_store",
    "personal_field",
    "redact",
    "stream_id_for",
]


def _defaults_from_plugins() -> Defaults:
    plugins = get_plugins()
    return Defaults(
        catalogue=plugins.catalogue(), codec=plugins.codec(), deciders=plugins.deciders()
    )


# The one place where the layers below learn what the plugins register.
use_defaults(_defaults_from_plugins)

# A library is silent until its user configures logging (the logging HOWTO's advice).
logging.getLogger("kimcore").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # The version is read lazily so importing kimcore never touches package metadata,
    # and the PostgreSQL store so that importing kimcore never needs psycopg.
    if name == "__version__":
        from kimcore._version import __version__  # noqa: PLC0415

        return __version__
    if name == "PostgresStore":
        from kimcore.adapters.postgres import PostgresStore  # noqa: PLC0415

        return PostgresStore
    raise AttributeError(f"module 'kimcore' has no attribute {name!r}")
