"""Sequences of commands the domain accepts: every kind, across several groups and forums.

Each step draws a kind of command and builds one about what the sequence has
made so far (its groups, members, officers, forums, partnerships), so that
most are accepted; a command the domain refuses is left out. Kinds that need
another first (a registration needs a confirmation, which needs a chair) are
drawn as the short chain that leads to them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.accepted_practice import PRACTICE_KINDS, practice_builders
from kimcore.testing.strategies.values import channels, functions, ids, members, techniques, texts
from kimcore.testing.world import DISTRICTS, VILLAGES

__all__ = ["KINDS", "accepted_commands", "register_chain"]

# Every kind of command the domain has; ForgetSubject is recorded by handle() too.
KINDS: tuple[type[Any], ...] = (
    k.FormGroup,
    k.JoinGroup,
    k.LeaveGroup,
    k.AppointOfficer,
    k.RelieveOfficer,
    k.ConfirmGroup,
    k.RegisterGroup,
    k.ChangeChannels,
    k.commands.ChangeBounds,
    k.RecordCompetitionResult,
    k.DissolveGroup,
    k.EstablishForum,
    k.InstallForumBoard,
    k.AdmitToForum,
    k.WithdrawFromForum,
    k.DissolveForum,
    k.commands.RecordForumCompetitionResult,
    k.SignPartnership,
    k.EndPartnership,
    k.HoldActivity,
    k.ForgetSubject,
    *PRACTICE_KINDS,
)
"""Every kind of command [`accepted_commands`][kimcore.testing.strategies.accepted_commands]
draws."""
_PARTNER = k.Partner(name="Dinas Kesehatan", sector=k.Sector.GOVERNMENT)


class _Sequence:
    """What the sequence made so far, read back from the application it runs on."""

    def __init__(self, draw: st.DrawFn, app: k.Application, day: dt.date) -> None:
        self.draw = draw
        self.app = app
        self.day = day
        self.groups: list[uuid.UUID] = []
        self.forums: list[uuid.UUID] = []
        self.partnerships: list[tuple[k.PartyRef, uuid.UUID]] = []
        self.accepted: list[Any] = []

    def pick(self, items: list[Any]) -> Any:
        return self.draw(st.sampled_from(items)) if items else None

    def group(self) -> k.domain.GroupState | None:
        group_id = self.pick(self.groups)
        return None if group_id is None else self.app.group(group_id)

    def try_(self, *commands: Any) -> None:
        """Record *commands* in order, keeping those that recorded something."""
        for command in commands:
            try:
                recorded = self.app.handle(command)
            except k.DomainError:
                continue
            if recorded:
                self.accepted.append(command)


def _form(s: _Sequence) -> tuple[Any, ...]:
    village = s.pick(VILLAGES)
    urban = village.code.split(".")[-1].startswith("1")
    minimum = s.app.policy.bounds.minimum
    founders = s.draw(
        st.lists(members, min_size=minimum, max_size=minimum + 2, unique_by=lambda m: m.member_id)
    )
    group_id = s.draw(ids)
    s.groups.append(group_id)
    return (
        k.FormGroup(
            group_id=group_id,
            name=s.draw(texts),
            seat=k.Seat(
                region=village,
                settlement=k.Settlement.URBAN_WARD if urban else k.Settlement.VILLAGE,
                area=k.Area.URBAN if urban else k.Area.RURAL,
            ),
            founders=tuple(founders),
            channels=s.draw(channels),
            formed_on=s.day,
        ),
    )


def _chair(s: _Sequence, state: k.domain.GroupState) -> tuple[Any, ...]:
    if state.chair is not None or not state.members:
        return ()
    return (
        k.AppointOfficer(
            group_id=state.group_id,
            member_id=s.pick(sorted(state.members)),
            post=k.Post(role=k.OfficerRole.CHAIR),
            appointed_on=s.day,
        ),
    )


def _confirmation(state: k.domain.GroupState, day: dt.date) -> k.ConfirmGroup:
    urban = state.seat.settlement is k.Settlement.URBAN_WARD
    authority = k.Authority.LURAH if urban else k.Authority.VILLAGE_HEAD
    return k.ConfirmGroup(
        group_id=state.group_id,
        decree=k.Decree(
            number="SK-1", issued_on=day, authority=authority, region=state.seat.region
        ),
    )


def _on_group(
    build: Callable[[_Sequence, k.domain.GroupState], tuple[Any, ...]],
) -> Callable[..., Any]:
    def on_group(s: _Sequence) -> tuple[Any, ...]:
        state = s.group()
        return () if state is None else build(s, state)

    return on_group


def _join(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.JoinGroup(group_id=g.group_id, member=s.draw(members), joined_on=s.day),)


def _leave(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    person = s.pick(sorted(g.members))
    if person is None:
        return ()
    reason = s.draw(st.sampled_from(k.values.LeaveReason))
    return (k.LeaveGroup(group_id=g.group_id, member_id=person, reason=reason, left_on=s.day),)


def _appoint(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    person = s.pick(sorted(g.members))
    if person is None:
        return ()
    role = s.draw(st.sampled_from([k.OfficerRole.SECRETARY, k.OfficerRole.TREASURER]))
    post = k.Post(role=role)
    return (
        *_chair(s, g),
        k.AppointOfficer(group_id=g.group_id, member_id=person, post=post, appointed_on=s.day),
    )


def _relieve(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    held = sorted(
        ((m, post) for m, posts in g.posts.items() for post in posts),
        key=lambda pair: (pair[0], str(pair[1])),
    )
    if not held:
        return _chair(s, g)
    person, post = s.pick(held)
    return (k.RelieveOfficer(group_id=g.group_id, member_id=person, post=post, relieved_on=s.day),)


def _confirm(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (*_chair(s, g), _confirmation(g, s.day))


def register_chain(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    """The commands that register *g* with its regency's office (chair and decree first)."""
    regency = g.seat.region.ancestor_code(k.values.RegionLevel.REGENCY)
    office = k.CommunicationOffice(name="Diskominfo", region=k.Region(code=regency, name="Kota"))
    return (
        *_chair(s, g),
        _confirmation(g, s.day),
        k.RegisterGroup(
            group_id=g.group_id, office=office, registration_number="KIM-1", registered_on=s.day
        ),
    )


def _channels(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.ChangeChannels(group_id=g.group_id, channels=s.draw(channels), changed_on=s.day),)


def _bounds(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    """New bounds the group's members fit under (a minimum above them leaves it below minimum)."""
    count = len(g.members)
    maximum = s.draw(st.integers(max(count, 1), max(count, 1) + 20))
    minimum = s.draw(st.integers(1, maximum))
    bounds = k.values.MembershipBounds(minimum=minimum, maximum=maximum)
    return (k.commands.ChangeBounds(group_id=g.group_id, bounds=bounds, changed_on=s.day),)


def _result(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    result = k.values.CompetitionResult(
        event="Festival KIM",
        level=k.values.CompetitionLevel.PROVINCE,
        year=s.day.year,
        category="video",
        rank=s.draw(st.integers(1, 3)),
    )
    return (k.RecordCompetitionResult(group_id=g.group_id, recorded_on=s.day, result=result),)


def _dissolve_group(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.DissolveGroup(group_id=g.group_id, reason="merged", dissolved_on=s.day),)


def _establish(s: _Sequence) -> tuple[Any, ...]:
    # Mostly the district of a group there is, so that the forum has someone to admit.
    seated = [
        g.seat.region.ancestor_code(k.values.RegionLevel.DISTRICT)
        for g in map(s.app.group, s.groups)
        if g
    ]
    district = s.pick([d for d in DISTRICTS if d.code in seated] or DISTRICTS)
    forum_id = k.domain.forum_id_for(k.ForumLevel.DISTRICT, district.code)
    if forum_id not in s.forums:
        s.forums.append(forum_id)
    decree = k.Decree(number="SK-F", issued_on=s.day, authority=k.Authority.CAMAT, region=district)
    return (
        k.EstablishForum(
            name=f"Forum KIM {district.name}",
            level=k.ForumLevel.DISTRICT,
            region=district,
            decree=decree,
            established_on=s.day,
        ),
    )


def _on_forum(
    build: Callable[[_Sequence, k.domain.ForumState], tuple[Any, ...]],
) -> Callable[..., Any]:
    def on_forum(s: _Sequence) -> tuple[Any, ...]:
        forum_id = s.pick(s.forums)
        state = None if forum_id is None else s.app.forum(forum_id)
        return () if state is None else build(s, state)

    return on_forum


def _board(s: _Sequence, f: k.domain.ForumState) -> tuple[Any, ...]:
    person = s.draw(members)
    seat = k.BoardSeat(person_id=person.member_id, name=person.name, role=k.BoardRole.CHAIR)
    start = max(s.day, f.term_end + dt.timedelta(days=1)) if f.term_end else s.day
    return (
        k.InstallForumBoard(
            forum_id=f.forum_id,
            seats=(seat,),
            term_start=start,
            term_end=start + dt.timedelta(days=365 * 2),
        ),
    )


def _admit(s: _Sequence, f: k.domain.ForumState) -> tuple[Any, ...]:
    inside = [
        gid
        for gid in s.groups
        if (g := s.app.group(gid)) is not None and g.seat.region.code.startswith(f.region.code)
    ]
    group_id = s.pick(inside)
    if group_id is None:
        return ()
    applicant = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    return (k.AdmitToForum(forum_id=f.forum_id, applicant=applicant, admitted_on=s.day),)


def _withdraw(s: _Sequence, f: k.domain.ForumState) -> tuple[Any, ...]:
    member = s.pick(sorted(f.members))
    if member is None:  # admit one first, so that there is someone to withdraw
        admitted = _admit(s, f)
        if not admitted:
            return ()
        ref = admitted[0].applicant
        return (*admitted, k.WithdrawFromForum(forum_id=f.forum_id, member=ref, withdrew_on=s.day))
    ref = k.PartyRef(kind=f.members[member], id=member)
    return (k.WithdrawFromForum(forum_id=f.forum_id, member=ref, withdrew_on=s.day),)


def _forum_result(s: _Sequence, f: k.domain.ForumState) -> tuple[Any, ...]:
    result = k.values.CompetitionResult(
        event="Festival KIM",
        level=k.values.CompetitionLevel.PROVINCE,
        year=s.day.year,
        category="media sosial",
        award=s.draw(st.sampled_from(["Harapan I", "Favorit"])),
    )
    return (
        k.commands.RecordForumCompetitionResult(
            forum_id=f.forum_id, result=result, recorded_on=s.day
        ),
    )


def _dissolve_forum(s: _Sequence, f: k.domain.ForumState) -> tuple[Any, ...]:
    return (k.DissolveForum(forum_id=f.forum_id, reason="inactive", dissolved_on=s.day),)


def _party(s: _Sequence) -> k.PartyRef | None:
    parties = [k.PartyRef(kind=k.PartyKind.GROUP, id=g) for g in s.groups] + [
        k.PartyRef(kind=k.PartyKind.FORUM, id=f) for f in s.forums
    ]
    found: k.PartyRef | None = s.pick(parties)
    return found


def _sign(s: _Sequence) -> tuple[Any, ...]:
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


def _end(s: _Sequence) -> tuple[Any, ...]:
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


def _hold(s: _Sequence) -> tuple[Any, ...]:
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


def _forget(s: _Sequence, g: k.domain.GroupState) -> tuple[Any, ...]:
    person = s.pick(sorted(g.members))
    if person is None:
        return ()
    return (
        k.ForgetSubject(
            subject_id=person,
            requested_by=k.values.ErasureRequester.DATA_SUBJECT,
            basis=s.draw(st.sampled_from(k.values.ErasureBasis)),
            requested_on=s.day,
        ),
    )


_BUILDERS: dict[type[Any], Callable[[_Sequence], tuple[Any, ...]]] = {
    k.FormGroup: _form,
    k.JoinGroup: _on_group(_join),
    k.LeaveGroup: _on_group(_leave),
    k.AppointOfficer: _on_group(_appoint),
    k.RelieveOfficer: _on_group(_relieve),
    k.ConfirmGroup: _on_group(_confirm),
    k.RegisterGroup: _on_group(register_chain),
    k.ChangeChannels: _on_group(_channels),
    k.commands.ChangeBounds: _on_group(_bounds),
    k.RecordCompetitionResult: _on_group(_result),
    k.DissolveGroup: _on_group(_dissolve_group),
    k.EstablishForum: _establish,
    k.InstallForumBoard: _on_forum(_board),
    k.AdmitToForum: _on_forum(_admit),
    k.WithdrawFromForum: _on_forum(_withdraw),
    k.DissolveForum: _on_forum(_dissolve_forum),
    k.commands.RecordForumCompetitionResult: _on_forum(_forum_result),
    k.SignPartnership: _sign,
    k.EndPartnership: _end,
    k.HoldActivity: _hold,
    k.ForgetSubject: _on_group(_forget),
    **practice_builders(register_chain),
}
# Ending things is drawn less often, so that most sequences have something to show.
_RARE = frozenset({k.DissolveGroup, k.ForgetSubject})


@st.composite
def accepted_commands(
    draw: st.DrawFn, *, max_size: int = 20, policy: k.Policy | None = None
) -> list[Any]:
    """A sequence of commands the domain accepts, one after the other, from a fresh store.

    Every kind of command the domain has may be drawn
    ([`KINDS`][kimcore.testing.strategies.accepted.KINDS], the erasure ``ForgetSubject`` included),
    about up to three groups, the forums of their districts, and their partnerships and activities.
    Replaying the sequence through [`kimcore.Application.handle`][kimcore.Application.handle] on a
    new store records every command. It starts with a group formed at its minimum.
    """
    policy = policy or k.Policy()
    app = k.Application(k.MemoryStore(), policy=policy)
    sequence = _Sequence(draw, app, draw(st.dates(dt.date(2015, 1, 1), dt.date(2040, 1, 1))))
    sequence.try_(*_form(sequence))
    for _ in range(draw(st.integers(0, max_size - 1))):
        sequence.day += dt.timedelta(days=draw(st.integers(0, 30)))
        kind = draw(st.sampled_from(KINDS))
        if kind in _RARE and draw(st.integers(0, 3)):
            continue
        if kind is k.FormGroup and len(sequence.groups) >= 3:
            continue
        sequence.try_(*_BUILDERS[kind](sequence))
        if len(sequence.accepted) >= max_size:
            break
    return sequence.accepted[:max_size]
