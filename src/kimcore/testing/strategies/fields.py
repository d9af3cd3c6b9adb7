"""A field's strategy by its name, and `built`: an event or command drawn field by field.

Where events and commands share a field's name they mean the same by it (``group_id``, ``party``,
``decree``…), so one table says what each holds; a class gives only the fields it means otherwise.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies import values as v

__all__ = ["BY_FIELD", "built"]

BY_FIELD: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(
        (
            "group_id",
            "forum_id",
            "member_id",
            "subject_id",
            "partnership_id",
            "activity_id",
            "product_id",
            "report_id",
            "musyawarah_id",
            "programme_id",
            "evaluation_id",
            "previous_chair",
            "split_from",
            "into",
        ),
        v.ids,
    ),
    **dict.fromkeys(
        (
            "name",
            "reason",
            "registration_number",
            "topic",
            "title",
            "organiser_name",
            "office_name",
            "place",
            "link",
            "url",
            "programme",
            "reference",
        ),
        v.texts,
    ),
    **dict.fromkeys(("party", "organiser"), v.party_refs),
    **dict.fromkeys(("office", "with_office", "report_office"), v.offices),
    **dict.fromkeys(("region", "member_region"), v.regions()),
    **dict.fromkeys(("term_start", "term_end"), v.dates),
    "seat": v.seats,
    "member": v.members,
    "founders": st.lists(v.members, max_size=5).map(tuple),
    "channels": v.channels,
    "bounds": v.bounds,
    "profile": v.group_profiles,  # a KIM's; the office's mapping gives its own
    "post": v.posts,
    "term": v.officer_terms,
    "decree": v.decrees,
    "result": v.results,
    "level": st.sampled_from(k.ForumLevel),
    "member_kind": st.sampled_from(k.PartyKind),
    "seats": st.lists(v.board_seats, min_size=1, max_size=4).map(tuple),
    "chair": v.board_seats,
    "partner": v.partners,
    "terms": v.terms,
    "instrument": v.instruments,
    "technique": v.techniques,
    "functions": v.functions,
    "delivery": st.sampled_from(k.Delivery),
    "requested_by": st.sampled_from(k.values.ErasureRequester),
    "basis": st.sampled_from(k.values.ErasureBasis),
}
"""What a field holds, by its name, wherever an event or a command has it."""


def built(cls: type, **special: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """*cls* drawn field by field: *special* as given, else by the field's name.

    A field named in ``BY_FIELD`` that may be ``None`` is ``None`` at times; a name it does not
    know is a date if it ends in ``_on`` (``formed_on``), else left to its default, else a
    `KeyError` naming it.
    """
    fields = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        name = field.alias
        if name in special:
            fields[name] = special[name]
            continue
        if name in BY_FIELD:
            strategy = BY_FIELD[name]
        elif name.endswith("_on"):
            strategy = v.dates
        elif field.default is not attrs.NOTHING:
            continue  # left to its default
        else:
            raise KeyError(f"{cls.__name__}.{name}: no strategy by that name; give it")
        fields[name] = st.none() | strategy if field.default is None else strategy
    return st.builds(cls, **fields)
