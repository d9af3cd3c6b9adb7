"""An append's events checked as a batch (``kimcore.events._batch_checks``) against the plain twin.

On any batch, storable or not, the fast check gives the same answer as checking each event in
turn: ``None`` for the same batches, else the same field and reason. Batches are drawn the way
`Application.encode` makes them (one metadata and one time shared) and the ways a caller may make
them (each its own, one of them wrong, an id repeated, something that is not a `NewEvent`), and
each is checked with the remembered type names emptied and again with every one of them there.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.events import NewEvent
from kimcore.events import _batch_checks as checks

_UTC = dt.UTC
_TIME = dt.datetime(2026, 12, 5, 8, 0, tzinfo=_UTC)
_METADATA = k.events.Metadata(correlation_id=uuid.UUID(int=1), causation_id=uuid.UUID(int=1))


_GOOD = NewEvent(
    event_id=uuid.UUID(int=1),
    event_type="MemberJoined",
    schema_version=1,
    data=b"{}",
    metadata=_METADATA,
    recorded_at=_TIME,
)


class _Version(int):
    """An int that is not exactly ``int``: storable, but not by the fast path."""


class _Id(uuid.UUID):
    """A UUID that is not exactly ``uuid.UUID``."""


@attrs.frozen(kw_only=True)
class _OwnEvent(NewEvent):
    """A subclass of NewEvent: storable, and checked in full."""


_good_types = st.sampled_from(["MemberJoined", "kim.csr.ProgrammeOpened"])
_bad_values: dict[str, st.SearchStrategy[Any]] = {
    "event_id": st.sampled_from(["not-an-id", None, 7, _Id(int=9)]),
    "event_type": st.sampled_from(["", "a\x00b", "\ud800", "t" * 201, 5, None, ["x"]]),
    "schema_version": st.sampled_from([0, -1, True, "1", 1.0, _Version(2)]),
    "data": st.sampled_from(["{}", bytearray(b"{}"), None]),
    "metadata": st.sampled_from(
        [
            None,
            {"correlation_id": None},
            k.events.Metadata(correlation_id="x"),  # type: ignore[arg-type]
            k.events.Metadata(extra={"a\x00": "b"}),
            k.events.Metadata(extra={str(n): "v" for n in range(51)}),
            k.events.Metadata(extra={"label": 3}),  # type: ignore[dict-item]
        ]
    ),
    "recorded_at": st.sampled_from([dt.datetime(2026, 1, 1), None, "2026-01-01T00:00:00Z"]),
}


@st.composite
def _event(draw: st.DrawFn, shared: bool) -> Any:
    fields: dict[str, Any] = {
        "event_id": draw(st.uuids()),
        "event_type": draw(_good_types),
        "schema_version": draw(st.integers(1, 3)),
        "data": draw(st.binary(max_size=8)),
        "metadata": _METADATA
        if shared
        else k.events.Metadata(correlation_id=draw(st.none() | st.uuids())),
        "recorded_at": _TIME
        if shared
        else draw(st.datetimes(timezones=st.just(_UTC))),  # a new object each time
    }
    kind = draw(st.sampled_from(["good"] * 4 + ["bad"] * 3 + ["unset", "own", "not an event"]))
    if kind == "bad":
        name = draw(st.sampled_from(sorted(_bad_values)))
        fields[name] = draw(_bad_values[name])
    if kind == "unset":  # a fast path starting from None would take these as the batch's own
        fields["metadata"] = fields["recorded_at"] = None
    if kind == "not an event":
        return draw(st.sampled_from([None, "event", fields]))
    return (_OwnEvent if kind == "own" else NewEvent)(**fields)


@st.composite
def batches(draw: st.DrawFn) -> list[Any]:
    """A batch as the encoder makes it or as a caller may, repeating an id now and then."""
    shared = draw(st.booleans())
    events = draw(st.lists(_event(shared), max_size=12))
    if shared and draw(st.booleans()):  # a good first event: the fast path takes the rest
        events.insert(0, attrs.evolve(_GOOD, event_id=draw(st.uuids())))
    if len(events) >= 2 and draw(st.booleans()):
        first, later = draw(st.lists(st.integers(0, len(events) - 1), min_size=2, max_size=2))
        if isinstance(events[first], NewEvent) and isinstance(events[later], NewEvent):
            events[later] = attrs.evolve(events[later], event_id=events[first].event_id)
    return events


def _after_good(**fields: Any) -> list[Any]:
    return [_GOOD, attrs.evolve(_GOOD, **{"event_id": uuid.UUID(int=2), **fields})]


@settings(max_examples=1000)
@given(batches())
@example(_after_good(event_type=["x"]))
@example(_after_good(schema_version=0))
@example(_after_good(data="{}"))
@example(_after_good(event_id="x"))
@example(_after_good(metadata=None, recorded_at=None)[1:])
@example([_GOOD, None])
def test_the_fast_check_gives_the_plain_answer(batch: list[Any]) -> None:
    events = tuple(batch)
    checks._STORABLE_TYPES.clear()
    expected = checks.batch_problem_plain(events)
    assert checks.batch_problem(events) == expected
    # As earlier appends leave it: every name remembered.
    checks._STORABLE_TYPES.update(["MemberJoined", "kim.csr.ProgrammeOpened"])
    assert checks.batch_problem(events) == expected


def test_a_batch_the_encoder_made_passes_and_a_repeated_id_is_named() -> None:
    events = [attrs.evolve(_GOOD, event_id=uuid.UUID(int=n)) for n in range(1, 11)]
    assert checks.batch_problem(tuple(events)) is None
    events[7] = attrs.evolve(events[7], event_id=uuid.UUID(int=3))
    repeated = ("events[7]", f"repeats event id {uuid.UUID(int=3)}")
    assert checks.batch_problem(tuple(events)) == repeated


@pytest.mark.parametrize("field", ["metadata", "recorded_at"])
def test_an_event_whose_shared_field_was_never_checked_is_checked(field: str) -> None:
    good = _GOOD
    bad = _after_good(**{field: None})[1]
    assert checks.batch_problem((bad,)) == checks.batch_problem_plain((bad,)) is not None
    assert checks.batch_problem((good, bad)) == checks.batch_problem_plain((good, bad))
    assert checks.batch_problem((good, bad)) is not None
