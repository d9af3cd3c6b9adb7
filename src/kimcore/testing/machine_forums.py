"""The domain machine's invariant on forum membership: a KIM that ended left its forums.

The forum's stream does not record a KIM's end (the KIM's own stream does), so after every
step the machine compares three accounts of each forum's members: its state less the KIMs
that ended (`current_members`, what its deciders use), the forum directory's count, and the
group registry's rows.
"""

from __future__ import annotations

from typing import Any

from hypothesis.stateful import invariant

import kimcore as k
from kimcore.domain.forum_members import current_members
from kimcore.domain.views import FORUMS, GROUP_FORUMS, ForumDirectory, GroupRegistry
from kimcore.projections import MemoryModels, Projector
from kimcore.testing.machine_base import DomainMachineBase

__all__ = ["ForumMembership"]


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
