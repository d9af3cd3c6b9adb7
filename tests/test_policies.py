"""Rules kimcore made up are switches: on, a fact breaking one is refused; off, it is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import (
    DISTRICT,
    REGENCY,
    VILLAGE,
    D,
    activity,
    establish,
    formed,
    member,
    run_forum,
    run_group,
    sign,
)

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain.partnership_types import topics_match
from kimcore.domain.rules import Rules


def policy(**switches: bool) -> k.Policy:
    return k.Policy(rules=Rules(**switches))


def refused_only_when_on(on: bool, error: type[Exception], decide: Callable[[], Any]) -> Any:
    """Switched on, *decide* raises *error*; off, it records something, which is returned."""
    if on:
        with pytest.raises(error):
            decide()
        return None
    recorded = decide()
    assert recorded
    return recorded


@given(on=st.booleans())
def test_an_experience_partnership_needs_an_earlier_activity_only_when_switched_on(
    on: bool,
) -> None:
    command = sign("experience")
    rules = policy(experience_needs_prior_activity=on)
    refused_only_when_on(
        on, e.NoPriorActivityOnTopic, lambda: run_group([formed()], command, rules)
    )


@given(
    held=st.dates(D(2024, 1, 2), D(2024, 12, 31)),
    signed=st.dates(D(2024, 1, 2), D(2024, 12, 31)),
)
def test_earlier_means_an_earlier_date(held: dt.date, signed: dt.date) -> None:
    # The activity is recorded first, whatever its date: only its date decides.
    history = [formed(), *run_group([formed()], activity(held_on=held))]
    command = sign("experience", signed_on=signed)
    rules = policy(experience_needs_prior_activity=True)
    if held < signed:
        assert run_group(history, command, rules)
    else:
        with pytest.raises(e.NoPriorActivityOnTopic, match=f"before {signed}"):
            run_group(history, command, rules)


@pytest.mark.parametrize(
    ("partnership", "activity_topic", "counts"),
    [
        ("penyuluhan kesehatan", "Penyuluhan kesehatan ibu dan anak", True),
        ("Penyuluhan  Kesehatan", "penyuluhan kesehatan", True),
        ("literasi digital untuk pemuda", "Literasi digital", True),
        ("kesehatan", "pertanian", False),
        ("dan", "dan untuk", False),
        ("penyuluhan kesehatan.", "Penyuluhan Kesehatan", True),
    ],
)
def test_topics_match_by_their_words(partnership: str, activity_topic: str, counts: bool) -> None:
    assert topics_match(partnership, activity_topic) is counts
    history = [formed(), *run_group([formed()], activity(activity_topic, held_on=D(2024, 3, 1)))]
    command = sign("experience", terms=k.domain.ExperienceTerms(topic=partnership))
    rules = policy(experience_needs_prior_activity=True)
    if counts:
        assert run_group(history, command, rules)
    else:
        with pytest.raises(e.NoPriorActivityOnTopic):
            run_group(history, command, rules)
    assert run_group(history, command)  # off by default: recorded either way


@given(on=st.booleans(), place=st.sampled_from(["", " ", "Balai"]))
def test_analog_meeting_details_only_when_switched_on(on: bool, place: str) -> None:
    terms = k.domain.AnalogTerms(meeting_place=place, meeting_frequency="")
    command = sign("analog", terms=terms)
    rules = policy(analog_needs_meeting_details=on)
    refused_only_when_on(
        on, e.PartnershipTermsInvalid, lambda: run_group([formed()], command, rules)
    )


@given(on=st.booleans())
def test_a_signed_instrument_only_when_switched_on(on: bool) -> None:
    command = attrs.evolve(sign(), instrument=None)
    rules = policy(partnership_needs_instrument=on)
    recorded = refused_only_when_on(
        on, e.InstrumentRequired, lambda: run_group([formed()], command, rules)
    )
    if recorded is not None:
        [signed] = recorded
        assert signed.instrument is None


@given(on=st.booleans())
def test_a_group_below_minimum_signs_only_when_switched_off(on: bool) -> None:
    history = [formed(3)]
    history += run_group(
        history,
        k.LeaveGroup(
            group_id=formed().group_id,
            member_id=member(0).member_id,
            reason=k.values.LeaveReason.RESIGNED,
            left_on=D(2024, 2, 1),
        ),
    )
    rules = policy(below_minimum_cannot_sign=on)
    refused_only_when_on(on, e.BelowMinimumCannotSign, lambda: run_group(history, sign(), rules))


@given(on=st.booleans())
def test_a_forum_without_a_decree_only_when_switched_off(on: bool) -> None:
    command = attrs.evolve(establish(), decree=None)
    rules = policy(forum_needs_decree=on)
    recorded = refused_only_when_on(
        on, e.ForumDecreeRequired, lambda: run_forum([], command, policy=rules)
    )
    if recorded is not None:
        [established] = recorded
        assert established.decree is None
        assert established.region == DISTRICT


@given(on=st.booleans(), overlap=st.integers(1, 300))
def test_a_new_board_mid_term_only_when_switched_off(on: bool, overlap: int) -> None:
    history = list(run_forum([], establish()))
    seat = k.BoardSeat(person_id=member(1).member_id, name="Ketua", role=k.BoardRole.CHAIR)
    first = k.InstallForumBoard(
        forum_id=establish().forum_id,
        seats=(seat,),
        term_start=D(2024, 1, 1),
        term_end=D(2026, 1, 1),
    )
    history += run_forum(history, first)
    start = D(2026, 1, 1) - dt.timedelta(days=overlap)
    second = attrs.evolve(first, term_start=start, term_end=D(2029, 1, 1))
    rules = policy(board_after_term_ends=on)
    refused_only_when_on(on, e.BoardTermNotEnded, lambda: run_forum(history, second, policy=rules))


@given(on=st.booleans(), years=st.integers(1, 5))
def test_a_board_without_its_decree_only_when_switched_off(on: bool, years: int) -> None:
    history = list(run_forum([], establish()))
    seat = k.BoardSeat(person_id=member(1).member_id, name="Ketua", role=k.BoardRole.CHAIR)
    start = D(2024, 3, 1)
    command = k.InstallForumBoard(
        forum_id=establish().forum_id,
        seats=(seat,),
        term_start=start,
        term_end=start + dt.timedelta(days=365 * years),
    )
    rules = policy(board_needs_decree=on)
    recorded = refused_only_when_on(
        on, e.BoardDecreeRequired, lambda: run_forum(history, command, policy=rules)
    )
    if recorded is not None:
        [installed] = recorded
        assert installed.decree is None


@given(on=st.booleans(), forum_applies=st.booleans())
def test_a_regency_forum_of_district_forums_only_when_switched_on(
    on: bool, forum_applies: bool
) -> None:
    regency = establish(k.ForumLevel.REGENCY, REGENCY, k.Authority.MAYOR)
    history = list(run_forum([], regency))
    applicant = k.domain.Applicant(
        ref=k.PartyRef(
            kind=k.PartyKind.FORUM if forum_applies else k.PartyKind.GROUP,
            id=k.domain.forum_id_for(k.ForumLevel.DISTRICT, DISTRICT.code),
        ),
        region=DISTRICT if forum_applies else VILLAGE,
        forum_level=k.ForumLevel.DISTRICT if forum_applies else None,
        active=True,
    )
    command = k.AdmitToForum(
        forum_id=regency.forum_id, applicant=applicant.ref, admitted_on=D(2024, 2, 1)
    )
    rules = policy(regency_forum_of_district_forums=on)
    if on is forum_applies:
        [admitted] = run_forum(history, command, applicant, policy=rules)
        assert admitted.member_kind is applicant.ref.kind
    else:
        with pytest.raises(e.WrongApplicantLevel):
            run_forum(history, command, applicant, policy=rules)


@given(on=st.booleans())
def test_an_activity_without_a_function_only_when_switched_off(on: bool) -> None:
    command = activity(functions=frozenset())
    rules = policy(activity_needs_function=on)
    refused_only_when_on(
        on, e.ActivityFunctionRequired, lambda: run_group([formed()], command, rules)
    )


def test_the_defaults_are_documented_ones() -> None:
    # The rules kimcore invented about partnerships and activities are off by default.
    assert attrs.asdict(Rules()) == {
        "experience_needs_prior_activity": False,
        "analog_needs_meeting_details": False,
        "partnership_needs_instrument": False,
        "one_partnership_per_type_and_partner": False,
        "activity_needs_function": False,
        "advocacy_needs_kind": False,
        "below_minimum_cannot_sign": True,
        "forum_needs_decree": False,
        "board_after_term_ends": True,
        "refuse_future_dates": True,
        "regency_forum_of_district_forums": False,
        "board_needs_decree": False,
        "evaluation_needs_result": False,
    }
    with pytest.raises(e.InvalidValue, match="forum_needs_decree"):
        Rules(forum_needs_decree="yes")  # type: ignore[arg-type]


@given(on=st.booleans())
def test_one_partnership_per_type_and_partner_only_when_switched_on(on: bool) -> None:
    history = [formed()]
    history += run_group(history, sign())
    second = sign(partnership_id=k.domain.identity.KIMCORE_NAMESPACE)
    rules = policy(one_partnership_per_type_and_partner=on)
    refused_only_when_on(
        on, e.DuplicateActivePartnership, lambda: run_group(history, second, rules)
    )


def test_an_attended_activity_counts_as_experience_on_its_topic() -> None:
    organiser = k.PartyRef(kind=k.values.PartyKind.GOVERNMENT_BODY, id=formed().group_id)
    attended = k.commands.TakePartInActivity(
        party=k.PartyRef(kind=k.values.PartyKind.GROUP, id=formed().group_id),
        activity_id=k.domain.identity.KIMCORE_NAMESPACE,
        organiser=organiser,
        organiser_name="Dinas Kesehatan",
        technique="sosialisasi",
        topic="Pencegahan stunting.",
        delivery=k.Delivery.IN_PERSON,
        held_on=D(2024, 3, 1),
        attendees=12,
    )
    history = [formed(), *run_group([formed()], attended)]
    command = sign("experience", terms=k.domain.ExperienceTerms(topic="pencegahan stunting"))
    assert run_group(history, command, policy(experience_needs_prior_activity=True))
