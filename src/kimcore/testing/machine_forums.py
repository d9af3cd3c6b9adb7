"""The domain machine's forums: their rules, and the invariant that a KIM that ended left them.

`ForumRules` establishes forums, installs boards, admits and withdraws members and dissolves
forums. The forum's stream does not record a KIM's end (the KIM's own stream does), so after every
step the machine compares three accounts of each forum's members: its state less the KIMs
that ended (`current_members`, what its deciders use), the forum directory's count, and the
group registry's rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

import kimcore as k
from kimcore.domain.forum_members import current_members
from kimcore.domain.views import FORUMS, GROUP_FORUMS, ForumDirectory, GroupRegistry
from kimcore.projections import MemoryModels, Projector
from kimcore.testing.machine_base import DomainMachineBase, choose, pick, shift
from kimcore.testing.world import FORUM_SEATS, NS, PEOPLE, serving

__all__ = ["ForumMembership", "ForumRules"]


class ForumMembership(DomainMachineBase):
    """The invariant, mixed into [`DomainMachine`][kimcore.testing.machine.DomainMachine]."""

    _models: MemoryModels | None = None

    @invariant()
    def a_kim_that_ended_is_in_no_forum_by_any_account(self) -> None:
        """Its state less the KIMs that ended, the directory's count, the registry's rows."""
        if self._models is None:
            self._models = MemoryModels()
        for model in (GroupRegistry(), ForumDirectory()):
            Projector(self.app.store, model, self._models).run()

        def load(ref: Any) -> Any:
            return self.app.load(ref)[0]

        truth: set[tuple[str, str]] = set()
        for forum_id in self.forums:
            state = self.app.forum(forum_id)
            if state is None:
                continue
            current = current_members(state.members, load)
            for member_id, kind in current.items():
                group = self.app.group(member_id) if kind is k.PartyKind.GROUP else None
                assert group is None or not group.closed, f"{member_id} ended but is counted"
                if group is not None and state.level in (
                    k.ForumLevel.DISTRICT,
                    k.ForumLevel.REGENCY,
                ):
                    truth.add((str(member_id), str(forum_id)))
            [row] = self._models.rows(FORUMS, {"forum_id": str(forum_id)})
            assert row["member_count"] == len(current), f"forum {forum_id}'s count"
        shown = {(r["group_id"], r["forum_id"]) for r in self._models.rows(GROUP_FORUMS)}
        assert shown == truth


class ForumRules(DomainMachineBase):
    """Establishing, installing a board, admitting, withdrawing, dissolving: the forums' rules."""

    @rule(seat=pick, authority=st.sampled_from(k.Authority), days=shift)
    def establish_forum(self, seat: int, authority: k.Authority, days: int) -> None:
        level, region = choose(FORUM_SEATS, seat)
        command = lambda: k.EstablishForum(  # noqa: E731
            name=f"Forum KIM {region.name}",
            level=level,
            region=region,
            decree=k.Decree(
                number="SK-F",
                issued_on=self.when(days),
                authority=authority,
                region=serving(authority, region),
            ),
            established_on=self.today,
        )
        forum_id = k.domain.forum_id_for(level, region.code)
        if self.run(command) and forum_id not in self.forums:
            self.forums.append(forum_id)

    @rule(f=pick, start=st.integers(-400, 400), years=st.integers(-1, 5), seats=st.integers(1, 4))
    def install_board(self, f: int, start: int, years: int, seats: int) -> None:
        begin = self.today + dt.timedelta(days=start)
        self.run(
            lambda: k.InstallForumBoard(
                forum_id=choose(self.forums, f),
                seats=tuple(
                    k.BoardSeat(
                        person_id=PEOPLE[i].member_id,
                        name=PEOPLE[i].name,
                        role=k.BoardRole.CHAIR if i == 0 else k.BoardRole.DIVISION,
                        division="media",
                    )
                    for i in range(seats)
                ),
                term_start=begin,
                term_end=begin + dt.timedelta(days=365 * years),
            )
        )

    @rule(f=pick, applicant=pick, gov=st.booleans(), days=shift)
    def admit(self, f: int, applicant: int, gov: bool, days: int) -> None:
        ref = (
            k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid5(NS, "dinas"))
            if gov
            else self.party(applicant)
        )
        self.run(
            lambda: k.AdmitToForum(
                forum_id=choose(self.forums, f), applicant=ref, admitted_on=self.when(days)
            )
        )

    @rule(f=pick, member=pick, days=shift)
    def withdraw(self, f: int, member: int, days: int) -> None:
        self.run(
            lambda: k.WithdrawFromForum(
                forum_id=choose(self.forums, f),
                member=self.party(member),
                withdrew_on=self.when(days),
            )
        )

    @rule(f=pick, days=shift, chance=st.integers(0, 3))
    def dissolve_forum(self, f: int, days: int, chance: int) -> None:
        if chance:
            return
        self.run(
            lambda: k.DissolveForum(
                forum_id=choose(self.forums, f), reason="inactive", dissolved_on=self.when(days)
            )
        )
