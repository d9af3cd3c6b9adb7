"""Identities and stream names of aggregates.

A forum's id is derived from its level and region, so "at most one active
forum per region and level" is held by the forum's own stream: two offices
trying to establish the same forum meet in one stream, and the optimistic
concurrency check lets only one of them through.
"""

from __future__ import annotations

import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.parties import PartyRef

__all__ = [
    "KIMCORE_NAMESPACE",
    "AggregateRef",
    "forum_id_for",
    "group_id_for_register",
    "office_id_for",
    "stream_id_for",
]

KIMCORE_NAMESPACE = uuid.UUID("6a0e3f5e-2b0c-5d55-9a2e-4b494d434f52")


def forum_id_for(level: ForumLevel, region_code: str) -> uuid.UUID:
    """The id of the forum at *level* for the region with *region_code*."""
    return uuid.uuid5(KIMCORE_NAMESPACE, f"forum:{level.value}:{region_code}")


def group_id_for_register(number: str) -> uuid.UUID:
    """The id of the KIM an office's register lists under *number* (its ``no_register_kim``).

    A KIM recorded under a register number has this id, so the number alone names it again
    when the register is imported into another store.
    """
    return uuid.uuid5(KIMCORE_NAMESPACE, f"register:kim:{number}")


def office_id_for(region_code: str) -> uuid.UUID:
    """The id of the communication office of the regency, city or province with *region_code*.

    One office serves one region, so its mappings meet in one stream.
    """
    return uuid.uuid5(KIMCORE_NAMESPACE, f"office:{region_code}")


def stream_id_for(ref: PartyRef | AggregateRef) -> str:
    """The stream that records an aggregate's events: ``<kind>-<id>``.

    The one place a stream's name is made; a group's is ``group-<id>``, a forum's
    ``forum-<id>``, an office's ``government_body-<id>``, a plugin's kind's ``<kind>-<id>``.
    """
    kind = ref.kind if isinstance(ref, AggregateRef) else ref.kind.value
    return f"{kind}-{ref.id}"


@attrs.frozen(kw_only=True)
class AggregateRef:
    """The aggregate a command is decided on: its kind (``group``, ``forum``, a plugin's), id."""

    kind: str = attrs.field(validator=v.text(40))
    id: uuid.UUID = attrs.field(validator=v.identifier())

    @property
    def stream_id(self) -> str:
        """The aggregate's stream: ``<kind>-<id>``."""
        return stream_id_for(self)
