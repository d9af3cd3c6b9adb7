"""Strategies for kimcore's value objects: any well-formed value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.domain.catalogue import BUILTIN_CHANNELS, BUILTIN_TECHNIQUES
from kimcore.domain.regions import PROVINCES, settlement_of

__all__ = [
    "VALUE_STRATEGIES",
    "board_seats",
    "bounds",
    "channels",
    "dates",
    "decrees",
    "functions",
    "group_profiles",
    "ids",
    "instruments",
    "members",
    "offices",
    "partners",
    "party_refs",
    "posts",
    "regions",
    "results",
    "seats",
    "techniques",
    "texts",
]

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

_word = st.builds(
    "{}{}".format,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", max_size=11),
)
_rt_rw = st.integers(0, 999).map(str) | st.integers(0, 99).map("{:03d}".format)
_host = (
    st.lists(_word, min_size=1, max_size=3)
    .map(".".join)
    .flatmap(
        lambda name: st.sampled_from(["kim.id", "desa.id", "go.id", "com"]).map(
            f"{name}.{{}}".format
        )
    )
)
_phone = st.builds(
    "{}{} {} {}".format,
    st.sampled_from(["+62 ", "0"]),
    st.integers(21, 899),
    st.integers(100, 9999),
    st.integers(1000, 9999),
)
_website = st.builds("{}{}".format, st.sampled_from(["", "http://", "https://"]), _host)
social_accounts = st.builds(
    k.values.SocialAccount,
    platform=st.sampled_from(["Instagram", "Facebook", "YouTube", "TikTok", "X"]),
    account=_word.map("@{}".format) | _website,
)
group_profiles = st.builds(
    k.values.GroupProfile,
    street=st.none() | texts.map(lambda s: " ".join(s.split())).filter(bool),
    rt=st.none() | _rt_rw,
    rw=st.none() | _rt_rw,
    public_phone=st.none() | _phone,
    public_email=st.none() | st.builds("{}@{}".format, _word, _host),
    website=st.none() | _website,
    social_accounts=st.lists(social_accounts, max_size=3, unique=True).map(tuple),
)
"""Any well-formed profile of a KIM: its secretariat and public contacts, any field empty."""

VALUE_STRATEGIES: dict[type, st.SearchStrategy[object]] = {
    k.Region: regions(),
    k.Seat: seats,
    k.MemberDetails: members,
    k.values.MembershipBounds: bounds,
    k.Post: posts,
    k.Decree: decrees,
    k.CommunicationOffice: offices,
    k.Partner: partners,
    k.Instrument: instruments,
    k.PartyRef: party_refs,
    k.values.CompetitionResult: results,
    k.BoardSeat: board_seats,
    k.values.GroupProfile: group_profiles,
}
"""The strategy of each value object, for ``st.from_type``."""
