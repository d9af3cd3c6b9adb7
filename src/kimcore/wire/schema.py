"""JSON Schema (draft 2020-12) of any command or event, read off its attrs class.

The schema says what the converter accepts: dates as ``YYYY-MM-DD``, ids as
UUID strings, enumerations by value, sets as arrays without repeats, and the
lengths and bounds the fields' validators enforce; with the policy's catalogue,
its techniques, channels and partnership types as enums, and an activity's rules
across fields (a place for one held in person). Other rules that need more than
one field, or the state (a board has one chair), are the domain's to check: the
service answers 422 naming the rule, and ``GET /api/rules`` lists them all.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from kimcore.domain.catalogue import Catalogue, TechniqueFamily
from kimcore.domain.commands import HoldActivity, SignPartnership
from kimcore.vocabulary.channels import Channel

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_FORMATS: Mapping[type, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    dt.date: {"type": "string", "format": "date"},
    dt.datetime: {"type": "string", "format": "date-time"},
    uuid.UUID: {"type": "string", "format": "uuid"},
}


def _keywords(validator: object) -> dict[str, Any]:
    """The JSON Schema keywords a field's validator (or validators) carry."""
    found: dict[str, Any] = dict(getattr(validator, "json_schema", {}))
    for inner in getattr(validator, "_validators", ()):  # attrs' and_(…)
        found.update(_keywords(inner))
    return found


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, type_: Any) -> dict[str, Any]:
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if type_ is type(None):
            return {"type": "null"}
        if type_ is Any:
            return {}  # any JSON value: what it holds is another field's to say
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.of(arg) for arg in args]}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.of(args[0])}
            return {
                "type": "array",
                "prefixItems": [self.of(a) for a in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        if origin in (frozenset, set):
            return {"type": "array", "items": self.of(args[0]), "uniqueItems": True}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            values = [m.value for m in type_]
            kind = "integer" if all(isinstance(v, int) for v in values) else "string"
            return {"type": kind, "enum": values}
        if isinstance(type_, type) and attrs.has(type_):
            name = type_.__name__
            if name not in self.defs:
                self.defs[name] = {}  # a placeholder: a class may hold itself
                self.defs[name] = self.object(type_)
            return {"$ref": f"#/$defs/{name}"}
        for known, schema in _FORMATS.items():
            if type_ is known:
                return dict(schema)
        raise TypeError(f"no JSON Schema for {type_!r}")

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.of(hints[field.name])
            keywords = _keywords(field.validator)
            if keywords:
                schema = _narrow(schema, keywords)
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                schema = {**schema, "default": _json_default(field.default)}
            properties[field.name] = schema
        doc = (cls.__doc__ or "").strip().split("\n\n", 1)[0]
        return {
            "type": "object",
            "title": cls.__name__,
            "description": " ".join(doc.split()),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def _narrow(schema: dict[str, Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """*schema* with a validator's keywords, applied to the non-null branch of an optional."""
    if "anyOf" in schema:
        branches = schema["anyOf"]
        return {"anyOf": [s if s.get("type") == "null" else {**s, **keywords} for s in branches]}
    return {**schema, **keywords}


def _catalogued(root: dict[str, Any], defs: dict[str, Any], catalogue: Catalogue) -> None:
    """The catalogue's names as enums where a field takes one of them."""
    technique = root["properties"].get("technique")
    if technique is not None and technique.get("type") == "string":
        technique["enum"] = sorted(catalogue.techniques)
    channel = defs.get(Channel.__name__)
    if channel is not None and "name" in channel.get("properties", {}):
        channel["properties"]["name"]["enum"] = sorted(catalogue.channels)


def _activity_rules(catalogue: Catalogue | None) -> list[dict[str, Any]]:
    """An activity's rules across its fields, as the decider checks them.

    Held in person or hybrid it names a place, online or hybrid a link
    (``delivery-details``); with a catalogue, an advocacy technique names its ``advocacy``
    and no other technique does (``advocacy-kind``).
    """

    def needs(deliveries: list[str], field: str) -> dict[str, Any]:
        return {
            "if": {"properties": {"delivery": {"enum": deliveries}}, "required": ["delivery"]},
            "then": {"required": [field], "properties": {field: {"type": "string"}}},
        }

    rules = [needs(["in_person", "hybrid"], "place"), needs(["online", "hybrid"], "link")]
    if catalogue is not None:
        advocacy = sorted(
            name
            for name, technique in catalogue.techniques.items()
            if technique.family is TechniqueFamily.ADVOCACY
        )
        rules.append(
            {
                "if": {"properties": {"technique": {"enum": advocacy}}, "required": ["technique"]},
                "then": {
                    "required": ["advocacy"],
                    "properties": {"advocacy": {"not": {"type": "null"}}},
                },
                "else": {"properties": {"advocacy": {"type": "null"}}},
            }
        )
    return rules


def _json_default(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, frozenset)):
        return [_json_default(v) for v in value]
    if isinstance(value, (dt.date, uuid.UUID)):
        return str(value)
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]
        return {f.name: _json_default(getattr(value, f.name)) for f in fields}
    return value


def json_schema(
    cls: type, *, id_: str | None = None, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """The JSON Schema of the attrs class *cls* (a command, an event, a value).

    With a *catalogue* (the policy's), what it names is an ``enum``: a ``technique``'s
    techniques, a channel's ``name`` its channels; and a ``SignPartnership``'s ``terms`` take
    the terms class of its ``partnership_type``, type by type.
    """
    builder = _Builder()
    root = builder.object(cls)
    if catalogue is not None:
        _catalogued(root, builder.defs, catalogue)
    if cls is HoldActivity:
        root["allOf"] = _activity_rules(catalogue)
    if cls is SignPartnership and catalogue is not None:
        root["allOf"] = [
            {
                "if": {"properties": {"partnership_type": {"const": name}}},
                "then": {"properties": {"terms": builder.of(kind.terms_type)}},
            }
            for name, kind in sorted(catalogue.partnership_types.items())
        ]
        root["properties"]["partnership_type"]["enum"] = sorted(catalogue.partnership_types)
    schema: dict[str, Any] = {"$schema": _DIALECT}
    if id_ is not None:
        schema["$id"] = id_
    schema.update(root)
    if builder.defs:
        schema["$defs"] = builder.defs
    return schema
