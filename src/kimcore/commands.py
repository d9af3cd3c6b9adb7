"""Every command kimcore decides, and the base a plugin's commands derive from.

A command is decided on one aggregate's stream (its ``aggregate``): a group,
a forum, or a kind a plugin brings (``kimcore_deciders``). ``ForgetSubject``
is the erasure of a person's data, which ``Application.handle`` takes too.
"""

from __future__ import annotations

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
    GroupCommand,
    HoldActivity,
    InstallForumBoard,
    JoinGroup,
    LeaveGroup,
    PartyCommand,
    RecordCompetitionResult,
    RegisterGroup,
    RelieveOfficer,
    SignPartnership,
    WithdrawFromForum,
)
from kimcore.domain.erasure import (
    ForgetSubject,
)

__all__ = [
    "AdmitToForum",
    "AppointOfficer",
    "ChangeChannels",
    "Command",
    "ConfirmGroup",
    "DissolveForum",
    "DissolveGroup",
    "EndPartnership",
    "EstablishForum",
    "ForgetSubject",
    "FormGroup",
    "GroupCommand",
    "HoldActivity",
    "InstallForumBoard",
    "JoinGroup",
    "LeaveGroup",
    "PartyCommand",
    "RecordCompetitionResult",
    "RegisterGroup",
    "RelieveOfficer",
    "SignPartnership",
    "WithdrawFromForum",
]
