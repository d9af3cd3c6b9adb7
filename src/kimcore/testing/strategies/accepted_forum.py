"""The builders ``accepted_commands`` draws for a forum's stream: founding to governance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.domain.forum_members import current_members
from kimcore.domain.regions import authority_region
from kimcore.testing.strategies.accepted_group import Builder, active_groups
from kimcore.testing.strategies.values import ids, members
from kimcore.testing.world import DISTRICTS

__all__ = ["FORUM_BUILDERS"]


def _establish(s: Any) -> tuple[Any, ...]:
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
    build: Callable[[Any, k.domain.ForumState], tuple[Any, ...]],
) -> Callable[..., Any]:
    def on_forum(s: Any) -> tuple[Any, ...]:
        forum_id = s.pick(s.forums)
        state = None if forum_id is None else s.app.forum(forum_id)
        return () if state is None else build(s, state)

    return on_forum


def _board(s: Any, f: k.domain.ForumState) -> tuple[Any, ...]:
    person = s.draw(members)
    seat = k.BoardSeat(person_id=person.member_id, name=person.name, role=k.BoardRole.CHAIR)
    start = max(s.day, f.term_end + dt.timedelta(days=1)) if f.term_end else s.day
    decree = None
    if f.level in (k.ForumLevel.DISTRICT, k.ForumLevel.REGENCY) and s.draw(st.booleans()):
        # The term's decree (SK kepengurusan), by the office over the forum's region.
        head = k.Authority.COMMUNICATION_OFFICE_HEAD
        decree = k.Decree(
            number=f"SK-P/{start.year}",
            issued_on=start,
            authority=head,
            region=authority_region(head, f.region),
        )
    return (
        k.InstallForumBoard(
            forum_id=f.forum_id,
            seats=(seat,),
            term_start=start,
            term_end=start + dt.timedelta(days=365 * 2),
            decree=decree,
        ),
    )


def _admit(s: Any, f: k.domain.ForumState) -> tuple[Any, ...]:
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


def _current(s: Any, f: k.domain.ForumState) -> dict[Any, k.PartyKind]:
    """The forum's members less the KIMs that ended (they left it then)."""
    return current_members(f.members, lambda ref: s.app.load(ref)[0])


def _withdraw(s: Any, f: k.domain.ForumState) -> tuple[Any, ...]:
    current = _current(s, f)
    member = s.pick(sorted(current))
    if member is None:  # admit one first, so that there is someone to withdraw
        admitted = _admit(s, f)
        if not admitted:
            return ()
        ref = admitted[0].applicant
        return (*admitted, k.WithdrawFromForum(forum_id=f.forum_id, member=ref, withdrew_on=s.day))
    ref = k.PartyRef(kind=current[member], id=member)
    return (k.WithdrawFromForum(forum_id=f.forum_id, member=ref, withdrew_on=s.day),)


def _forum_result(s: Any, f: k.domain.ForumState) -> tuple[Any, ...]:
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


def _dissolve_forum(s: Any, f: k.domain.ForumState) -> tuple[Any, ...]:
    return (k.DissolveForum(forum_id=f.forum_id, reason="inactive", dissolved_on=s.day),)


def _forum(s: Any) -> k.domain.ForumState | None:
    forum_id = s.pick(s.forums)
    return None if forum_id is None else s.app.forum(forum_id)


def _district_forum(s: Any) -> tuple[tuple[Any, ...], k.domain.ForumState | None]:
    """A forum of the sequence, or the command that establishes one (self-organised) and it."""
    forum = _forum(s)
    if forum is not None and forum.active:
        return (), forum
    group = s.pick(active_groups(s))
    if group is None:
        return (), None
    establish = _self_organised(s, group)
    forum = k.domain.ForumState(
        forum_id=establish.forum_id,
        name=establish.name,
        level=establish.level,
        region=establish.region,
        established_on=s.day,
    )
    return (establish,), forum


def _self_organised(s: Any, group: k.domain.GroupState) -> k.EstablishForum:
    """The group's district forum, established without a decree (and known to the sequence)."""
    code = group.seat.region.ancestor_code(k.values.RegionLevel.DISTRICT)
    region = k.Region(code=code, name=f"Kecamatan {code}")
    establish = k.EstablishForum(
        name=f"Forum KIM {code}", level=k.ForumLevel.DISTRICT, region=region, established_on=s.day
    )
    if establish.forum_id not in s.forums:
        s.forums.append(establish.forum_id)
    return establish


def _musyawarah(s: Any) -> tuple[Any, ...]:
    founding, forum = _district_forum(s)
    if forum is None:
        return ()
    if founding and s.draw(st.booleans()):
        return (*founding, *_founding(s, forum))
    members = _current(s, forum)
    admit: tuple[Any, ...] = ()
    if not members:  # admit a group of its region first, so that it has a delegate
        inside = [g for g in active_groups(s) if forum.region.contains(g.seat.region)]
        group = s.pick(inside)
        if group is None:
            return ()
        ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group.group_id)
        admit = (k.AdmitToForum(forum_id=forum.forum_id, applicant=ref, admitted_on=s.day),)
        members[group.group_id] = k.PartyKind.GROUP
    chosen = s.draw(st.lists(st.sampled_from(sorted(members)), min_size=1, unique=True))
    return (
        *founding,
        *admit,
        k.commands.HoldMusyawarah(
            forum_id=forum.forum_id,
            musyawarah_id=s.draw(ids),
            kind=s.draw(st.sampled_from(_KINDS)),
            held_on=s.day,
            place="Aula kecamatan",
            delegates=tuple(k.PartyRef(kind=members[m], id=m) for m in chosen),
        ),
    )


_KINDS = [kind for kind in k.values.MusyawarahKind if kind is not k.values.MusyawarahKind.FOUNDING]


def _founding(s: Any, forum: k.domain.ForumState) -> tuple[Any, ...]:
    """The musyawarah that founds *forum*, just established: delegates of its region's KIMs."""
    inside = [g.group_id for g in active_groups(s) if forum.region.contains(g.seat.region)]
    chosen = s.draw(st.lists(st.sampled_from(inside), min_size=1, unique=True)) if inside else []
    if not chosen:
        return ()
    return (
        k.commands.HoldMusyawarah(
            forum_id=forum.forum_id,
            musyawarah_id=s.draw(ids),
            kind=k.values.MusyawarahKind.FOUNDING,
            held_on=forum.established_on,
            place="Aula kecamatan",
            delegates=tuple(k.PartyRef(kind=k.PartyKind.GROUP, id=g) for g in chosen),
        ),
    )


def _replace_chair(s: Any) -> tuple[Any, ...]:
    founding, forum = _district_forum(s)
    if forum is None:
        return ()
    board: tuple[Any, ...] = ()
    running = forum.term_start is not None and forum.term_end is not None
    if not (running and forum.term_start <= s.day <= forum.term_end):
        if forum.term_end is not None and s.day <= forum.term_end:
            return ()
        first = s.draw(members)
        seat = k.BoardSeat(person_id=first.member_id, name=first.name, role=k.BoardRole.CHAIR)
        board = (
            k.InstallForumBoard(
                forum_id=forum.forum_id,
                seats=(seat,),
                term_start=s.day,
                term_end=s.day + dt.timedelta(days=3 * 365),
            ),
        )
    person = s.draw(members)
    return (
        *founding,
        *board,
        k.commands.ReplaceForumChair(
            forum_id=forum.forum_id,
            chair=k.BoardSeat(person_id=person.member_id, name=person.name, role=k.BoardRole.CHAIR),
            reason=s.draw(
                st.sampled_from(
                    [k.values.ChairChangeReason.RESIGNED, k.values.ChairChangeReason.DIED]
                )
            ),
            replaced_on=s.day,
        ),
    )


def _confirm_forum(s: Any) -> tuple[Any, ...]:
    group = s.pick(active_groups(s))
    if group is None:
        return ()
    establish = _self_organised(s, group)
    decree = k.Decree(
        number="SK-FK", issued_on=s.day, authority=k.Authority.CAMAT, region=establish.region
    )
    return (establish, k.commands.ConfirmForum(forum_id=establish.forum_id, decree=decree))


FORUM_BUILDERS: dict[type[Any], Builder] = {
    k.EstablishForum: _establish,
    k.InstallForumBoard: _on_forum(_board),
    k.AdmitToForum: _on_forum(_admit),
    k.WithdrawFromForum: _on_forum(_withdraw),
    k.DissolveForum: _on_forum(_dissolve_forum),
    k.commands.RecordForumCompetitionResult: _on_forum(_forum_result),
    k.commands.HoldMusyawarah: _musyawarah,
    k.commands.ReplaceForumChair: _replace_chair,
    k.commands.ConfirmForum: _confirm_forum,
}
"""A builder for each command on a forum's stream."""
