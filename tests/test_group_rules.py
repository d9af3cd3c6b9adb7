"""Each rule of domain.md on groups, shown by example."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from tests.builders import (
    GROUP_ID,
    OFFICE,
    POLICY,
    D,
    chaired,
    context,
    decree,
    form,
    formed,
    group_after,
    member,
    mid,
    registered,
    run_group,
    seat,
)

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain import group

CHAIR = k.Post(role=k.OfficerRole.CHAIR)
SECRETARY = k.Post(role=k.OfficerRole.SECRETARY)
TREASURER = k.Post(role=k.OfficerRole.TREASURER)


def appoint(n: int, post: k.Post) -> k.AppointOfficer:
    return k.AppointOfficer(
        group_id=GROUP_ID, member_id=mid(n), post=post, appointed_on=D(2024, 1, 3)
    )


def join(n: int, **kw: object) -> k.JoinGroup:
    return k.JoinGroup(group_id=GROUP_ID, member=member(n, **kw), joined_on=D(2024, 1, 5))  # type: ignore[arg-type]


def leave(n: int) -> k.LeaveGroup:
    return k.LeaveGroup(group_id=GROUP_ID, member_id=mid(n), left_on=D(2024, 1, 6))


def _registration(on: dt.date, office: k.CommunicationOffice = OFFICE) -> k.RegisterGroup:
    """Registering the group with *office* (its own regency's by default) on *on*."""
    return k.RegisterGroup(
        group_id=GROUP_ID, office=office, registration_number="R", registered_on=on
    )


KATINGAN = k.CommunicationOffice(
    name="Diskominfo Katingan", region=k.Region(code="62.06", name="Katingan")
)


def _confirm(authority: k.Authority = k.Authority.LURAH) -> k.ConfirmGroup:
    return k.ConfirmGroup(group_id=GROUP_ID, decree=decree(authority))


def _confirmed() -> list[k.Event]:
    """A chaired group, confirmed by its lurah's decree."""
    history = chaired()
    return history + run_group(history, _confirm())


class TestForming:
    def test_formed_with_the_minimum_of_founders(self) -> None:
        (event,) = group.decide(None, form(3), context(POLICY))
        assert isinstance(event, k.events.GroupFormed)
        assert event.bounds == k.values.MembershipBounds(minimum=3, maximum=30)
        assert group_after([event]).standing is k.values.Standing.GOOD

    def test_fewer_founders_than_the_minimum_is_refused(self) -> None:
        with pytest.raises(e.TooFewFounders, match="at least 3 founding members, got 2"):
            group.decide(None, form(2), context(POLICY))

    def test_more_founders_than_the_maximum_is_refused(self) -> None:
        with pytest.raises(e.GroupFull, match="at most 30"):
            group.decide(None, form(31), context(POLICY))

    def test_a_deployment_sets_its_own_bounds(self) -> None:
        policy = k.Policy(bounds=k.values.MembershipBounds(minimum=10, maximum=50))
        with pytest.raises(e.TooFewFounders, match="at least 10"):
            group.decide(None, form(9), context(policy))
        (event,) = group.decide(None, form(10), context(policy))
        assert isinstance(event, k.events.GroupFormed)
        assert event.bounds.minimum == 10

    def test_bounds_recorded_at_forming_outlive_a_policy_change(self) -> None:
        history = [formed(3)]
        strict = k.Policy(bounds=k.values.MembershipBounds(minimum=10, maximum=12))
        history += run_group(history, join(3), strict)
        assert group_after(history).standing is k.values.Standing.GOOD

    def test_a_government_body_cannot_found_a_group(self) -> None:
        founders = (member(0), member(1), member(2, kind=k.values.MemberKind.GOVERNMENT_BODY))
        with pytest.raises(e.GovernmentBodyRefused, match="government body"):
            group.decide(None, form(founders=founders), context(POLICY))

    def test_a_founder_named_twice_is_refused(self) -> None:
        with pytest.raises(e.AlreadyMember, match="named twice"):
            group.decide(None, form(founders=(member(0), member(0), member(1))), context(POLICY))

    def test_forming_an_existing_group_is_refused(self) -> None:
        with pytest.raises(e.AlreadyExists):
            run_group([formed()], form())

    def test_unknown_channel_is_refused(self) -> None:
        bad = (k.Channel(name="carrier_pigeon", kind=k.ChannelKind.ANALOG),)
        with pytest.raises(e.InvalidValue, match="unknown channel 'carrier_pigeon'"):
            group.decide(None, form(channels=bad), context(POLICY))

    def test_channel_of_the_wrong_kind_is_refused(self) -> None:
        bad = (k.Channel(name="website", kind=k.ChannelKind.ANALOG),)
        with pytest.raises(e.InvalidValue, match="'website' is digital"):
            group.decide(None, form(channels=bad), context(POLICY))

    def test_a_channel_named_twice_is_refused(self) -> None:
        meeting = k.Channel(name="meeting", kind=k.ChannelKind.ANALOG)
        with pytest.raises(e.InvalidValue, match="named twice"):
            group.decide(None, form(channels=(meeting, meeting)), context(POLICY))

    def test_a_group_is_seated_in_a_village_or_ward(self) -> None:
        with pytest.raises(e.InvalidValue, match=r"seat\.region"):
            seat(k.Region(code="62.71.01", name="a district"))


class TestKind:
    @pytest.mark.parametrize(
        ("names", "kind"),
        [
            (("meeting", "leaflet"), k.values.GroupKind.ANALOG),
            (("website",), k.values.GroupKind.DIGITAL),
            (("notice_board", "instant_messaging"), k.values.GroupKind.HYBRID),
            ((), None),
        ],
    )
    def test_kind_follows_from_channels(
        self, names: tuple[str, ...], kind: k.values.GroupKind | None
    ) -> None:
        catalogue = POLICY.catalogue.channels
        channels = tuple(catalogue[n] for n in names)
        state = group_after([formed(channels=channels)])
        assert state.kind is kind

    def test_changing_channels_changes_the_kind(self) -> None:
        history: list[k.Event] = [formed()]
        website = POLICY.catalogue.channels["website"]
        history += run_group(
            history,
            k.ChangeChannels(group_id=GROUP_ID, channels=(website,), changed_on=D(2024, 2, 1)),
        )
        assert group_after(history).kind is k.values.GroupKind.DIGITAL


class TestMembership:
    def test_a_person_is_a_member_once_at_a_time(self) -> None:
        with pytest.raises(e.AlreadyMember):
            run_group([formed()], join(0))

    def test_a_person_may_rejoin_after_leaving(self) -> None:
        history: list[k.Event] = [formed(4)]
        history += run_group(history, leave(3))
        history += run_group(history, join(3))
        assert mid(3) in group_after(history).members

    def test_a_join_beyond_the_maximum_is_refused(self) -> None:
        history = [formed(3, bounds=k.values.MembershipBounds(minimum=3, maximum=3))]
        with pytest.raises(e.GroupFull, match="maximum of 3"):
            run_group(history, join(3))

    def test_a_government_body_cannot_join(self) -> None:
        with pytest.raises(e.GovernmentBodyRefused):
            run_group([formed()], join(5, kind=k.values.MemberKind.GOVERNMENT_BODY))

    def test_leaving_is_never_refused_and_the_standing_follows(self) -> None:
        history: list[k.Event] = [formed(3)]
        history += run_group(history, leave(0))
        state = group_after(history)
        assert state.standing is k.values.Standing.BELOW_MINIMUM
        history += run_group(history, join(7))
        assert group_after(history).standing is k.values.Standing.GOOD

    def test_a_non_member_cannot_leave(self) -> None:
        with pytest.raises(e.NotAMember):
            run_group([formed()], leave(9))

    def test_a_member_who_leaves_loses_every_office(self) -> None:
        history = chaired(4)
        history += run_group(
            history, appoint(0, k.Post(role=k.OfficerRole.SECTION, section="media"))
        )
        events = run_group(history, leave(0))
        assert [type(ev) for ev in events] == [
            k.events.OfficerRelieved,
            k.events.OfficerRelieved,
            k.events.MemberLeft,
        ]
        assert all(
            ev.reason is k.values.ReliefReason.LEFT_GROUP
            for ev in events
            if isinstance(ev, k.events.OfficerRelieved)
        )
        assert group_after([*history, *events]).chair is None


class TestOfficers:
    def test_officers_must_be_members(self) -> None:
        with pytest.raises(e.OfficerMustBeMember):
            run_group([formed()], appoint(9, CHAIR))

    def test_exactly_one_chair_at_a_time(self) -> None:
        with pytest.raises(e.ChairAlreadyAppointed):
            run_group(chaired(), appoint(1, CHAIR))

    def test_a_new_chair_after_the_old_is_relieved(self) -> None:
        history = chaired()
        history += run_group(
            history,
            k.RelieveOfficer(
                group_id=GROUP_ID, member_id=mid(0), post=CHAIR, relieved_on=D(2024, 1, 9)
            ),
        )
        history += run_group(history, appoint(1, CHAIR))
        assert group_after(history).chair == mid(1)

    @pytest.mark.parametrize("second", [SECRETARY, TREASURER, CHAIR])
    def test_one_person_holds_one_core_office(self, second: k.Post) -> None:
        history = [formed()]
        history += run_group(
            history, appoint(1, SECRETARY if second is not SECRETARY else TREASURER)
        )
        with pytest.raises(e.CoreOfficeConflict):
            run_group(history, appoint(1, second))

    def test_a_core_officer_may_also_lead_a_section(self) -> None:
        history = chaired()
        history += run_group(
            history, appoint(0, k.Post(role=k.OfficerRole.SECTION, section="media"))
        )
        assert len(group_after(history).posts[mid(0)]) == 2

    def test_the_same_post_twice_is_refused(self) -> None:
        with pytest.raises(e.PostAlreadyHeld):
            run_group(chaired(), appoint(0, CHAIR))

    def test_relieving_a_post_not_held_is_refused(self) -> None:
        with pytest.raises(e.NotAnOfficer):
            run_group(
                [formed()],
                k.RelieveOfficer(
                    group_id=GROUP_ID, member_id=mid(0), post=CHAIR, relieved_on=D(2024, 2, 1)
                ),
            )


class TestLifecycle:
    def test_confirmation_needs_a_chair(self) -> None:
        with pytest.raises(e.ConfirmationRequiresChair):
            run_group([formed()], _confirm())

    @pytest.mark.parametrize(
        "authority",
        [k.Authority.LURAH, k.Authority.CAMAT, k.Authority.MAYOR, k.Authority.GOVERNOR],
    )
    def test_confirmed_by_a_lurah_or_higher_over_its_kelurahan(
        self, authority: k.Authority
    ) -> None:
        history = chaired()
        history += run_group(history, _confirm(authority))
        assert group_after(history).stage is k.values.GroupStage.CONFIRMED

    def test_a_neighbourhood_head_cannot_confirm(self) -> None:
        with pytest.raises(e.AuthorityTooLow, match="neighbourhood_head"):
            run_group(
                chaired(),
                _confirm(k.Authority.NEIGHBOURHOOD_HEAD),
            )

    def test_confirmed_once(self) -> None:
        history = _confirmed()
        with pytest.raises(e.AlreadyConfirmed):
            run_group(history, _confirm())

    def test_a_decree_before_forming_is_refused(self) -> None:
        with pytest.raises(e.DateBeforePrevious):
            run_group(chaired(), k.ConfirmGroup(group_id=GROUP_ID, decree=decree(on=D(2023, 1, 1))))

    @pytest.mark.parametrize(
        ("history", "on", "office", "refusal", "match"),
        [
            (chaired, D(2024, 3, 1), OFFICE, e.RegistrationRequiresConfirmation, None),
            (_confirmed, D(2024, 3, 1), KATINGAN, e.WrongRegistrationOffice, r"'62\.71'"),
            (registered, D(2024, 3, 1), OFFICE, e.AlreadyRegistered, None),
            (_confirmed, D(2024, 1, 20), OFFICE, e.DateBeforePrevious, None),
        ],
        ids=["needs-confirmation", "by-its-own-regencys-office", "once", "not-before-the-decree"],
    )
    def test_a_registration_is_refused(
        self,
        history: Callable[[], list[k.Event]],
        on: dt.date,
        office: k.CommunicationOffice,
        refusal: type[Exception],
        match: str | None,
    ) -> None:
        with pytest.raises(refusal, match=match):
            run_group(history(), _registration(on, office))

    def test_a_dissolved_group_accepts_no_further_commands(self) -> None:
        history: list[k.Event] = [formed()]
        history += run_group(
            history, k.DissolveGroup(group_id=GROUP_ID, reason="merged", dissolved_on=D(2025, 1, 1))
        )
        for command in (join(5), leave(0), appoint(0, CHAIR)):
            with pytest.raises(e.GroupDissolvedError):
                run_group(history, command)

    def test_commands_for_a_group_never_formed_are_refused(self) -> None:
        with pytest.raises(e.UnknownAggregate):
            run_group([], join(1))

    def test_competition_results_are_recorded(self) -> None:
        result = k.values.CompetitionResult(
            event="Festival KIM Kalteng",
            level=k.values.CompetitionLevel.PROVINCE,
            year=2024,
            category="Video kreatif",
            rank=2,
        )
        history: list[k.Event] = [formed()]
        history += run_group(
            history,
            k.RecordCompetitionResult(group_id=GROUP_ID, result=result, recorded_on=D(2024, 9, 1)),
        )
        assert group_after(history).results == (result,)

    def test_a_forum_command_is_not_a_group_command(self) -> None:
        with pytest.raises(TypeError, match="does not handle"):
            group.decide(
                group_after([formed()]),
                k.DissolveForum(forum_id=GROUP_ID, reason="x", dissolved_on=D(2024, 1, 1)),
                context(POLICY),
            )
