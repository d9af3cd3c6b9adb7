"""Sequences of commands the domain accepts: every kind, across several groups and forums.

Each step draws a kind of command and builds one about what the sequence has
made so far (its groups, members, officers, forums, partnerships), so that
most are accepted; a command the domain refuses is left out. Kinds that need
another first (a registration needs a confirmation, which needs a chair) are
drawn as the short chain that leads to them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.accepted_forum import FORUM_BUILDERS
from kimcore.testing.strategies.accepted_group import GROUP_BUILDERS, Builder, register_chain
from kimcore.testing.strategies.accepted_mapping import MAPPING_BUILDERS
from kimcore.testing.strategies.accepted_party import PARTY_BUILDERS

__all__ = ["BUILDERS", "CHAINED_KINDS", "KINDS", "accepted_commands", "register_chain"]

# The kinds whose builders read only the sequence's parties, its application, a day and a way to
# draw: the domain machine draws these through them (its own rules build the others).
CHAINED_KINDS: tuple[type[Any], ...] = (
    k.commands.TakePartInActivity,
    k.commands.PublishInformation,
    k.commands.MergeGroup,
    k.commands.SplitGroup,
    k.commands.RecodeSeat,
    k.commands.ChangeGroupProfile,
    k.commands.HoldMusyawarah,
    k.commands.ReplaceForumChair,
    k.commands.ConfirmForum,
    k.commands.MapGroup,
    k.commands.ReportMapping,
    k.commands.CoordinateMapping,
    k.commands.HoldPartnershipProgramme,
    k.commands.EvaluateGroup,
)

# Every kind of command the domain has; ForgetSubject is recorded by handle() too.
KINDS: tuple[type[Any], ...] = (
    k.FormGroup,
    k.JoinGroup,
    k.LeaveGroup,
    k.AppointOfficer,
    k.RelieveOfficer,
    k.ConfirmGroup,
    k.RegisterGroup,
    k.ChangeChannels,
    k.commands.ChangeBounds,
    k.RecordCompetitionResult,
    k.DissolveGroup,
    k.EstablishForum,
    k.InstallForumBoard,
    k.AdmitToForum,
    k.WithdrawFromForum,
    k.DissolveForum,
    k.commands.RecordForumCompetitionResult,
    k.SignPartnership,
    k.EndPartnership,
    k.HoldActivity,
    k.ForgetSubject,
    *CHAINED_KINDS,
)
"""Every kind of command [`accepted_commands`][kimcore.testing.strategies.accepted_commands]
draws."""


class _Sequence:
    """What the sequence made so far, read back from the application it runs on."""

    def __init__(self, draw: st.DrawFn, app: k.Application, day: dt.date) -> None:
        self.draw = draw
        self.app = app
        self.day = day
        self.groups: list[uuid.UUID] = []
        self.forums: list[uuid.UUID] = []
        self.partnerships: list[tuple[k.PartyRef, uuid.UUID]] = []
        self.accepted: list[Any] = []

    def pick(self, items: list[Any]) -> Any:
        return self.draw(st.sampled_from(items)) if items else None

    def group(self) -> k.domain.GroupState | None:
        group_id = self.pick(self.groups)
        return None if group_id is None else self.app.group(group_id)

    def try_(self, *commands: Any) -> None:
        """Record *commands* in order, keeping those that recorded something."""
        for command in commands:
            try:
                recorded = self.app.handle(command)
            except k.DomainError:
                continue
            if recorded:
                self.accepted.append(command)


BUILDERS: dict[type[Any], Builder] = {
    **GROUP_BUILDERS,
    **FORUM_BUILDERS,
    **PARTY_BUILDERS,
    **MAPPING_BUILDERS,
}
"""How each kind of command is built, filed by subject (``accepted_group``, ``accepted_forum``,
``accepted_party``, ``accepted_mapping``)."""
# Ending things is drawn less often (a third of the time), so that most sequences have
# something to show; not so rarely that a few hundred sequences miss it (there are many kinds).
_RARE = frozenset({k.DissolveGroup, k.ForgetSubject})


@st.composite
def accepted_commands(
    draw: st.DrawFn,
    *,
    max_size: int = 20,
    policy: k.Policy | None = None,
    kinds: tuple[type[Any], ...] = KINDS,
) -> list[Any]:
    """A sequence of commands the domain accepts, one after the other, from a fresh store.

    Every kind of command the domain has may be drawn
    ([`KINDS`][kimcore.testing.strategies.accepted.KINDS], the erasure ``ForgetSubject`` included),
    about up to three groups, the forums of their districts, and their partnerships and activities.
    Replaying the sequence through [`kimcore.Application.handle`][kimcore.Application.handle] on a
    new store records every command. It starts with a group formed at its minimum.
    *kinds* narrows what is drawn after it (each a kind of ``KINDS``).
    """
    unknown = [kind.__name__ for kind in kinds if kind not in BUILDERS]
    if unknown or not kinds:
        raise k.errors.InvalidValue("kinds", f"must be kinds of KINDS, got {unknown or 'none'}")
    policy = policy or k.Policy()
    app = k.Application(k.MemoryStore(), policy=policy)
    sequence = _Sequence(draw, app, draw(st.dates(dt.date(2015, 1, 1), dt.date(2040, 1, 1))))
    sequence.try_(*BUILDERS[k.FormGroup](sequence))
    for _ in range(draw(st.integers(0, max_size - 1))):
        sequence.day += dt.timedelta(days=draw(st.integers(0, 30)))
        kind = draw(st.sampled_from(kinds))
        if kind in _RARE and draw(st.integers(0, 2)):
            continue
        if kind is k.FormGroup and len(sequence.groups) >= 3:
            continue
        sequence.try_(*BUILDERS[kind](sequence))
        if len(sequence.accepted) >= max_size:
            break
    return sequence.accepted[:max_size]
