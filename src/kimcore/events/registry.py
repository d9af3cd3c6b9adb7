"""The registry of event classes by stable type name.

Stored events name their class by ``event_name`` (see [`event_type`][kimcore.events.event_type]),
never by Python module path, so a class can move between modules without touching the log. Plugins
add their own classes with [`EventRegistry.register`][kimcore.events.EventRegistry.register].
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kimcore.events import activity, forum, group, mapping, partnership, personal, product
from kimcore.events.base import Event
from kimcore.events.declarations import check_personal_declarations
from kimcore.events.errors import EventTypeError, UnknownEventType

__all__ = ["BUILTIN_EVENT_TYPES", "EventRegistry"]

BUILTIN_EVENT_TYPES: tuple[type[Event], ...] = (
    group.GroupFormed,
    group.MemberJoined,
    group.MemberLeft,
    group.OfficerAppointed,
    group.OfficerRelieved,
    group.GroupConfirmed,
    group.GroupRegistered,
    group.ChannelsChanged,
    group.BoundsChanged,
    group.GroupProfileChanged,
    group.CompetitionResultRecorded,
    group.GroupDissolved,
    forum.ForumEstablished,
    forum.ForumBoardInstalled,
    forum.ForumMemberAdmitted,
    forum.ForumMemberWithdrew,
    forum.ForumDissolved,
    forum.ForumCompetitionResultRecorded,
    partnership.PartnershipSigned,
    partnership.PartnershipEnded,
    activity.ActivityHeld,
    personal.MemberForgotten,
    group.GroupMerged,
    group.GroupSplit,
    group.SeatRecoded,
    forum.MusyawarahHeld,
    forum.ForumChairReplaced,
    forum.ForumConfirmed,
    activity.ActivityAttended,
    product.InformationPublished,
    mapping.GroupMapped,
    mapping.MappingReported,
    mapping.MappingCoordinated,
    mapping.PartnershipProgrammeHeld,
    mapping.GroupEvaluated,
)


class EventRegistry:
    """Maps stable type names to event classes, and back."""

    def __init__(self, classes: Iterable[type[Event]] = ()) -> None:
        self._by_name: dict[str, type[Event]] = {}
        for cls in classes:
            self.register(cls)

    @classmethod
    def builtin(cls) -> EventRegistry:
        """A new registry holding kimcore's own event classes."""
        return cls(BUILTIN_EVENT_TYPES)

    def register(self, cls: type[Event]) -> type[Event]:
        """Add *cls*, checking its name and its personal-data declarations.

        Refused when another class has its name (naming both) or when it holds
        personal data in a field not declared personal (see
        `kimcore.events.declarations`).
        """
        name = cls.__dict__.get("event_name")
        if not isinstance(name, str):
            raise EventTypeError(
                f"{cls.__module__}.{cls.__qualname__} has no type name: decorate it with"
                " @event_type(...)"
            )
        existing = self._by_name.get(name)
        if existing is not None and existing is not cls:
            raise EventTypeError(
                f"event type name {name!r} is claimed by both"
                f" {existing.__module__}.{existing.__qualname__} and"
                f" {cls.__module__}.{cls.__qualname__}"
            )
        check_personal_declarations(cls)
        self._by_name[name] = cls
        return cls

    def get(self, name: str) -> type[Event]:
        """The class registered as *name*."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownEventType(f"no event class is registered as {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[type[Event]]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)
