"""The builders ``accepted_commands`` draws for what a party signs, holds, attends, publishes."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.accepted_group import Builder
from kimcore.testing.strategies.values import functions, ids, techniques, texts

__all__ = ["PARTY_BUILDERS"]

_PARTNER = k.Partner(name="Dinas Kesehatan", sector=k.Sector.GOVERNMENT)


_MINISTRY = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.UUID(int=24))


def _party(s: Any) -> k.PartyRef | None:
    parties = [k.PartyRef(kind=k.PartyKind.GROUP, id=g) for g in s.groups] + [
        k.PartyRef(kind=k.PartyKind.FORUM, id=f) for f in s.forums
    ]
    found: k.PartyRef | None = s.pick(parties)
    return found


def _sign(s: Any) -> tuple[Any, ...]:
    party = _party(s)
    if party is None:
        return ()
    partnership_id = s.draw(ids)
    command = k.SignPartnership(
        party=party,
        partnership_id=partnership_id,
        partnership_type="regulation",
        partner=_PARTNER,
        terms=k.domain.RegulationTerms(legal_basis="Permenkominfo 4/2024"),
        instrument=k.Instrument(kind=k.InstrumentKind.MOU, number="MOU-1", signed_on=s.day),
        signed_on=s.day,
    )
    s.partnerships.append((party, partnership_id))
    return (command,)


def _end(s: Any) -> tuple[Any, ...]:
    found = s.pick(s.partnerships)
    if found is None:  # sign one first, so that there is one to end
        signed = _sign(s)
        return signed + _end(s) if signed else ()
    party, partnership_id = found
    return (
        k.EndPartnership(
            party=party, partnership_id=partnership_id, reason="finished", ended_on=s.day
        ),
    )


def _hold(s: Any) -> tuple[Any, ...]:
    party = _party(s)
    if party is None:
        return ()
    under = s.pick([p for owner, p in s.partnerships if owner == party] + [None])
    return (
        k.HoldActivity(
            party=party,
            activity_id=s.draw(ids),
            technique=s.draw(techniques),
            functions=s.draw(functions),
            delivery=k.Delivery.IN_PERSON,
            topic=s.draw(texts),
            held_on=s.day,
            place="Balai desa",
            attendance=s.draw(st.integers(0, 500)),
            partnership_id=under,
        ),
    )


def _take_part(s: Any) -> tuple[Any, ...]:
    party = _party(s)
    if party is None:
        return ()
    return (
        k.commands.TakePartInActivity(
            party=party,
            activity_id=s.draw(ids),
            organiser=_MINISTRY,
            organiser_name="Kementerian Komunikasi dan Digital",
            technique=s.draw(techniques.filter(lambda t: t != "advocacy")),
            topic=s.draw(texts),
            delivery=k.Delivery.ONLINE,
            held_on=s.day,
        ),
    )


def _publish(s: Any) -> tuple[Any, ...]:
    party = _party(s)
    if party is None:
        return ()
    return (
        k.commands.PublishInformation(
            party=party,
            product_id=s.draw(ids),
            product_type=s.draw(st.sampled_from(k.values.ProductType)),
            title=s.draw(texts),
            topic=s.draw(texts),
            channel="website",
            url="https://kim.example.id/berita",
            reach=s.draw(st.none() | st.integers(0, 10_000)),
            published_on=s.day,
        ),
    )


PARTY_BUILDERS: dict[type[Any], Builder] = {
    k.SignPartnership: _sign,
    k.EndPartnership: _end,
    k.HoldActivity: _hold,
    k.commands.TakePartInActivity: _take_part,
    k.commands.PublishInformation: _publish,
}
"""A builder for each command any party is given: partnerships, activities, products."""
