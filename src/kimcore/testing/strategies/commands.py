"""Strategies for commands: any well-formed command, and sequences the domain accepts."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.events import profiles
from kimcore.testing.strategies.values import (
    board_seats,
    bounds,
    channels,
    dates,
    decrees,
    functions,
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


_some_ids = st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple)
_chairs = board_seats.map(lambda seat: attrs.evolve(seat, role=k.BoardRole.CHAIR))

COMMAND_STRATEGIES.update(
    {
        k.commands.MergeGroup: st.builds(
            k.commands.MergeGroup, group_id=ids, into=ids, merged_on=dates
        ),
        k.commands.SplitGroup: st.builds(
            k.commands.SplitGroup,
            group_id=ids,
            into=_some_ids,
            continues=st.booleans(),
            split_on=dates,
        ),
        k.commands.RecodeSeat: st.builds(
            k.commands.RecodeSeat, group_id=ids, seat=seats, recoded_on=dates
        ),
        k.commands.HoldMusyawarah: st.builds(
            k.commands.HoldMusyawarah,
            forum_id=ids,
            musyawarah_id=ids,
            kind=st.sampled_from(k.values.MusyawarahKind),
            held_on=dates,
            place=texts,
            delegates=st.lists(party_refs, min_size=1, max_size=4, unique=True).map(tuple),
            resolutions=st.lists(texts, max_size=3).map(tuple),
        ),
        k.commands.ReplaceForumChair: st.builds(
            k.commands.ReplaceForumChair,
            forum_id=ids,
            chair=_chairs,
            reason=st.sampled_from(k.values.ChairChangeReason),
            musyawarah_id=st.none() | ids,
            replaced_on=dates,
        ),
        k.commands.ConfirmForum: st.builds(k.commands.ConfirmForum, forum_id=ids, decree=decrees),
        k.commands.TakePartInActivity: st.builds(
            k.commands.TakePartInActivity,
            party=party_refs,
            activity_id=ids,
            organiser=party_refs,
            organiser_name=texts,
            technique=techniques,
            topic=texts,
            delivery=st.sampled_from(k.Delivery),
            held_on=dates,
            attendees=st.integers(0, 1000),
        ),
        k.commands.PublishInformation: st.builds(
            k.commands.PublishInformation,
            party=party_refs,
            product_id=ids,
            product_type=st.sampled_from(k.values.ProductType),
            title=texts,
            topic=texts,
            channel=st.sampled_from(["website", "social_media", "leaflet", "notice_board"]),
            url=st.none() | texts,
            place=st.none() | texts,
            programme=st.none() | texts,
            with_office=st.none() | offices,
            reach=st.none() | st.integers(0, 10**7),
            published_on=dates,
        ),
        k.commands.MapGroup: st.builds(
            k.commands.MapGroup, office=offices, group_id=ids, profile=profiles, mapped_on=dates
        ),
        k.commands.ReportMapping: st.builds(
            k.commands.ReportMapping,
            office=offices,
            report_id=ids,
            year=st.integers(1990, 2200),
            groups=_some_ids,
            reported_on=dates,
        ),
        k.commands.CoordinateMapping: st.builds(
            k.commands.CoordinateMapping,
            province=regions(k.values.RegionLevel.PROVINCE),
            office_name=texts,
            report_office=offices,
            report_id=ids,
            coordinated_on=dates,
        ),
    }
)

commands: st.SearchStrategy[Any] = st.one_of(*COMMAND_STRATEGIES.values())
