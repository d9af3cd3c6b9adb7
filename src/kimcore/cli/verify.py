"""Checking a store: order, versions and decodability of every stored event."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from kimcore.application.ports.store import EventStore
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.events.envelope_checks import stored_problem
from kimcore.events.errors import EventError
from kimcore.events.keys import Keys

__all__ = ["Problem", "verify_store"]


@attrs.frozen(kw_only=True)
class Problem:
    """Something wrong with the stored event at ``position``."""

    position: int
    stream_id: str
    stream_version: int
    message: str


def verify_store(
    store: EventStore,
    codec: Codec,
    *,
    page_size: int = 1000,
    on_page: Callable[[int], None] = lambda _position: None,
) -> Iterator[Problem]:
    """Every problem found reading the whole log, in position order.

    Checks that positions rise, that each stream's versions run 1, 2, 3…
    without a gap or a repeat, that every envelope holds what every reader
    can read (ids, type name, metadata, time; as an append checks them), and
    that every event decodes, its sealed
    fields authenticating under their keys (a forgotten subject's fields read
    as redacted, which is no problem).
    """
    last_position = 0
    versions: dict[str, int] = {}
    while page := store.read_all(last_position, page_size):
        keys = Keys.for_payloads(store.keys.get_many, (s.data for s in page))
        for stored in page:
            if stored.position <= last_position:
                yield _problem(stored, f"position does not rise (after {last_position})")
            expected = versions.get(stored.stream_id, 0) + 1
            if stored.stream_version != expected:
                yield _problem(
                    stored, f"stream version {stored.stream_version}, expected {expected}"
                )
            versions[stored.stream_id] = stored.stream_version
            envelope = stored_problem(stored)
            if envelope is not None:
                field, why = envelope
                yield _problem(stored, f"{field}: {why}")
            try:
                codec.decode(stored, keys, validate=True)
            except EventError as exc:
                yield _problem(stored, str(exc))
            last_position = max(last_position, stored.position)
        on_page(last_position)


def _problem(stored: StoredEvent, message: str) -> Problem:
    return Problem(
        position=stored.position,
        stream_id=stored.stream_id,
        stream_version=stored.stream_version,
        message=message,
    )
