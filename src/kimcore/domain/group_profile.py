"""A KIM's profile: recorded when it is formed with one, and replaced whole when it changes.

The profile (its secretariat's street, RT and RW, its public telephone, e-mail,
social-media accounts and website) is the body's: no rule reads it, and a
change that changes nothing records nothing, so an office may send the
profile it holds again (an import does).
"""

from __future__ import annotations

from kimcore.domain import commands as c
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.group_state import GroupState
from kimcore.domain.party import check_not_before, recorded
from kimcore.events.base import Event
from kimcore.events.group import GroupProfileChanged

__all__ = ["change_profile", "formed_profile"]


def formed_profile(command: c.FormGroup) -> list[Event]:
    """The profile a group is formed with, if it has one that holds something."""
    if command.profile is None or command.profile.empty:
        return []
    return [recorded(GroupProfileChanged, command, changed_on=command.formed_on)]


def change_profile(
    state: GroupState, command: c.ChangeGroupProfile, _context: DecisionContext
) -> list[Event]:
    """The group's new profile, from a day not before its forming; the same one records nothing."""
    check_not_before(command.changed_on, state.formed_on, "the change", "the group's forming")
    held = state.profile
    if command.profile == held or (held is None and command.profile.empty):
        return []
    return [recorded(GroupProfileChanged, command)]
