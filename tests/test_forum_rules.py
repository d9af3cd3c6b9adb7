"""Forum KIM rules, by example."""

from __future__ import annotations

import uuid

import attrs
import pytest
from tests.builders import (
    DISTRICT,
    NATION,
    OTHER_VILLAGE,
    POLICY,
    PROVINCE,
    REGENCY,
    VILLAGE,
    D,
    activity,
    context,
    establish,
    run_forum,
    sign,
    uid,
)

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain import forum


def group_applicant(
    region: k.Region = VILLAGE, *, active: bool = True, label: str = "g"
) -> k.domain.Applicant:
    return k.domain.Applicant(
        ref=k.PartyRef(kind=k.PartyKind.GROUP, id=uid(label)),
        region=region,
        forum_level=None,
        active=active,
    )


def forum_applicant(level: k.ForumLevel, region: k.Region) -> k.domain.Applicant:
    return k.domain.Applicant(
        ref=k.PartyRef(kind=k.PartyKind.FORUM, id=k.domain.forum_id_for(level, region.code)),
        region=region,
        forum_level=level,
        active=True,
    )


def admit(
    forum_id: uuid.UUID, applicant: k.domain.Applicant, on: object = D(2024, 2, 1)
) -> k.AdmitToForum:
    return k.AdmitToForum(forum_id=forum_id, applicant=applicant.ref, admitted_on=on)  # type: ignore[arg-type]


def established(command: k.EstablishForum | None = None) -> list[k.Event]:
    return forum.decide(None, command or establish(), context(POLICY))


def seat(n: int, role: k.BoardRole = k.BoardRole.ADVISER) -> k.BoardSeat:
    return k.BoardSeat(person_id=uid(f"board-{n}"), name=f"Board {n}", role=role)


def board(
    forum_id: uuid.UUID,
    start: k.Decree | object,
    end: object,
    seats: tuple[k.BoardSeat, ...] | None = None,
) -> k.InstallForumBoard:
    return k.InstallForumBoard(
        forum_id=forum_id,
        seats=seats or (seat(0, k.BoardRole.CHAIR), seat(1)),
        term_start=start,  # type: ignore[arg-type]
        term_end=end,  # type: ignore[arg-type]
    )


FID = establish().forum_id


class TestEstablishing:
    def test_the_forum_id_follows_from_level_and_region(self) -> None:
        assert establish().forum_id == k.domain.forum_id_for(k.ForumLevel.DISTRICT, "62.71.01")
        assert establish().forum_id != establish(k.ForumLevel.REGENCY, REGENCY).forum_id

    def test_at_most_one_active_forum_per_region_and_level(self) -> None:
        with pytest.raises(e.ForumAlreadyActive):
            run_forum(established(), establish())

    def test_a_dissolved_forum_can_be_established_anew(self) -> None:
        history = established()
        history += run_forum(
            history, k.DissolveForum(forum_id=FID, reason="inactive", dissolved_on=D(2025, 1, 1))
        )
        with pytest.raises(e.DateBeforePrevious):
            run_forum(history, establish(on=D(2024, 6, 1)))
        history += run_forum(history, establish(on=D(2025, 2, 1)))
        state = forum.fold(history)
        assert state is not None
        assert state.active
        assert state.members == {}

    def test_the_region_matches_the_level(self) -> None:
        with pytest.raises(e.InvalidValue, match="serves a district"):
            established(establish(k.ForumLevel.DISTRICT, REGENCY))

    def test_confirmed_by_a_high_enough_authority(self) -> None:
        with pytest.raises(e.AuthorityTooLow):
            established(establish(authority=k.Authority.LURAH))
        with pytest.raises(e.AuthorityTooLow):
            established(establish(k.ForumLevel.PROVINCE, PROVINCE, authority=k.Authority.CAMAT))
        assert established(
            establish(k.ForumLevel.PROVINCE, PROVINCE, authority=k.Authority.GOVERNOR)
        )

    def test_commands_for_a_forum_never_established_are_refused(self) -> None:
        with pytest.raises(e.UnknownAggregate):
            run_forum([], admit(FID, group_applicant()), group_applicant())

    def test_a_dissolved_forum_accepts_no_commands_but_establishing(self) -> None:
        history = established()
        history += run_forum(
            history, k.DissolveForum(forum_id=FID, reason="x", dissolved_on=D(2025, 1, 1))
        )
        with pytest.raises(e.ForumNotActive):
            run_forum(history, admit(FID, group_applicant()), group_applicant())

    def test_a_group_command_is_not_a_forum_command(self) -> None:
        with pytest.raises(TypeError, match="does not handle"):
            run_forum(
                established(), k.DissolveGroup(group_id=FID, reason="x", dissolved_on=D(2025, 1, 1))
            )


class TestAdmission:
    def test_a_district_forum_admits_groups_seated_in_its_district(self) -> None:
        applicant = group_applicant()
        (event,) = run_forum(established(), admit(FID, applicant), applicant)
        assert isinstance(event, k.events.ForumMemberAdmitted)
        assert event.member_region == VILLAGE

    def test_a_group_outside_the_region_is_refused(self) -> None:
        applicant = group_applicant(OTHER_VILLAGE)
        with pytest.raises(e.OutsideForumRegion, match=r"'62\.72\.03\.2001'"):
            run_forum(established(), admit(FID, applicant), applicant)

    def test_a_regency_forum_admits_groups_of_its_regency(self) -> None:
        cmd = establish(k.ForumLevel.REGENCY, REGENCY, k.Authority.MAYOR)
        applicant = group_applicant()
        assert run_forum(established(cmd), admit(cmd.forum_id, applicant), applicant)

    def test_a_provincial_forum_admits_regency_forums_of_its_province(self) -> None:
        cmd = establish(k.ForumLevel.PROVINCE, PROVINCE, k.Authority.GOVERNOR)
        lower = forum_applicant(k.ForumLevel.REGENCY, REGENCY)
        assert run_forum(established(cmd), admit(cmd.forum_id, lower), lower)
        for wrong in (group_applicant(), forum_applicant(k.ForumLevel.DISTRICT, DISTRICT)):
            with pytest.raises(e.WrongApplicantLevel):
                run_forum(established(cmd), admit(cmd.forum_id, wrong), wrong)
        elsewhere = forum_applicant(k.ForumLevel.REGENCY, k.Region(code="63.01", name="Tanah Laut"))
        with pytest.raises(e.OutsideForumRegion):
            run_forum(established(cmd), admit(cmd.forum_id, elsewhere), elsewhere)

    def test_the_national_forum_admits_provincial_forums(self) -> None:
        cmd = establish(k.ForumLevel.NATIONAL, NATION, k.Authority.MINISTER)
        lower = forum_applicant(k.ForumLevel.PROVINCE, PROVINCE)
        assert run_forum(established(cmd), admit(cmd.forum_id, lower), lower)
        regency = forum_applicant(k.ForumLevel.REGENCY, REGENCY)
        with pytest.raises(
            e.WrongApplicantLevel, match="admits a province forum, not a regency forum"
        ):
            run_forum(established(cmd), admit(cmd.forum_id, regency), regency)

    def test_a_district_forum_admits_no_forums(self) -> None:
        lower = forum_applicant(k.ForumLevel.DISTRICT, DISTRICT)
        with pytest.raises(e.WrongApplicantLevel):
            run_forum(established(), admit(FID, lower), lower)

    def test_a_government_body_is_never_a_member(self) -> None:
        ref = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uid("dinas"))
        with pytest.raises(e.GovernmentBodyRefused, match="no hierarchical relation"):
            run_forum(
                established(),
                k.AdmitToForum(forum_id=FID, applicant=ref, admitted_on=D(2024, 2, 1)),
            )

    def test_an_applicant_is_admitted_once(self) -> None:
        applicant = group_applicant()
        history = established()
        history += run_forum(history, admit(FID, applicant), applicant)
        with pytest.raises(e.AlreadyForumMember):
            run_forum(history, admit(FID, applicant), applicant)

    def test_a_dissolved_applicant_is_refused(self) -> None:
        applicant = group_applicant(active=False)
        with pytest.raises(e.GroupDissolvedError):
            run_forum(established(), admit(FID, applicant), applicant)

    def test_an_unknown_applicant_is_refused(self) -> None:
        with pytest.raises(e.UnknownAggregate):
            run_forum(established(), admit(FID, group_applicant()), None)

    def test_withdrawal(self) -> None:
        applicant = group_applicant()
        history = established()
        history += run_forum(history, admit(FID, applicant), applicant)
        withdraw = k.WithdrawFromForum(
            forum_id=FID, member=applicant.ref, withdrew_on=D(2024, 5, 1)
        )
        history += run_forum(history, withdraw)
        state = forum.fold(history)
        assert state is not None
        assert state.members == {}
        with pytest.raises(e.NotForumMember):
            run_forum(history, withdraw)


class TestBoard:
    def test_a_term_ends_after_it_starts(self) -> None:
        with pytest.raises(e.BoardTermInvalid):
            run_forum(established(), board(FID, D(2024, 2, 1), D(2024, 2, 1)))

    def test_a_new_board_only_after_the_previous_term_ended(self) -> None:
        history = established()
        history += run_forum(history, board(FID, D(2024, 2, 1), D(2027, 2, 1)))
        with pytest.raises(e.BoardTermNotEnded, match="2027-02-01"):
            run_forum(history, board(FID, D(2026, 1, 1), D(2029, 1, 1)))
        history += run_forum(history, board(FID, D(2027, 2, 1), D(2032, 2, 1)))
        state = forum.fold(history)
        assert state is not None
        assert state.term_end == D(2032, 2, 1)

    def test_one_seat_per_person_and_one_chair(self) -> None:
        with pytest.raises(e.InvalidValue, match="one seat"):
            run_forum(established(), board(FID, D(2024, 2, 1), D(2027, 2, 1), (seat(0), seat(0))))
        chairs = (seat(0, k.BoardRole.CHAIR), seat(1, k.BoardRole.CHAIR))
        with pytest.raises(k.errors.BoardNeedsOneChair, match="exactly one chair"):
            run_forum(established(), board(FID, D(2024, 2, 1), D(2027, 2, 1), chairs))
        no_chair = (seat(0, k.BoardRole.SECRETARY),)
        with pytest.raises(k.errors.BoardNeedsOneChair, match="has 0"):
            run_forum(established(), board(FID, D(2024, 2, 1), D(2027, 2, 1), no_chair))


class TestForumAsParty:
    def test_a_forum_signs_partnerships_and_holds_activities(self) -> None:
        party = k.PartyRef(kind=k.PartyKind.FORUM, id=FID)
        history = established()
        history += run_forum(history, sign(party=party))
        pid = sign(party=party).partnership_id
        history += run_forum(
            history,
            activity(
                "Digital literacy",
                party=party,
                activity_id=uid("fa"),
                held_on=D(2024, 5, 1),
                partnership_id=pid,
            ),
        )
        history += run_forum(
            history,
            k.EndPartnership(
                party=party, partnership_id=pid, reason="done", ended_on=D(2024, 6, 1)
            ),
        )
        state = forum.fold(history)
        assert state is not None
        assert state.book.activity_topics == {"digital literacy"}
        assert state.book.active_partnerships == ()


def test_a_forum_records_its_results_with_free_text_awards() -> None:
    from tests.builders import establish, run_forum

    history = list(run_forum([], establish()))
    award = k.values.CompetitionResult(
        event="Festival KIM Kecamatan",
        level=k.values.CompetitionLevel.DISTRICT,
        year=2024,
        category="video",
        award="Harapan I",
    )
    command = k.commands.RecordForumCompetitionResult(
        forum_id=establish().forum_id, result=award, recorded_on=D(2024, 8, 17)
    )
    history += run_forum(history, command)
    assert k.domain.forum.fold(history).results == (award,)  # type: ignore[union-attr]
    with pytest.raises(e.InvalidValue, match="a rank, an award, or both"):
        attrs.evolve(award, award=None)
