"""Strategies for commands: any well-formed command, and sequences the domain accepts."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import kimcore as k
from kimcore import commands as c
from kimcore.domain.builtin import BUILTIN_DECIDERS
from kimcore.testing.strategies.events import EVENT_STRATEGIES
from kimcore.testing.strategies.fields import built
from kimcore.testing.strategies.values import (
    board_seats,
    decrees,
    instruments,
    members,
    party_refs,
    texts,
)

__all__ = ["COMMAND_STRATEGIES", "commands"]

# The fields a command means otherwise than its name says elsewhere (fields.BY_FIELD), as drawn.
_SPECIAL: dict[type[Any], dict[str, st.SearchStrategy[Any]]] = {
    k.FormGroup: {
        "founders": st.lists(members, min_size=1, max_size=6).map(tuple),
        "split_from": st.none(),
    },
    k.LeaveGroup: {"reason": st.sampled_from(k.values.LeaveReason)},
    k.AppointOfficer: {"term": st.none()},
    k.EstablishForum: {"decree": decrees},
    k.InstallForumBoard: {"musyawarah_id": st.none()},
    k.AdmitToForum: {"applicant": party_refs},
    k.WithdrawFromForum: {"member": party_refs},
    k.SignPartnership: {
        "partnership_type": st.just("regulation"),
        "terms": st.builds(k.domain.RegulationTerms, legal_basis=texts),
        "instrument": instruments,
    },
    k.HoldActivity: {
        "delivery": st.just(k.Delivery.HYBRID),
        "place": texts,
        "link": texts,
        "attendance": st.integers(0, 10_000),
        "partnership_id": st.none(),
        "advocacy": st.none(),
    },
    k.ForgetSubject: {"reference": st.none()},
}


def _as_command(event: type, command: type, **others: st.SearchStrategy[Any]) -> Any:
    """*command* with the fields of a drawn *event* that records it (and *others* drawn anew)."""
    names = [f.name for f in attrs.fields(command) if f.init and f.name not in others]
    return st.tuples(EVENT_STRATEGIES[event], st.fixed_dictionaries(others)).map(
        lambda drawn: command(**{n: getattr(drawn[0], n) for n in names}, **drawn[1])
    )


# The commands whose fields are those of the event they record.
_RECORDED: dict[type[Any], st.SearchStrategy[Any]] = {
    c.MergeGroup: _as_command(k.events.GroupMerged, c.MergeGroup),
    c.SplitGroup: _as_command(k.events.GroupSplit, c.SplitGroup),
    c.RecodeSeat: _as_command(k.events.SeatRecoded, c.RecodeSeat),
    c.HoldMusyawarah: _as_command(k.events.MusyawarahHeld, c.HoldMusyawarah),
    c.ReplaceForumChair: _as_command(
        k.events.ForumChairReplaced,
        c.ReplaceForumChair,
        chair=board_seats.map(lambda seat: attrs.evolve(seat, role=k.BoardRole.CHAIR)),
    ),
    c.ConfirmForum: _as_command(k.events.ForumConfirmed, c.ConfirmForum),
    c.TakePartInActivity: _as_command(k.events.ActivityAttended, c.TakePartInActivity),
    c.PublishInformation: _as_command(k.events.InformationPublished, c.PublishInformation),
    c.MapGroup: _as_command(k.events.GroupMapped, c.MapGroup),
    c.ReportMapping: _as_command(k.events.MappingReported, c.ReportMapping),
    c.CoordinateMapping: _as_command(k.events.MappingCoordinated, c.CoordinateMapping),
    c.HoldPartnershipProgramme: _as_command(
        k.events.PartnershipProgrammeHeld, c.HoldPartnershipProgramme
    ),
    c.EvaluateGroup: _as_command(k.events.GroupEvaluated, c.EvaluateGroup),
}

# Every command of the built-in deciders, and ForgetSubject.
_KINDS = dict.fromkeys([*(cls for d in BUILTIN_DECIDERS for cls in d.commands), k.ForgetSubject])
COMMAND_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    cls: _RECORDED[cls] if cls in _RECORDED else built(cls, **_SPECIAL.get(cls, {}))
    for cls in _KINDS
}

commands: st.SearchStrategy[Any] = st.one_of(*COMMAND_STRATEGIES.values())
