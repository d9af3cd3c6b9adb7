"""Strategies for every event kimcore defines: ``EVENT_STRATEGIES[cls]``, and ``events``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import kimcore as k
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
    officer_terms,
    offices,
    partners,
    party_refs,
    posts,
    regions,
    results,
    seats,
    techniques,
    terms,
    texts,
)

__all__ = ["EVENT_STRATEGIES", "events", "profiles"]

_labels = st.lists(texts, max_size=3, unique=True).map(tuple)  # texts fit the 100 allowed
_ratings = st.sampled_from(k.values.Rating)
profiles = st.builds(
    k.values.MappingProfile,
    community_type=st.sampled_from(k.values.CommunityType),
    audiences=_labels,
    media=_labels,
    content_types=_labels,
    fields=_labels,
    strength=_ratings,
    influence=_ratings,
    priority=_ratings,
)
_some_ids = st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple)

EVENT_STRATEGIES: dict[type[k.Event], st.SearchStrategy[Any]] = {
    k.events.GroupFormed: st.builds(
        k.events.GroupFormed,
        group_id=ids,
        name=texts,
        seat=seats,
        founders=st.lists(members, max_size=5).map(tuple),
        channels=channels,
        bounds=bounds,
        formed_on=dates,
        split_from=st.none() | ids,
    ),
    k.events.MemberJoined: st.builds(
        k.events.MemberJoined, group_id=ids, member=members, joined_on=dates
    ),
    k.events.MemberLeft: st.builds(
        k.events.MemberLeft,
        group_id=ids,
        member_id=ids,
        reason=st.sampled_from(k.values.LeaveReason),
        left_on=dates,
    ),
    k.events.OfficerAppointed: st.builds(
        k.events.OfficerAppointed,
        group_id=ids,
        member_id=ids,
        post=posts,
        appointed_on=dates,
        term=st.none() | officer_terms,
    ),
    k.events.OfficerRelieved: st.builds(
        k.events.OfficerRelieved,
        group_id=ids,
        member_id=ids,
        post=posts,
        reason=st.sampled_from(k.values.ReliefReason),
        relieved_on=dates,
    ),
    k.events.GroupConfirmed: st.builds(k.events.GroupConfirmed, group_id=ids, decree=decrees),
    k.events.GroupRegistered: st.builds(
        k.events.GroupRegistered,
        group_id=ids,
        office=offices,
        registration_number=texts,
        registered_on=dates,
    ),
    k.events.ChannelsChanged: st.builds(
        k.events.ChannelsChanged, group_id=ids, channels=channels, changed_on=dates
    ),
    k.events.GroupProfileChanged: st.builds(
        k.events.GroupProfileChanged, group_id=ids, profile=group_profiles, changed_on=dates
    ),
    k.events.BoundsChanged: st.builds(
        k.events.BoundsChanged,
        group_id=ids,
        bounds=bounds,
        changed_on=dates,
        reason=st.none() | texts,
    ),
    k.events.ForumCompetitionResultRecorded: st.builds(
        k.events.ForumCompetitionResultRecorded, forum_id=ids, result=results, recorded_on=dates
    ),
    k.events.CompetitionResultRecorded: st.builds(
        k.events.CompetitionResultRecorded, group_id=ids, result=results, recorded_on=dates
    ),
    k.events.GroupDissolved: st.builds(
        k.events.GroupDissolved, group_id=ids, reason=texts, dissolved_on=dates
    ),
    k.events.ForumEstablished: st.builds(
        k.events.ForumEstablished,
        forum_id=ids,
        name=texts,
        level=st.sampled_from(k.ForumLevel),
        region=regions(),
        decree=decrees,
        established_on=dates,
    ),
    k.events.ForumBoardInstalled: st.builds(
        k.events.ForumBoardInstalled,
        forum_id=ids,
        seats=st.lists(board_seats, min_size=1, max_size=4).map(tuple),
        term_start=dates,
        term_end=dates,
        musyawarah_id=st.none() | ids,
    ),
    k.events.ForumMemberAdmitted: st.builds(
        k.events.ForumMemberAdmitted,
        forum_id=ids,
        member_kind=st.sampled_from(k.PartyKind),
        member_id=ids,
        member_region=regions(),
        admitted_on=dates,
    ),
    k.events.ForumMemberWithdrew: st.builds(
        k.events.ForumMemberWithdrew,
        forum_id=ids,
        member_kind=st.sampled_from(k.PartyKind),
        member_id=ids,
        withdrew_on=dates,
    ),
    k.events.ForumDissolved: st.builds(
        k.events.ForumDissolved, forum_id=ids, reason=texts, dissolved_on=dates
    ),
    k.events.PartnershipSigned: st.builds(
        k.events.PartnershipSigned,
        party=party_refs,
        partnership_id=ids,
        partnership_type=st.sampled_from(["analog", "regulation", "experience", "csr"]),
        partner=partners,
        terms=terms,
        instrument=instruments,
        signed_on=dates,
    ),
    k.events.PartnershipEnded: st.builds(
        k.events.PartnershipEnded,
        party=party_refs,
        partnership_id=ids,
        reason=texts,
        ended_on=dates,
    ),
    k.events.ActivityHeld: st.builds(
        k.events.ActivityHeld,
        party=party_refs,
        activity_id=ids,
        technique=techniques,
        functions=functions,
        delivery=st.sampled_from(k.Delivery),
        topic=texts,
        held_on=dates,
        place=st.none() | texts,
        link=st.none() | texts,
        attendance=st.integers(0, 100_000),
        partnership_id=st.none() | ids,
        tags=st.frozensets(texts, max_size=3),
        participants=st.lists(party_refs, max_size=3, unique=True).map(tuple),
        advocacy=st.none() | st.sampled_from(k.values.AdvocacyKind),
    ),
}

EVENT_STRATEGIES[k.events.MemberForgotten] = st.builds(
    k.events.MemberForgotten,
    subject_id=ids,
    requested_by=st.sampled_from(k.values.ErasureRequester),
    basis=st.sampled_from(k.values.ErasureBasis),
    requested_on=dates,
    reference=st.none() | texts,
)

EVENT_STRATEGIES.update(
    {
        k.events.GroupMerged: st.builds(
            k.events.GroupMerged, group_id=ids, into=ids, merged_on=dates
        ),
        k.events.GroupSplit: st.builds(
            k.events.GroupSplit,
            group_id=ids,
            into=_some_ids,
            continues=st.booleans(),
            split_on=dates,
        ),
        k.events.SeatRecoded: st.builds(
            k.events.SeatRecoded,
            group_id=ids,
            previous_code=seats.map(lambda seat: seat.region.code),
            seat=seats,
            recoded_on=dates,
        ),
        k.events.MusyawarahHeld: st.builds(
            k.events.MusyawarahHeld,
            forum_id=ids,
            musyawarah_id=ids,
            kind=st.sampled_from(k.values.MusyawarahKind),
            held_on=dates,
            place=texts,
            delegates=st.lists(party_refs, min_size=1, max_size=4, unique=True).map(tuple),
            resolutions=st.lists(texts, max_size=3).map(tuple),
        ),
        k.events.ForumChairReplaced: st.builds(
            k.events.ForumChairReplaced,
            forum_id=ids,
            previous_chair=ids,
            chair=board_seats,
            reason=st.sampled_from(k.values.ChairChangeReason),
            musyawarah_id=st.none() | ids,
            replaced_on=dates,
        ),
        k.events.ForumConfirmed: st.builds(k.events.ForumConfirmed, forum_id=ids, decree=decrees),
        k.events.ActivityAttended: st.builds(
            k.events.ActivityAttended,
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
        k.events.InformationPublished: st.builds(
            k.events.InformationPublished,
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
        k.events.GroupMapped: st.builds(
            k.events.GroupMapped,
            office=offices,
            group_id=ids,
            region=regions(k.values.RegionLevel.VILLAGE),
            profile=profiles,
            mapped_on=dates,
        ),
        k.events.MappingReported: st.builds(
            k.events.MappingReported,
            office=offices,
            report_id=ids,
            year=st.integers(1990, 2200),
            groups=_some_ids,
            reported_on=dates,
        ),
        k.events.MappingCoordinated: st.builds(
            k.events.MappingCoordinated,
            province=regions(k.values.RegionLevel.PROVINCE),
            office_name=texts,
            report_office=offices,
            report_id=ids,
            coordinated_on=dates,
        ),
    }
)
events = st.one_of(*EVENT_STRATEGIES.values())
"""Any event kimcore defines."""
