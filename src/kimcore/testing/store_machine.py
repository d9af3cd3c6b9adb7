"""A hypothesis state machine that runs any store beside the in-memory one.

Every step does the same thing to both — an append with a random batch and a
random expected version (right, stale, ahead, "no stream", "any"), a read of a
stream from a random version, a page of the global log — and compares what
each returned, or which error each raised. Positions need only increase, so
they are compared by rank: the memory store's are 1, 2, 3….
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kimcore.adapters.memory import MemoryStore
from kimcore.application.ports.store import ANY_VERSION, NO_STREAM, EventStore
from kimcore.events.envelope import Metadata, NewEvent

__all__ = ["make_store_machine", "new_events"]

STREAMS = ("group-a", "group-b", "forum-c")
_T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def new_events(count: int, *, seed: int = 0, event_type: str = "Probe") -> list[NewEvent]:
    """*count* distinct encoded events with realistic metadata."""
    return [
        NewEvent(
            event_id=uuid.uuid4(),
            event_type=event_type,
            schema_version=1,
            data=b'{"seed":%d,"i":%d}' % (seed, i),
            metadata=Metadata(correlation_id=uuid.uuid4(), causation_id=None, extra={"i": str(i)}),
            recorded_at=_T0 + dt.timedelta(seconds=seed, microseconds=i),
        )
        for i in range(count)
    ]


def _outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return ("ok", call())
    except Exception as exc:  # the two stores must fail alike
        return ("error", type(exc).__name__)


def _ranked(events: Any, ranks: dict[int, int]) -> Any:
    """Stored events with their positions replaced by their rank in the log."""
    if isinstance(events, tuple | list):
        return [_ranked(e, ranks) for e in events]
    return attrs.evolve(events, position=ranks.get(events.position, -1))


def make_store_machine(new_store: Callable[[], EventStore]) -> type[RuleBasedStateMachine]:
    """A state machine class comparing stores made by *new_store* with `MemoryStore`."""

    class StoreMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.model = MemoryStore()
            self.store = new_store()
            self.seed = 0
            self.positions: list[int] = []  # the store's positions, in log order

        def await_visible(self, position: int, timeout: float = 30.0) -> None:
            """Wait until a reader sees *position*.

            A store may show a committed event only once every transaction
            that could commit before it has finished (PostgreSQL's horizon):
            other work on the same server can delay it, never reorder it.
            """
            deadline = time.monotonic() + timeout
            while self.store.head_position() < position:
                if time.monotonic() > deadline:
                    raise AssertionError(f"position {position} not visible after {timeout} s")
                time.sleep(0.01)

        def ranks(self) -> dict[int, int]:
            self.positions = [s.position for s in self.store.read_all(0, 100_000)]
            return {position: rank for rank, position in enumerate(self.positions, start=1)}

        @rule(
            stream=st.sampled_from(STREAMS),
            size=st.integers(0, 5),
            expectation=st.sampled_from(["right", "stale", "ahead", "none", "any"]),
            duplicate=st.booleans(),
        )
        def append(self, stream: str, size: int, expectation: str, duplicate: bool) -> None:
            self.seed += 1
            batch = new_events(size, seed=self.seed)
            if duplicate and size and self.model.head_position():
                # reuse an id already recorded: the whole batch must be refused
                (old,) = self.model.read_all(0, 1)
                batch[-1] = NewEvent(
                    event_id=old.event_id,
                    event_type="Probe",
                    schema_version=1,
                    data=b"{}",
                    metadata=Metadata(),
                    recorded_at=_T0,
                )
            version = self.model.stream_version(stream)
            expected = {
                "right": version,
                "stale": max(version - 1, 0) if version else 1,
                "ahead": version + 1,
                "none": NO_STREAM,
                "any": ANY_VERSION,
            }[expectation]
            mine = _outcome(lambda: self.model.append(stream, batch, expected))
            theirs = _outcome(lambda: self.store.append(stream, batch, expected))
            if theirs[0] == "ok" and theirs[1]:
                self.await_visible(theirs[1][-1].position)
            if theirs[0] == "ok":
                theirs = ("ok", _ranked(theirs[1], self.ranks()))
                mine = ("ok", list(mine[1]))
            assert theirs == mine

        @rule(
            stream=st.sampled_from(STREAMS),
            start=st.integers(1, 8),
            limit=st.none() | st.integers(1, 4),
        )
        def read_stream(self, stream: str, start: int, limit: int | None) -> None:
            theirs = _ranked(self.store.read_stream(stream, start, limit), self.ranks())
            assert theirs == self.model.read_stream(stream, start, limit)

        @rule(rank=st.integers(0, 40), limit=st.integers(1, 7))
        def read_all(self, rank: int, limit: int) -> None:
            ranks = self.ranks()
            rank = min(rank, len(self.positions))
            after = self.positions[rank - 1] if rank else 0
            theirs = _ranked(self.store.read_all(after, limit), ranks)
            assert theirs == self.model.read_all(rank, limit)

        @invariant()
        def heads_and_versions_agree(self) -> None:
            self.ranks()
            assert len(self.positions) == self.model.head_position()
            assert self.store.head_position() == (self.positions[-1] if self.positions else 0)
            assert self.positions == sorted(set(self.positions))
            for stream in STREAMS:
                assert self.store.stream_version(stream) == self.model.stream_version(stream)

        def teardown(self) -> None:
            self.store.close()

    return StoreMachine
