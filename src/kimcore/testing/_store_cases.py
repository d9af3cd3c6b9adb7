"""What the event store conformance kit's cases share: a fresh store, and waiting for the log.

[`EventStoreContract`][kimcore.testing.conformance.EventStoreContract] gathers the cases; each
family of them subclasses `StoreCases` for the ``fresh`` and ``store`` fixtures built on the
``new_store`` fixture the adopter gives.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

from kimcore.application.ports.store import EventStore

__all__ = ["KIT_SETTINGS", "NewStore", "StoreCases", "increasing", "on_the_log"]

NewStore = Callable[[], EventStore]
# The kit's hypothesis tests run once per store class and make a fresh store per example.
KIT_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)


def on_the_log(store: EventStore, last: int) -> None:
    """Wait until the global log shows position *last*.

    A store may show a committed event to the global log a moment later (PostgreSQL waits for
    the older transactions of the whole cluster to end), but never loses one.
    """
    assert store.wait(last - 1, 30), f"position {last} never reached the global log"


def increasing(positions: list[int]) -> bool:
    """Positive and strictly increasing (positions need not be dense)."""
    return all(p > 0 for p in positions) and all(a < b for a, b in itertools.pairwise(positions))


class StoreCases:
    """The fixtures every family of cases uses; the adopter gives ``new_store``."""

    @pytest.fixture
    def fresh(self, new_store: NewStore) -> Iterator[NewStore]:
        """Like ``new_store``, closing every store it made at teardown."""
        made: list[EventStore] = []

        def make() -> EventStore:
            store = new_store()
            made.append(store)
            return store

        yield make
        for store in made:
            store.close()

    @pytest.fixture
    def store(self, fresh: NewStore) -> EventStore:
        """One fresh store."""
        return fresh()
