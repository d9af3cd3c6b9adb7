"""Strategies for commands: any well-formed command, and sequences the domain accepts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.values import (
    board_seats,
    bounds,
    channels,
    dates,
    decrees,
    functions,
    ids,
    instruments,
    members,
    offices,
    partners,
    party_refs,
    posts,
    regions,
    results,
    seats,
    techniques,
    texts,
)

__all__ = ["COMMAND_STRATEGIES", "accepted_commands", "commands"]

COMMAND_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    k.FormGroup: st.builds(
        k.FormGroup,
        group_id=ids,
        name=texts,
        seat=seats,
        founders=st.lists(members, min_size=1, max_size=6).map(tuple),
        channels=channels,
        formed_on=dates,
        bounds=st.none() | bounds,
    ),
    k.JoinGroup: st.builds(k.JoinGroup, group_id=ids, member=members, joined_on=dates),
    k.LeaveGroup: st.builds(
        k.LeaveGroup,
        group_id=ids,
        member_id=ids,
        reason=st.sampled_from(k.LeaveReason),
        left_on=dates,
    ),
    k.AppointOfficer: st.builds(
        k.AppointOfficer, group_id=ids, member_id=ids, post=posts, appointed_on=dates
    ),
    k.RelieveOfficer: st.builds(
        k.RelieveOfficer, group_id=ids, member_id=ids, post=posts, relieved_on=dates
    ),
    k.ConfirmGroup: st.builds(k.ConfirmGroup, group_id=ids, decree=decrees),
    k.RegisterGroup: st.builds(
        k.RegisterGroup,
        group_id=ids,
        office=offices,
        registration_number=texts,
        registered_on=dates,
    ),
    k.ChangeChannels: st.builds(
        k.ChangeChannels, group_id=ids, channels=channels, changed_on=dates
    ),
    k.RecordCompetitionResult: st.builds(
        k.RecordCompetitionResult, group_id=ids, result=results, recorded_on=dates
    ),
    k.DissolveGroup: st.builds(k.DissolveGroup, group_id=ids, reason=texts, dissolved_on=dates),
    k.EstablishForum: st.builds(
        k.EstablishForum,
        name=texts,
        level=st.sampled_from(k.ForumLevel),
        region=regions(),
        decree=decrees,
        established_on=dates,
    ),
    k.InstallForumBoard: st.builds(
        k.InstallForumBoard,
        forum_id=ids,
        seats=st.lists(board_seats, min_size=1, max_size=4).map(tuple),
        term_start=dates,
        term_end=dates,
    ),
    k.AdmitToForum: st.builds(
        k.AdmitToForum, forum_id=ids, applicant=party_refs, admitted_on=dates
    ),
    k.WithdrawFromForum: st.builds(
        k.WithdrawFromForum, forum_id=ids, member=party_refs, withdrew_on=dates
    ),
    k.DissolveForum: st.builds(k.DissolveForum, forum_id=ids, reason=texts, dissolved_on=dates),
    k.SignPartnership: st.builds(
        k.SignPartnership,
        party=party_refs,
        partnership_id=ids,
        partnership_type=st.just("regulation"),
        partner=partners,
        terms=st.builds(k.RegulationTerms, legal_basis=texts),
        instrument=instruments,
        signed_on=dates,
    ),
    k.EndPartnership: st.builds(
        k.EndPartnership, party=party_refs, partnership_id=ids, reason=texts, ended_on=dates
    ),
    k.HoldActivity: st.builds(
        k.HoldActivity,
        party=party_refs,
        activity_id=ids,
        technique=techniques,
        functions=functions,
        delivery=st.just(k.Delivery.HYBRID),
        topic=texts,
        held_on=dates,
        place=texts,
        link=texts,
        attendance=st.integers(0, 10_000),
    ),
    k.ForgetSubject: st.builds(
        k.ForgetSubject,
        subject_id=ids,
        requested_by=st.sampled_from(k.ErasureRequester),
        basis=st.sampled_from(k.ErasureBasis),
        requested_on=dates,
    ),
}

commands: st.SearchStrategy[Any] = st.one_of(*COMMAND_STRATEGIES.values())


@st.composite
def accepted_commands(
    draw: st.DrawFn, *, max_size: int = 20, policy: k.Policy | None = None
) -> list[k.Command]:
    """A sequence of commands the domain accepts, one after the other, from a fresh store.

    Starts with a group formed at its minimum; each further command is drawn
    about the groups and people already there (join, leave, officers,
    confirmation, registration, channels, activities, partnerships) and kept
    only if the domain accepts it after the ones before. Replaying the
    sequence through an :class:`~kimcore.Application` on a new store records
    every command.
    """
    policy = policy or k.Policy()
    app = k.Application(k.MemoryStore(), policy=policy)
    minimum = policy.bounds.minimum
    group_id = draw(ids)
    start = draw(dates.filter(lambda d: d.year < 2090))
    formed = k.FormGroup(
        group_id=group_id,
        name=draw(texts),
        seat=draw(seats),
        founders=tuple(
            draw(
                st.lists(
                    members, min_size=minimum, max_size=minimum + 2, unique_by=lambda m: m.member_id
                )
            )
        ),
        channels=draw(channels),
        formed_on=start,
    )
    accepted: list[k.Command] = [formed]
    app.handle(formed)
    day = start
    for _ in range(draw(st.integers(0, max_size - 1))):
        day += dt.timedelta(days=draw(st.integers(0, 30)))
        state = app.group(group_id)
        assert state is not None
        people = sorted(state.members)
        member = draw(st.sampled_from(people)) if people else draw(ids)
        candidate = draw(
            st.one_of(
                st.builds(
                    k.JoinGroup, group_id=st.just(group_id), member=members, joined_on=st.just(day)
                ),
                st.builds(
                    k.LeaveGroup,
                    group_id=st.just(group_id),
                    member_id=st.just(member),
                    reason=st.sampled_from(k.LeaveReason),
                    left_on=st.just(day),
                ),
                st.builds(
                    k.AppointOfficer,
                    group_id=st.just(group_id),
                    member_id=st.just(member),
                    post=posts,
                    appointed_on=st.just(day),
                ),
                st.builds(
                    k.ConfirmGroup,
                    group_id=st.just(group_id),
                    decree=st.builds(
                        k.Decree,
                        number=texts,
                        issued_on=st.just(day),
                        authority=st.sampled_from(k.Authority),
                    ),
                ),
                st.builds(
                    k.ChangeChannels,
                    group_id=st.just(group_id),
                    channels=channels,
                    changed_on=st.just(day),
                ),
                st.builds(
                    k.HoldActivity,
                    party=st.just(k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)),
                    activity_id=ids,
                    technique=techniques,
                    functions=functions,
                    delivery=st.just(k.Delivery.IN_PERSON),
                    topic=texts,
                    held_on=st.just(day),
                    place=texts,
                    attendance=st.integers(0, 500),
                ),
            )
        )
        try:
            app.handle(candidate)
        except k.DomainError:
            continue  # refused here: not part of an accepted sequence
        accepted.append(candidate)
    return accepted
