"""The builders ``accepted_commands`` draws for a KIM's own stream: founding to merging.

Each builds, from what the sequence made so far, a command (or the short chain
that leads to it: a registration needs a confirmation, which needs a chair)
that the domain accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.values import channels, group_profiles, ids, members, texts
from kimcore.testing.world import VILLAGES

__all__ = ["GROUP_BUILDERS", "Builder", "active_groups", "register_chain"]

Builder = Callable[[Any], tuple[Any, ...]]
"""Builds, from the sequence so far, the commands that lead to one of its kind."""


def _form(s: Any) -> tuple[Any, ...]:
    village = s.pick(VILLAGES)
    urban = village.code.split(".")[-1].startswith("1")
    minimum = s.app.policy.bounds.minimum
    founders = s.draw(
        st.lists(members, min_size=minimum, max_size=minimum + 2, unique_by=lambda m: m.member_id)
    )
    # Now and then under a register number, as an imported KIM is: its id derives from it.
    number = s.draw(st.none() | _REGISTER_NUMBERS)
    group_id = s.draw(ids) if number is None else k.domain.identity.group_id_for_register(number)
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
            profile=s.draw(st.none() | group_profiles),
            register_number=number,
        ),
    )


# Register numbers as offices write them: KIM-6271-001, 12/KIM/2023.
_REGISTER_NUMBERS = st.from_regex(
    r"KIM-[0-9]{4}-[0-9]{3}|[0-9]{1,3}/KIM/20[0-9]{2}", fullmatch=True
)


def _chair(s: Any, state: k.domain.GroupState) -> tuple[Any, ...]:
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
    build: Callable[[Any, k.domain.GroupState], tuple[Any, ...]],
) -> Callable[..., Any]:
    def on_group(s: Any) -> tuple[Any, ...]:
        state = s.group()
        return () if state is None else build(s, state)

    return on_group


def _join(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.JoinGroup(group_id=g.group_id, member=s.draw(members), joined_on=s.day),)


def _leave(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    person = s.pick(sorted(g.members))
    if person is None:
        return ()
    reason = s.draw(st.sampled_from(k.values.LeaveReason))
    return (k.LeaveGroup(group_id=g.group_id, member_id=person, reason=reason, left_on=s.day),)


def _appoint(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    person = s.pick(sorted(g.members))
    if person is None:
        return ()
    role = s.draw(st.sampled_from([k.OfficerRole.SECRETARY, k.OfficerRole.TREASURER]))
    post = k.Post(role=role)
    # Now and then for a term that ends (masa jabatan): lapsed later, or still running.
    years = s.draw(st.none() | st.integers(1, 5))
    term = (
        None if years is None else k.values.OfficerTerm(ends_on=s.day + dt.timedelta(365 * years))
    )
    appoint = k.AppointOfficer(
        group_id=g.group_id, member_id=person, post=post, appointed_on=s.day, term=term
    )
    return (*_chair(s, g), appoint)


def _relieve(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    held = sorted(
        ((m, post) for m, posts in g.posts.items() for post in posts),
        key=lambda pair: (pair[0], str(pair[1])),
    )
    if not held:
        return _chair(s, g)
    person, post = s.pick(held)
    return (k.RelieveOfficer(group_id=g.group_id, member_id=person, post=post, relieved_on=s.day),)


def _confirm(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
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


def _channels(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.ChangeChannels(group_id=g.group_id, channels=s.draw(channels), changed_on=s.day),)


def _profile(s: Any) -> tuple[Any, ...]:
    """A new profile for an open group (sometimes the one it holds, which records nothing)."""
    group = s.pick(active_groups(s))
    if group is None:
        return ()
    profile = s.draw(group_profiles | st.just(group.profile or k.values.GroupProfile()))
    day = max(s.day, group.formed_on)
    return (
        k.commands.ChangeGroupProfile(group_id=group.group_id, profile=profile, changed_on=day),
    )


def _bounds(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    """New bounds the group's members fit under (a minimum above them leaves it below minimum)."""
    count = len(g.members)
    maximum = s.draw(st.integers(max(count, 1), max(count, 1) + 20))
    minimum = s.draw(st.integers(1, maximum))
    bounds = k.values.MembershipBounds(minimum=minimum, maximum=maximum)
    return (k.commands.ChangeBounds(group_id=g.group_id, bounds=bounds, changed_on=s.day),)


def _result(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    result = k.values.CompetitionResult(
        event="Festival KIM",
        level=k.values.CompetitionLevel.PROVINCE,
        year=s.day.year,
        category="video",
        rank=s.draw(st.integers(1, 3)),
    )
    return (k.RecordCompetitionResult(group_id=g.group_id, recorded_on=s.day, result=result),)


def _dissolve_group(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
    return (k.DissolveGroup(group_id=g.group_id, reason="merged", dissolved_on=s.day),)


def _forget(s: Any, g: k.domain.GroupState) -> tuple[Any, ...]:
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


def active_groups(s: Any) -> list[k.domain.GroupState]:
    """The sequence's groups that are still open."""
    return [g for gid in s.groups if (g := s.app.group(gid)) is not None and not g.closed]


def _merge(s: Any) -> tuple[Any, ...]:
    groups = active_groups(s)
    if len(groups) < 2:
        return ()
    first, second = s.draw(st.permutations(groups))[:2]
    day = max(s.day, first.formed_on, second.formed_on)
    return (k.commands.MergeGroup(group_id=first.group_id, into=second.group_id, merged_on=day),)


def _split(s: Any) -> tuple[Any, ...]:
    group = s.pick(active_groups(s))
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
    group = s.pick(active_groups(s))
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


GROUP_BUILDERS: dict[type[Any], Builder] = {
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
    k.ForgetSubject: _on_group(_forget),
    k.commands.MergeGroup: _merge,
    k.commands.SplitGroup: _split,
    k.commands.RecodeSeat: _recode,
    k.commands.ChangeGroupProfile: _profile,
}
"""A builder for each command on a group's stream (and the erasure of a member)."""
