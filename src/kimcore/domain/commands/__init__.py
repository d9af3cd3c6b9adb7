"""Commands: what a user asks the domain to do, one module per subject. Each carries its own dates.

Commands validate their own shape on construction (raising
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field); the deciders check them against
the recorded state. Their documented home is [`kimcore.commands`][kimcore.commands].

- `base`: `Command`, the base of every command, and `PartyCommand`, one any party may be given;
- `group`, `forum`: a KIM's and a forum's own streams;
- `partnership`, `activity`, `product`: what any party signs, holds or attends, and publishes;
- `mapping`: a communication office's mapping of its KIMs.
"""

from __future__ import annotations

from kimcore.domain.commands.activity import HoldActivity, TakePartInActivity
from kimcore.domain.commands.base import Command, PartyCommand
from kimcore.domain.commands.forum import (
    AdmitToForum,
    ConfirmForum,
    DissolveForum,
    EstablishForum,
    ForumCommand,
    HoldMusyawarah,
    InstallForumBoard,
    RecordForumCompetitionResult,
    ReplaceForumChair,
    WithdrawFromForum,
)
from kimcore.domain.commands.group import (
    AppointOfficer,
    ChangeBounds,
    ChangeChannels,
    ChangeGroupProfile,
    ConfirmGroup,
    DissolveGroup,
    FormGroup,
    GroupCommand,
    JoinGroup,
    LeaveGroup,
    MergeGroup,
    RecodeSeat,
    RecordCompetitionResult,
    RegisterGroup,
    RelieveOfficer,
    SplitGroup,
)
from kimcore.domain.commands.mapping import (
    CoordinateMapping,
    EvaluateGroup,
    HoldPartnershipProgramme,
    MapGroup,
    OfficeCommand,
    ReportMapping,
)
from kimcore.domain.commands.partnership import EndPartnership, SignPartnership
from kimcore.domain.commands.product import PublishInformation

__all__ = [
    "AdmitToForum",
    "AppointOfficer",
    "ChangeBounds",
    "ChangeChannels",
    "ChangeGroupProfile",
    "Command",
    "ConfirmForum",
    "ConfirmGroup",
    "CoordinateMapping",
    "DissolveForum",
    "DissolveGroup",
    "EndPartnership",
    "EstablishForum",
    "EvaluateGroup",
    "FormGroup",
    "ForumCommand",
    "GroupCommand",
    "HoldActivity",
    "HoldMusyawarah",
    "HoldPartnershipProgramme",
    "InstallForumBoard",
    "JoinGroup",
    "LeaveGroup",
    "MapGroup",
    "MergeGroup",
    "OfficeCommand",
    "PartyCommand",
    "PublishInformation",
    "RecodeSeat",
    "RecordCompetitionResult",
    "RecordForumCompetitionResult",
    "RegisterGroup",
    "RelieveOfficer",
    "ReplaceForumChair",
    "ReportMapping",
    "SignPartnership",
    "SplitGroup",
    "TakePartInActivity",
    "WithdrawFromForum",
]
