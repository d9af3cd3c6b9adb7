"""Strategies for the events of a KIM's practice, forum governance and an office's mapping."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.values import (
    EVENT_STRATEGIES,
    board_seats,
    dates,
    decrees,
    ids,
    offices,
    party_refs,
    regions,
    seats,
    techniques,
    texts,
)

__all__ = ["PRACTICE_EVENT_STRATEGIES", "events", "profiles"]

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

PRACTICE_EVENT_STRATEGIES: dict[type[k.Event], st.SearchStrategy[Any]] = {
    k.events.GroupMerged: st.builds(k.events.GroupMerged, group_id=ids, into=ids, merged_on=dates),
    k.events.GroupSplit: st.builds(
        k.events.GroupSplit, group_id=ids, into=_some_ids, continues=st.booleans(), split_on=dates
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

EVENT_STRATEGIES.update(PRACTICE_EVENT_STRATEGIES)
events = st.one_of(*EVENT_STRATEGIES.values())
"""Any event kimcore defines."""
