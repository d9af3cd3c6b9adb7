"""kimcore's converter: scalars in and out, and refusals of the wrong JSON types."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kimcore.events.converter import make_converter

CONVERTER = make_converter()


def test_typed_values_pass_through_structuring() -> None:
    u = uuid.uuid4()
    assert CONVERTER.structure(u, uuid.UUID) is u
    assert CONVERTER.structure(dt.date(2024, 1, 2), dt.date) == dt.date(2024, 1, 2)
    now = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert CONVERTER.structure(now, dt.datetime) is now
    assert CONVERTER.structure(now.isoformat(), dt.datetime) == now
    assert CONVERTER.unstructure(now) == "2024-01-02T03:04:00+00:00"


@pytest.mark.parametrize(
    ("value", "type_"),
    [(20240102, dt.date), (1.5, dt.datetime), (dt.datetime(2024, 1, 1), dt.date)],
)
def test_dates_must_be_iso_text(value: object, type_: type) -> None:
    with pytest.raises(TypeError, match="ISO text"):
        CONVERTER.structure(value, type_)


def test_frozensets_become_sorted_lists() -> None:
    assert CONVERTER.unstructure(frozenset({"b", "a", "c"}), frozenset[str]) == ["a", "b", "c"]
