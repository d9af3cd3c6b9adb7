"""A forum's terms and founding: the board's decree per term, the founding musyawarah, a
secretary-general on provincial and national boards, and who a regency forum admits."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.builders import (
    DISTRICT,
    NATION,
    OTHER_VILLAGE,
    PROVINCE,
    REGENCY,
    D,
    establish,
    run_forum,
    uid,
)
from tests.test_forum_rules import FID, admit, board, established, forum_applicant, group_applicant
from tests.test_forum_rules import seat as board_seat

import kimcore as k
from kimcore.domain import forum
from kimcore.domain.views.forums import FORUM_BOARD, FORUMS, ForumDirectory
from kimcore.projections import MemoryModels, Projector
from kimcore.testing.world import serving
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.words import parse

E = k.errors
START, END = D(2024, 3, 1), D(2027, 2, 28)
HEAD = k.Authority.COMMUNICATION_OFFICE_HEAD


def sk(number: str, on: dt.date, authority: k.Authority = k.Authority.CAMAT) -> k.Decree:
    return k.Decree(
        number=number, issued_on=on, authority=authority, region=serving(authority, DISTRICT)
    )


FOUNDED = D(2024, 1, 1)


def founding(
    delegates: tuple[k.PartyRef, ...], on: dt.date = FOUNDED, label: str = "founding"
) -> k.commands.HoldMusyawarah:
    return k.commands.HoldMusyawarah(
        forum_id=FID,
        musyawarah_id=uid(label),
        kind=k.values.MusyawarahKind.FOUNDING,
        held_on=on,
        place="Aula Kecamatan Pahandut",
        delegates=delegates,
    )


class TestBoardDecree:
    def test_a_term_s_decree_is_recorded_and_the_next_term_s_replaces_it(self) -> None:
        history = established()
        first = sk("01/SK/FK-KIM/2024", START)
        history += run_forum(history, attrs.evolve(board(FID, START, END), decree=first))
        assert forum.fold(history).board_decree == first  # type: ignore[union-attr]
        later = D(2027, 3, 1)
        second = sk("07/SK/FK-KIM/2027", later)
        history += run_forum(
            history, attrs.evolve(board(FID, later, D(2030, 2, 28)), decree=second)
        )
        state = forum.fold(history)
        assert state is not None
        assert state.board_decree == second
        assert (state.term_start, state.term_end) == (later, D(2030, 2, 28))
        # A later term installed without one leaves none: the last term's decree lapsed with it.
        history += run_forum(history, board(FID, D(2030, 3, 1), D(2033, 2, 28)))
        assert forum.fold(history).board_decree is None  # type: ignore[union-attr]

    def test_the_decree_is_one_that_may_confirm_the_forum_s_level(self) -> None:
        low = sk("1", START, k.Authority.LURAH)
        low = attrs.evolve(
            low, region=serving(k.Authority.LURAH, k.Region(code="62.71.01.1002", name="Langkai"))
        )
        with pytest.raises(E.AuthorityTooLow):
            run_forum(established(), attrs.evolve(board(FID, START, END), decree=low))

    def test_the_decree_is_dated_within_the_term_s_reach(self) -> None:
        with pytest.raises(E.DateBeforePrevious):
            run_forum(
                established(),
                attrs.evolve(board(FID, START, END), decree=sk("1", D(2023, 12, 1))),
            )
        with pytest.raises(E.InvalidValue) as raised:
            run_forum(
                established(),
                attrs.evolve(board(FID, START, END), decree=sk("1", D(2027, 3, 1))),
            )
        assert raised.value.field == "decree.issued_on"

    def test_a_policy_asks_every_board_its_decree(self) -> None:
        strict = k.Policy(rules=k.domain.Rules(board_needs_decree=True))
        with pytest.raises(E.BoardDecreeRequired) as raised:
            run_forum(established(), board(FID, START, END), policy=strict)
        assert raised.value.rule == "board-decree"
        run_forum(
            established(),
            attrs.evolve(board(FID, START, END), decree=sk("1", START)),
            policy=strict,
        )


class TestSecretaryGeneral:
    def general(self) -> tuple[k.BoardSeat, ...]:
        return (
            board_seat(0, k.BoardRole.CHAIR),
            board_seat(1, k.BoardRole.SECRETARY_GENERAL),
        )

    @pytest.mark.parametrize(
        ("level", "region", "authority"),
        [
            (k.ForumLevel.PROVINCE, PROVINCE, k.Authority.GOVERNOR),
            (k.ForumLevel.NATIONAL, NATION, k.Authority.MINISTER),
        ],
    )
    def test_provincial_and_national_boards_have_one(
        self, level: k.ForumLevel, region: k.Region, authority: k.Authority
    ) -> None:
        command = establish(level, region, authority)
        history = forum.decide(None, command, k.domain.DecisionContext(policy=k.Policy()))
        seats = self.general()
        (installed,) = run_forum(history, board(command.forum_id, START, END, seats))
        assert isinstance(installed, k.events.ForumBoardInstalled)
        two = (*seats, board_seat(2, k.BoardRole.SECRETARY_GENERAL))
        with pytest.raises(E.BoardRoleNotAtLevel):
            run_forum(history, board(command.forum_id, START, END, two))

    def test_a_district_board_has_none(self) -> None:
        with pytest.raises(E.BoardRoleNotAtLevel) as raised:
            run_forum(established(), board(FID, START, END, self.general()))
        assert raised.value.rule == "board-role-level"

    def test_an_office_writes_sekjen(self) -> None:
        assert parse(k.BoardRole, "Sekjen", "role") is k.BoardRole.SECRETARY_GENERAL
        assert label(k.BoardRole.SECRETARY_GENERAL) == "Sekretaris jenderal"


class TestFoundingMusyawarah:
    def test_it_seats_delegates_of_kims_not_yet_members(self) -> None:
        kim = group_applicant(label="founder")
        (held,) = run_forum(established(), founding((kim.ref,)), kim)
        assert isinstance(held, k.events.MusyawarahHeld)
        assert held.kind is k.values.MusyawarahKind.FOUNDING
        history = [*established(), held]
        state = forum.fold(history)
        assert state is not None
        assert state.founding_musyawarah == uid("founding")
        assert kim.ref.id not in state.members
        # The board it elected cites it.
        elected = attrs.evolve(board(FID, START, END), musyawarah_id=uid("founding"))
        run_forum(history, elected)

    def test_once_and_on_or_before_the_establishment(self) -> None:
        kim = group_applicant(label="founder")
        history = [*established(), *run_forum(established(), founding((kim.ref,)), kim)]
        with pytest.raises(E.FoundingMusyawarahRefused) as raised:
            run_forum(history, founding((kim.ref,), label="again"), kim)
        assert raised.value.rule == "musyawarah-founding"
        with pytest.raises(E.FoundingMusyawarahRefused):
            run_forum(established(), founding((kim.ref,), on=D(2024, 1, 2)), kim)
        run_forum(established(), founding((kim.ref,), on=D(2023, 12, 20)), kim)

    def test_its_delegates_are_parties_the_forum_may_admit(self) -> None:
        far = group_applicant(OTHER_VILLAGE, label="far")
        with pytest.raises(E.OutsideForumRegion):
            run_forum(established(), founding((far.ref,)), far)
        gone = group_applicant(active=False, label="gone")
        with pytest.raises(E.GroupDissolvedError):
            run_forum(established(), founding((gone.ref,)), gone)
        lower = forum_applicant(k.ForumLevel.DISTRICT, DISTRICT)
        with pytest.raises(E.WrongApplicantLevel):
            run_forum(established(), founding((lower.ref,)), lower)


class TestRegencyForumMembers:
    REGENCY_FORUM = establish(k.ForumLevel.REGENCY, REGENCY, k.Authority.MAYOR)

    def history(self) -> list[k.Event]:
        return forum.decide(None, self.REGENCY_FORUM, k.domain.DecisionContext(policy=k.Policy()))

    def test_by_default_it_admits_kims_of_its_region(self) -> None:
        fid = self.REGENCY_FORUM.forum_id
        run_forum(self.history(), admit(fid, group_applicant()), group_applicant())
        district = forum_applicant(k.ForumLevel.DISTRICT, DISTRICT)
        with pytest.raises(E.WrongApplicantLevel):
            run_forum(self.history(), admit(fid, district), district)

    def test_a_policy_builds_it_from_its_district_forums(self) -> None:
        policy = k.Policy(rules=k.domain.Rules(regency_forum_of_district_forums=True))
        fid = self.REGENCY_FORUM.forum_id
        district = forum_applicant(k.ForumLevel.DISTRICT, DISTRICT)
        (admitted,) = run_forum(self.history(), admit(fid, district), district, policy=policy)
        assert isinstance(admitted, k.events.ForumMemberAdmitted)
        assert admitted.member_kind is k.PartyKind.FORUM
        with pytest.raises(E.WrongApplicantLevel) as raised:
            run_forum(
                self.history(), admit(fid, group_applicant()), group_applicant(), policy=policy
            )
        assert "regency_forum_of_district_forums" in str(raised.value)


def test_the_directory_shows_the_running_term_its_decree_and_officers() -> None:
    app = k.Application(k.MemoryStore())
    app.handle(establish())
    first = sk("01/SK/2024", START)
    app.handle(attrs.evolve(board(FID, START, END), decree=first))
    later = D(2027, 3, 1)
    seats = (board_seat(5, k.BoardRole.CHAIR), board_seat(6, k.BoardRole.SECRETARY))
    app.handle(attrs.evolve(board(FID, later, D(2030, 2, 28), seats), decree=sk("9/SK", later)))
    models = MemoryModels()
    Projector(app.store, ForumDirectory(), models).run()
    [row] = models.rows(FORUMS)
    assert (row["board_decree_number"], row["board_term_start"]) == ("9/SK", "2027-03-01")
    officers = {(r["person_id"], r["role"], r["decree_number"]) for r in models.rows(FORUM_BOARD)}
    assert officers == {
        (str(uid("board-5")), "chair", "9/SK"),
        (str(uid("board-6")), "secretary", "9/SK"),
    }
    app.handle(
        k.commands.ReplaceForumChair(
            forum_id=FID,
            chair=board_seat(6, k.BoardRole.CHAIR),
            reason=k.values.ChairChangeReason.RESIGNED,
            replaced_on=D(2028, 1, 1),
        )
    )
    Projector(app.store, ForumDirectory(), models).run()
    officers = {(r["person_id"], r["role"], r["term_start"]) for r in models.rows(FORUM_BOARD)}
    assert officers == {(str(uid("board-6")), "chair", "2027-03-01")}
