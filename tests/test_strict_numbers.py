"""An integer field takes a JSON integer only, as the commands' JSON Schema says."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.builders import activity

import kimcore as k
from kimcore.application.defaults import defaults
from kimcore.events.converter import make_converter
from kimcore.vocabulary.values import RegionLevel
from kimcore.wire import command_types, structure_command

TYPES = command_types(defaults().deciders)


def _body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(json.dumps(make_converter().unstructure(activity())))
    body.update(changes)
    return body


def test_a_json_integer_is_taken() -> None:
    assert structure_command("HoldActivity", _body(attendance=12), TYPES) == activity(attendance=12)


@pytest.mark.parametrize(
    ("value", "said"),
    [(1.5, "float 1.5"), (12.0, "float 12.0"), (True, "true"), ("12", "str '12'"), (None, "null")],
)
def test_anything_else_is_refused_naming_the_field(value: object, said: str) -> None:
    with pytest.raises(k.errors.InvalidValue, match="whole number") as refused:
        structure_command("HoldActivity", _body(attendance=value), TYPES)
    assert refused.value.field == "attendance"
    assert said in str(refused.value)


@pytest.mark.parametrize("detailed", [False, True])
def test_every_converter_is_strict_and_int_enums_too(detailed: bool) -> None:
    converter = make_converter(detailed_validation=detailed)
    assert converter.structure(3, int) == 3
    assert converter.structure(None, int | None) is None
    assert converter.structure(1, RegionLevel) is RegionLevel(1)
    for value in (True, False, 1.0, "1"):
        with pytest.raises(Exception, match="whole number"):
            converter.structure(value, int)
        with pytest.raises(Exception, match="whole number"):
            converter.structure(value, RegionLevel)


@pytest.mark.parametrize("value", [0, 1, "false", "true", None])
def test_a_boolean_field_takes_true_or_false_only(value: object) -> None:
    converter = make_converter()
    assert converter.structure(False, bool) is False
    with pytest.raises(TypeError, match="true or false"):
        converter.structure(value, bool)
