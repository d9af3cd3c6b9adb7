"""Strategies for commands: any well-formed command, and sequences the domain accepts."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import kimcore as k
from kimcore import commands as c
from kimcore.testing.strategies.events import EVENT_STRATEGIES
from kimcore.testing.strategies.values import (
    board_seats,
    bounds,
    channels,
    dates,
    decrees,
    functions,
    group_profiles,
    ids,
    instruments,
    members,
    offices,
    partners,
    party_refs,
    posts,
    regions,
    results,
    seats,
    techniques,
    texts,
)

__all__ = ["COMMAND_STRATEGIES", "commands"]

COMMAND_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    k.FormGroup: st.builds(
        k.FormGroup,
        group_id=ids,
        name=texts,
        seat=seats,
        founders=st.lists(members, min_size=1, max_size=6).map(tuple),
        channels=channels,
        formed_on=dates,
        bounds=st.none() | bounds,
        profile=st.none() | group_profiles,
    ),
    k.JoinGroup: st.builds(k.JoinGroup, group_id=ids, member=members, joined_on=dates),
    k.LeaveGroup: st.builds(
        k.LeaveGroup,
        group_id=ids,
        member_id=ids,
        reason=st.sampled_from(k.values.LeaveReason),
        left_on=dates,
    ),
    k.AppointOfficer: st.builds(
        k.AppointOfficer, group_id=ids, member_id=ids, post=posts, appointed_on=dates
    ),
    k.RelieveOfficer: st.builds(
        k.RelieveOfficer, group_id=ids, member_id=ids, post=posts, relieved_on=dates
    ),
    k.ConfirmGroup: st.builds(k.ConfirmGroup, group_id=ids, decree=decrees),
    k.RegisterGroup: st.builds(
        k.RegisterGroup,
        group_id=ids,
        office=offices,
        registration_number=texts,
        registered_on=dates,
    ),
    k.ChangeChannels: st.builds(
        k.ChangeChannels, group_id=ids, channels=channels, changed_on=dates
    ),
    k.commands.ChangeGroupProfile: st.builds(
        k.commands.ChangeGroupProfile, group_id=ids, profile=group_profiles, changed_on=dates
    ),
    k.commands.ChangeBounds: st.builds(
        k.commands.ChangeBounds,
        group_id=ids,
        bounds=bounds,
        changed_on=dates,
        reason=st.none() | texts,
    ),
    k.RecordCompetitionResult: st.builds(
        k.RecordCompetitionResult, group_id=ids, result=results, recorded_on=dates
    ),
    k.DissolveGroup: st.builds(k.DissolveGroup, group_id=ids, reason=texts, dissolved_on=dates),
    k.EstablishForum: st.builds(
        k.EstablishForum,
        name=texts,
        level=st.sampled_from(k.ForumLevel),
        region=regions(),
        decree=decrees,
        established_on=dates,
    ),
    k.InstallForumBoard: st.builds(
        k.InstallForumBoard,
        forum_id=ids,
        seats=st.lists(board_seats, min_size=1, max_size=4).map(tuple),
        term_start=dates,
        term_end=dates,
    ),
    k.AdmitToForum: st.builds(
        k.AdmitToForum, forum_id=ids, applicant=party_refs, admitted_on=dates
    ),
    k.WithdrawFromForum: st.builds(
        k.WithdrawFromForum, forum_id=ids, member=party_refs, withdrew_on=dates
    ),
    k.DissolveForum: st.builds(k.DissolveForum, forum_id=ids, reason=texts, dissolved_on=dates),
    k.SignPartnership: st.builds(
        k.SignPartnership,
        party=party_refs,
        partnership_id=ids,
        partnership_type=st.just("regulation"),
        partner=partners,
        terms=st.builds(k.domain.RegulationTerms, legal_basis=texts),
        instrument=instruments,
        signed_on=dates,
    ),
    k.EndPartnership: st.builds(
        k.EndPartnership, party=party_refs, partnership_id=ids, reason=texts, ended_on=dates
    ),
    k.HoldActivity: st.builds(
        k.HoldActivity,
        party=party_refs,
        activity_id=ids,
        technique=techniques,
        functions=functions,
        delivery=st.just(k.Delivery.HYBRID),
        topic=texts,
        held_on=dates,
        place=texts,
        link=texts,
        attendance=st.integers(0, 10_000),
    ),
    k.commands.RecordForumCompetitionResult: st.builds(
        k.commands.RecordForumCompetitionResult,
        forum_id=ids,
        result=results,
        recorded_on=dates,
    ),
    k.ForgetSubject: st.builds(
        k.ForgetSubject,
        subject_id=ids,
        requested_by=st.sampled_from(k.values.ErasureRequester),
        basis=st.sampled_from(k.values.ErasureBasis),
        requested_on=dates,
    ),
}


def _as_command(event: type, command: type, **others: st.SearchStrategy[Any]) -> Any:
    """*command* with the fields of a drawn *event* that records it (and *others* drawn anew)."""
    names = [f.name for f in attrs.fields(command) if f.init and f.name not in others]
    return st.tuples(EVENT_STRATEGIES[event], st.fixed_dictionaries(others)).map(
        lambda drawn: command(**{n: getattr(drawn[0], n) for n in names}, **drawn[1])
    )


# The commands whose fields are those of the event they record.
COMMAND_STRATEGIES.update(
    {
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
    }
)

commands: st.SearchStrategy[Any] = st.one_of(*COMMAND_STRATEGIES.values())
