"""kimcore's converter: scalars in and out, and refusals of the wrong JSON types."""

from __future__ import annotations

import copy
import datetime as dt
import uuid

import attrs
import cattrs
import pytest
from hypothesis import given

import kimcore as k
from kimcore.events.converter import make_converter
from kimcore.testing.strategies import events as event_strategies

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


# The trusted converter (stored events, no validators) against its plain twin, cattrs' own
# hooks calling the classes (and the detailed converter's, which explain a failure).
DETAILED = make_converter(detailed_validation=True)
TRUSTED = make_converter(trusted=True)


@attrs.frozen
class _Tagged:
    label: str
    count: int = 0
    tags: tuple[str, ...] = attrs.field(
        default=attrs.Factory(lambda self: (self.label,), takes_self=True)
    )


@given(event_strategies)
def test_trusted_hooks_structure_what_the_classes_build(event: k.Event) -> None:
    cls = type(event)
    data = CONVERTER.unstructure(event, cls)
    trusted = TRUSTED.structure(copy.deepcopy(data), cls)
    assert trusted == CONVERTER.structure(copy.deepcopy(data), cls) == event
    assert trusted == DETAILED.structure(data, cls)
    assert type(trusted) is cls
    for field in attrs.fields(cls):
        if field.default is not attrs.NOTHING:
            # Left out, a field takes its default on both paths alike.
            fewer = {key: value for key, value in data.items() if key != field.name}
            assert TRUSTED.structure(copy.deepcopy(fewer), cls) == DETAILED.structure(fewer, cls)


@given(event_strategies)
def test_trusted_hooks_refuse_what_cattrs_refuses(event: k.Event) -> None:
    cls = type(event)
    data = CONVERTER.unstructure(event, cls) | {"surprise": 1}
    with pytest.raises(cattrs.errors.ForbiddenExtraKeysError):
        TRUSTED.structure(data, cls)
    first = attrs.fields(cls)[0].name
    missing = {key: value for key, value in data.items() if key not in (first, "surprise")}
    missing["other"] = None  # as many keys as fields, but not the same ones
    with pytest.raises((KeyError, cattrs.errors.ForbiddenExtraKeysError)):
        TRUSTED.structure(missing, cls)


def test_a_default_made_from_the_instance_is_kept() -> None:
    assert TRUSTED.structure({"label": "x"}, _Tagged) == _Tagged(label="x", tags=("x",))
    assert CONVERTER.structure({"label": "x"}, _Tagged) == _Tagged(label="x", tags=("x",))
    assert CONVERTER.structure({"label": "x", "count": 2, "tags": []}, _Tagged) == _Tagged(
        label="x", count=2, tags=()
    )


@attrs.frozen
class _Checked:
    name: str = attrs.field(validator=attrs.validators.max_len(3))
    low: int = 0
    high: int = 0

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError("high is below low")


def test_trusted_hooks_skip_field_validators_but_keep_types_and_post_init() -> None:
    # Stored data was validated when it was decided; its types still must fit.
    assert TRUSTED.structure({"name": "longer", "low": 0, "high": 1}, _Checked).name == "longer"
    with pytest.raises(ValueError, match="must be <= 3"):
        CONVERTER.structure({"name": "longer", "low": 0, "high": 1}, _Checked)
    with pytest.raises(ValueError, match="high is below low"):
        TRUSTED.structure({"name": "a", "low": 2, "high": 1}, _Checked)
    with pytest.raises(TypeError, match="expected text"):
        TRUSTED.structure({"name": 5, "low": 0, "high": 1}, _Checked)
