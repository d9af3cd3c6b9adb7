"""A forum governs itself: musyawarah of its members' delegates, a board with one chair that a
musyawarah elects, a chair replaced within the term for a reason, a decree given later."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import DISTRICT, POLICY, VILLAGE, D, context, establish, run_forum, uid
from tests.test_forum_rules import FID, admit, board, established, group_applicant, seat

import kimcore as k
from kimcore.domain import forum
from kimcore.testing.world import serving

E = k.errors
MEMBERS = [group_applicant(label=f"g{i}") for i in range(3)]
START, END = D(2024, 3, 1), D(2027, 2, 28)
FEB_20 = D(2024, 2, 20)


def with_members() -> list[k.Event]:
    history = established()
    for applicant in MEMBERS:
        history += run_forum(history, admit(FID, applicant), applicant)
    return history


def musyawarah(
    delegates: tuple[k.PartyRef, ...] | None = None, on: dt.date = FEB_20, label: str = "m"
) -> k.commands.HoldMusyawarah:
    return k.commands.HoldMusyawarah(
        forum_id=FID,
        musyawarah_id=uid(label),
        held_on=on,
        place="Aula Kecamatan Pahandut",
        delegates=delegates or tuple(a.ref for a in MEMBERS),
        resolutions=("Memilih pengurus 2024-2027",),
    )


def elected() -> list[k.Event]:
    history = with_members()
    history += run_forum(history, musyawarah())
    history += run_forum(history, attrs.evolve(board(FID, START, END), musyawarah_id=uid("m")))
    return history


class TestMusyawarah:
    @given(chosen=st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True))
    def test_delegates_come_from_the_forums_members(self, chosen: list[int]) -> None:
        outsider = group_applicant(label="outsider").ref
        refs = tuple(MEMBERS[i].ref if i < 3 else outsider for i in chosen)
        if 3 in chosen:
            with pytest.raises(E.DelegateNotMember):
                run_forum(with_members(), musyawarah(refs))
        else:
            (event,) = run_forum(with_members(), musyawarah(refs))
            assert isinstance(event, k.events.MusyawarahHeld)

    def test_a_board_elected_by_musyawarah_cites_one_recorded_before_its_term(self) -> None:
        history = with_members()
        cited = attrs.evolve(board(FID, START, END), musyawarah_id=uid("m"))
        with pytest.raises(E.UnknownMusyawarah, match="no musyawarah"):
            run_forum(history, cited)
        late = history + run_forum(history, musyawarah(on=D(2024, 3, 5)))
        with pytest.raises(E.UnknownMusyawarah, match="after"):
            run_forum(late, cited)
        state = forum.fold(elected())
        assert state is not None
        assert state.chair is not None

    # A district board: every role but the secretary-general's (tests/test_forum_terms.py).
    @given(
        roles=st.lists(
            st.sampled_from([r for r in k.BoardRole if r is not k.BoardRole.SECRETARY_GENERAL]),
            min_size=1,
            max_size=5,
        )
    )
    def test_a_board_has_exactly_one_chair(self, roles: list[k.BoardRole]) -> None:
        seats = tuple(seat(i, role) for i, role in enumerate(roles))
        command = board(FID, START, END, seats)
        if roles.count(k.BoardRole.CHAIR) == 1:
            assert run_forum(established(), command)
        else:
            with pytest.raises(E.BoardNeedsOneChair):
                run_forum(established(), command)


def replace(
    on: dt.date,
    reason: k.values.ChairChangeReason = k.values.ChairChangeReason.RESIGNED,
    person: int = 1,
    musyawarah_id: object = None,
) -> k.commands.ReplaceForumChair:
    return k.commands.ReplaceForumChair(
        forum_id=FID,
        chair=seat(person, k.BoardRole.CHAIR),
        reason=reason,
        musyawarah_id=musyawarah_id,  # type: ignore[arg-type]
        replaced_on=on,
    )


class TestChairReplacement:
    @given(days=st.integers(-30, 1200))
    def test_a_chair_is_replaced_only_within_the_term(self, days: int) -> None:
        on = START + dt.timedelta(days=days)
        if START <= on <= END:
            history = elected()
            history += run_forum(history, replace(on))
            state = forum.fold(history)
            assert state is not None
            assert state.chair is not None
            assert state.chair.person_id == uid("board-1")
            # Board 1 moved from adviser to chair: one seat each, still one chair.
            assert len({s.person_id for s in state.board}) == len(state.board)
            assert state.term_end == END
        else:
            with pytest.raises(E.ChairReplacementRefused):
                run_forum(elected(), replace(on))

    def test_removal_by_musyawarah_names_that_musyawarah(self) -> None:
        removed = k.values.ChairChangeReason.REMOVED_BY_MUSYAWARAH
        with pytest.raises(E.UnknownMusyawarah):
            run_forum(elected(), replace(D(2025, 6, 1), removed))
        history = elected()
        history += run_forum(history, musyawarah(on=D(2025, 5, 30), label="mlb"))
        assert run_forum(history, replace(D(2025, 6, 1), removed, musyawarah_id=uid("mlb")))

    def test_the_same_person_or_no_board_is_refused(self) -> None:
        with pytest.raises(E.ChairReplacementRefused):
            run_forum(elected(), replace(D(2025, 1, 1), person=0))
        with pytest.raises(E.ChairReplacementRefused):
            run_forum(with_members(), replace(D(2025, 1, 1)))

    def test_a_new_board_still_waits_for_the_term_by_policy(self) -> None:
        with pytest.raises(E.BoardTermNotEnded):
            run_forum(elected(), board(FID, D(2025, 1, 1), D(2028, 1, 1)))
        relaxed = k.Policy(rules=k.domain.Rules(board_after_term_ends=False))
        assert run_forum(elected(), board(FID, D(2025, 1, 1), D(2028, 1, 1)), policy=relaxed)


class TestConfirmingLater:
    def test_a_self_organised_forum_is_confirmed_once_by_a_decree_of_its_level(self) -> None:
        history = forum.decide(None, attrs.evolve(establish(), decree=None), context(POLICY))
        camat = k.Decree(
            number="45/PHD/2024",
            issued_on=D(2024, 4, 1),
            authority=k.Authority.CAMAT,
            region=serving(k.Authority.CAMAT, DISTRICT),
        )
        lurah = attrs.evolve(camat, authority=k.Authority.LURAH, region=VILLAGE)
        with pytest.raises(E.AuthorityTooLow):
            run_forum(history, k.commands.ConfirmForum(forum_id=FID, decree=lurah))
        history += run_forum(history, k.commands.ConfirmForum(forum_id=FID, decree=camat))
        state = forum.fold(history)
        assert state is not None
        assert state.decree == camat
        with pytest.raises(E.ForumAlreadyConfirmed):
            run_forum(history, k.commands.ConfirmForum(forum_id=FID, decree=camat))
        with pytest.raises(E.ForumAlreadyConfirmed):
            run_forum(established(), k.commands.ConfirmForum(forum_id=FID, decree=camat))
