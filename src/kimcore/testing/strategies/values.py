"""Strategies for kimcore's value objects and events: any well-formed value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.domain.catalogue import BUILTIN_CHANNELS, BUILTIN_TECHNIQUES
from kimcore.domain.regions import PROVINCES, settlement_of

# Printable text without surrogates, never blank: what a person would type.
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
ids = st.uuids()


def _code(depth: int) -> st.SearchStrategy[str]:
    """Kemendagri codes of *depth* parts that the ministry can give (``domain.regions``)."""
    parts = [
        st.sampled_from(sorted(PROVINCES)),
        st.one_of(st.integers(1, 69), st.integers(71, 99)).map("{:02d}".format),
        st.integers(1, 99).map("{:02d}".format),
        st.one_of(st.integers(1001, 1999), st.integers(2001, 2999)).map(str),
    ][:depth]
    return st.tuples(*parts).map(".".join)


def regions(level: k.values.RegionLevel | None = None) -> st.SearchStrategy[k.Region]:
    """Regions of *level* (any level when None)."""
    if level is k.values.RegionLevel.NATIONAL:
        return st.builds(k.Region, code=st.just(""), name=texts)
    if level is None:
        return st.integers(0, 4).flatmap(lambda n: regions(k.values.RegionLevel(n)))
    return st.builds(k.Region, code=_code(int(level)), name=texts)


seats = regions(k.values.RegionLevel.VILLAGE).flatmap(
    lambda region: st.builds(
        k.Seat,
        region=st.just(region),
        settlement=st.just(settlement_of(region)),
        area=st.sampled_from(k.Area),
    )
)
members = st.builds(
    k.MemberDetails,
    member_id=ids,
    name=texts,
    contact=st.none() | texts,
    category=st.sampled_from(k.MemberCategory),
)
channels = st.lists(st.sampled_from(BUILTIN_CHANNELS), unique=True, max_size=4).map(tuple)
bounds = st.integers(1, 10).flatmap(
    lambda lo: st.builds(
        k.values.MembershipBounds, minimum=st.just(lo), maximum=st.integers(lo, 40)
    )
)
posts = st.one_of(
    st.builds(
        k.Post, role=st.sampled_from([r for r in k.OfficerRole if r is not k.OfficerRole.SECTION])
    ),
    st.builds(k.Post, role=st.just(k.OfficerRole.SECTION), section=texts),
)
decrees = st.builds(k.Decree, number=texts, issued_on=dates, authority=st.sampled_from(k.Authority))
offices = st.builds(k.CommunicationOffice, name=texts, region=regions(k.values.RegionLevel.REGENCY))
partners = st.one_of(
    st.builds(k.Partner, name=texts, sector=st.sampled_from(k.Sector)),
    st.builds(
        k.Partner,
        name=texts,
        sector=st.just(k.Sector.GOVERNMENT),
        communication_office=st.just(True),
    ),
)
instruments = st.builds(
    k.Instrument, kind=st.sampled_from(k.InstrumentKind), number=texts, signed_on=dates
)
party_refs = st.builds(
    k.PartyRef, kind=st.sampled_from([k.PartyKind.GROUP, k.PartyKind.FORUM]), id=ids
)


def _results(rank: st.SearchStrategy[Any], award: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.builds(
        k.values.CompetitionResult,
        event=texts,
        level=st.sampled_from(k.values.CompetitionLevel),
        year=st.integers(1990, 2200),
        category=texts,
        rank=rank,
        award=award,
    )


_AWARDS = st.sampled_from(["Harapan I", "Harapan II", "Favorit", "Terbaik"])
# A result has a rank, an award, or both.
results = _results(st.integers(1, 100), st.none() | _AWARDS) | _results(st.none(), _AWARDS)
board_seats = st.builds(
    k.BoardSeat,
    person_id=ids,
    name=texts,
    role=st.sampled_from(k.BoardRole),
    division=st.none() | texts,
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), texts)
terms = st.dictionaries(st.text("abcdefghij_", min_size=1, max_size=10), json_scalars, max_size=4)
functions = st.frozensets(st.sampled_from(k.AdindaFunction), min_size=1)
techniques = st.sampled_from([t.name for t in BUILTIN_TECHNIQUES])
officer_terms = st.builds(
    k.values.OfficerTerm, decree=st.none() | decrees, ends_on=st.none() | dates
)

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
