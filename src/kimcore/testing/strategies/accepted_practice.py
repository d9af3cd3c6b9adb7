"""The builders ``accepted_commands`` draws for a KIM's practice, forum governance and mapping.

Each builds, from what the sequence made so far, a command (or the short chain
that leads to it: a mapping report needs a mapping, which needs a
registration) that the domain accepts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.practice import profiles
from kimcore.testing.strategies.values import ids, members, techniques, texts
from kimcore.testing.world import VILLAGES

__all__ = ["PRACTICE_KINDS", "practice_builders"]

Builder = Callable[[Any], tuple[Any, ...]]
Chain = Callable[[Any, k.domain.GroupState], tuple[Any, ...]]

PRACTICE_KINDS: tuple[type[Any], ...] = (
    k.commands.TakePartInActivity,
    k.commands.PublishInformation,
    k.commands.MergeGroup,
    k.commands.SplitGroup,
    k.commands.RecodeSeat,
    k.commands.HoldMusyawarah,
    k.commands.ReplaceForumChair,
    k.commands.ConfirmForum,
    k.commands.MapGroup,
    k.commands.ReportMapping,
    k.commands.CoordinateMapping,
)
_MINISTRY = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.UUID(int=24))


def _party(s: Any) -> k.PartyRef | None:
    parties = [k.PartyRef(kind=k.PartyKind.GROUP, id=g) for g in s.groups]
    parties += [k.PartyRef(kind=k.PartyKind.FORUM, id=f) for f in s.forums]
    found: k.PartyRef | None = s.pick(parties)
    return found


def _groups(s: Any) -> list[k.domain.GroupState]:
    return [g for gid in s.groups if (g := s.app.group(gid)) is not None and not g.closed]


def _forum(s: Any) -> k.domain.ForumState | None:
    forum_id = s.pick(s.forums)
    return None if forum_id is None else s.app.forum(forum_id)


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


def _merge(s: Any) -> tuple[Any, ...]:
    groups = _groups(s)
    if len(groups) < 2:
        return ()
    first, second = s.draw(st.permutations(groups))[:2]
    day = max(s.day, first.formed_on, second.formed_on)
    return (k.commands.MergeGroup(group_id=first.group_id, into=second.group_id, merged_on=day),)


def _split(s: Any) -> tuple[Any, ...]:
    group = s.pick(_groups(s))
    if group is None:
        return ()
    new_id = s.draw(ids)
    s.groups.append(new_id)
    founders = s.draw(st.lists(members, min_size=3, max_size=4, unique_by=lambda m: m.member_id))
    return (
        k.commands.SplitGroup(
            group_id=group.group_id, into=(new_id,), continues=True, split_on=s.day
        ),
        k.FormGroup(
            group_id=new_id,
            name=s.draw(texts),
            seat=group.seat,
            founders=tuple(founders),
            formed_on=s.day,
            split_from=group.group_id,
        ),
    )


def _recode(s: Any) -> tuple[Any, ...]:
    group = s.pick(_groups(s))
    if group is None:
        return ()
    old = group.seat.region.code
    same = [v for v in VILLAGES if v.code[:8] == old[:8] and v.code != old]
    village = s.pick(same)
    if village is None:
        return ()
    urban = village.code.split(".")[-1].startswith("1")
    seat = k.Seat(
        region=village,
        settlement=k.Settlement.URBAN_WARD if urban else k.Settlement.VILLAGE,
        area=group.seat.area,
    )
    return (k.commands.RecodeSeat(group_id=group.group_id, seat=seat, recoded_on=s.day),)


def _district_forum(s: Any) -> tuple[tuple[Any, ...], k.domain.ForumState | None]:
    """A forum of the sequence, or the command that establishes one (self-organised) and it."""
    forum = _forum(s)
    if forum is not None and forum.active:
        return (), forum
    group = s.pick(_groups(s))
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
    members = dict(forum.members)
    admit: tuple[Any, ...] = ()
    if not members:  # admit a group of its region first, so that it has a delegate
        inside = [g for g in _groups(s) if forum.region.contains(g.seat.region)]
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
            kind=s.draw(st.sampled_from(k.values.MusyawarahKind)),
            held_on=s.day,
            place="Aula kecamatan",
            delegates=tuple(k.PartyRef(kind=members[m], id=m) for m in chosen),
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
    group = s.pick(_groups(s))
    if group is None:
        return ()
    establish = _self_organised(s, group)
    decree = k.Decree(
        number="SK-FK", issued_on=s.day, authority=k.Authority.CAMAT, region=establish.region
    )
    return (establish, k.commands.ConfirmForum(forum_id=establish.forum_id, decree=decree))


def _office(group: k.domain.GroupState) -> k.CommunicationOffice:
    code = group.seat.region.ancestor_code(k.values.RegionLevel.REGENCY)
    return k.CommunicationOffice(name="Diskominfo", region=k.Region(code=code, name="Kota"))


def practice_builders(register: Chain) -> dict[type[Any], Builder]:
    """The builders, given the chain that registers a group (``accepted``'s own)."""

    def mapped(s: Any) -> tuple[tuple[Any, ...], k.domain.GroupState | None]:
        group = s.pick(_groups(s))
        if group is None:
            return (), None
        chain = () if group.office is not None else register(s, group)
        command = k.commands.MapGroup(
            office=_office(group),
            group_id=group.group_id,
            profile=s.draw(profiles),
            mapped_on=s.day,
        )
        return (*chain, command), group

    def reported(s: Any) -> tuple[tuple[Any, ...], k.domain.GroupState | None, uuid.UUID]:
        chain, group = mapped(s)
        report_id = s.draw(ids)
        if group is None:
            return (), None, report_id
        report = k.commands.ReportMapping(
            office=_office(group),
            report_id=report_id,
            year=s.day.year,
            groups=(group.group_id,),
            reported_on=s.day,
        )
        return (*chain, report), group, report_id

    def coordinated(s: Any) -> tuple[Any, ...]:
        chain, group, report_id = reported(s)
        if group is None:
            return ()
        code = group.seat.region.ancestor_code(k.values.RegionLevel.PROVINCE)
        return (
            *chain,
            k.commands.CoordinateMapping(
                province=k.Region(code=code, name="Provinsi"),
                office_name="Diskominfo Provinsi",
                report_office=_office(group),
                report_id=report_id,
                coordinated_on=s.day,
            ),
        )

    return {
        k.commands.TakePartInActivity: _take_part,
        k.commands.PublishInformation: _publish,
        k.commands.MergeGroup: _merge,
        k.commands.SplitGroup: _split,
        k.commands.RecodeSeat: _recode,
        k.commands.HoldMusyawarah: _musyawarah,
        k.commands.ReplaceForumChair: _replace_chair,
        k.commands.ConfirmForum: _confirm_forum,
        k.commands.MapGroup: lambda s: mapped(s)[0],
        k.commands.ReportMapping: lambda s: reported(s)[0],
        k.commands.CoordinateMapping: coordinated,
    }
