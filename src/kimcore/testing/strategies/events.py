"""Strategies for every event kimcore defines: ``EVENT_STRATEGIES[cls]``, and ``events``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.events.registry import BUILTIN_EVENT_TYPES
from kimcore.testing.strategies.fields import built
from kimcore.testing.strategies.values import ids, party_refs, regions, seats, texts

__all__ = ["EVENT_STRATEGIES", "events", "profiles"]

_labels = st.lists(texts, max_size=3, unique=True).map(tuple)  # texts fit the 100 allowed
_ratings = st.sampled_from(k.values.Rating)
profiles = st.builds(
    k.values.MappingProfile,
    community_types=st.frozensets(st.sampled_from(k.values.CommunityType), min_size=1),
    audiences=_labels,
    media=_labels,
    content_types=_labels,
    fields=_labels,
    public_issues=_labels,
    strength=_ratings,
    influence=_ratings,
    priority=_ratings,
)
_some_ids = st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple)

# The fields an event means otherwise than its name says elsewhere (fields.BY_FIELD), as drawn.
_SPECIAL: dict[type[k.Event], dict[str, st.SearchStrategy[Any]]] = {
    k.events.MemberLeft: {"reason": st.sampled_from(k.values.LeaveReason)},
    k.events.OfficerRelieved: {"reason": st.sampled_from(k.values.ReliefReason)},
    k.events.ForumChairReplaced: {"reason": st.sampled_from(k.values.ChairChangeReason)},
    k.events.PartnershipSigned: {
        "partnership_type": st.sampled_from(["analog", "regulation", "experience", "csr"])
    },
    k.events.ActivityHeld: {
        "attendance": st.integers(0, 100_000),
        "tags": st.frozensets(texts, max_size=3),
        "participants": st.lists(party_refs, max_size=3, unique=True).map(tuple),
        "advocacy": st.none() | st.sampled_from(k.values.AdvocacyKind),
    },
    k.events.GroupSplit: {"into": _some_ids, "continues": st.booleans()},
    k.events.SeatRecoded: {"previous_code": seats.map(lambda seat: seat.region.code)},
    k.events.MusyawarahHeld: {
        "kind": st.sampled_from(k.values.MusyawarahKind),
        "delegates": st.lists(party_refs, min_size=1, max_size=4, unique=True).map(tuple),
        "resolutions": st.lists(texts, max_size=3).map(tuple),
    },
    k.events.ActivityAttended: {"attendees": st.integers(0, 1000)},
    k.events.InformationPublished: {
        "product_type": st.sampled_from(k.values.ProductType),
        "channel": st.sampled_from(["website", "social_media", "leaflet", "notice_board"]),
        "reach": st.none() | st.integers(0, 10**7),
    },
    k.events.GroupMapped: {
        "region": regions(k.values.RegionLevel.VILLAGE),
        "profile": profiles,
    },
    k.events.MappingReported: {"year": st.integers(1990, 2200), "groups": _some_ids},
    k.events.MappingCoordinated: {"province": regions(k.values.RegionLevel.PROVINCE)},
    k.events.PartnershipProgrammeHeld: {
        "form": st.sampled_from(k.values.CommunicationPartnershipForm),
        "groups": _some_ids,
    },
    k.events.GroupEvaluated: {
        "findings": st.lists(texts, min_size=1, max_size=3).map(tuple),
        "result": st.none() | texts,  # the office's own words, not a competition's result
        "region": regions(k.values.RegionLevel.VILLAGE),
    },
}

EVENT_STRATEGIES: dict[type[k.Event], st.SearchStrategy[Any]] = {
    cls: built(cls, **_SPECIAL.get(cls, {})) for cls in BUILTIN_EVENT_TYPES
}
events = st.one_of(*EVENT_STRATEGIES.values())
"""Any event kimcore defines."""
