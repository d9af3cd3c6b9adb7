"""Commands from JSON: named by class, structured by the documented converter, refused by field.

A portal sends ``{"FormGroup": {...}}``'s body to ``POST /api/commands/FormGroup``;
[`structure_command`][kimcore.wire.structure_command] turns it into the typed
command the application handles, or raises
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field path
(``founders[1].category``) and what was wrong with it.
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
import cattrs

from kimcore.domain.catalogue import Catalogue
from kimcore.domain.commands import SignPartnership
from kimcore.domain.deciders import Deciders
from kimcore.domain.erasure import ForgetSubject
from kimcore.events.converter import make_converter
from kimcore.vocabulary.errors import InvalidFields, InvalidValue

__all__ = ["command_types", "structure_command"]

_CONVERTER = make_converter(detailed_validation=True)


def command_types(deciders: Deciders) -> Mapping[str, type]:
    """Every command the deciders take (plugins' too), and ``ForgetSubject``, by class name."""
    found: dict[str, type] = {}
    for decider in deciders:
        for cls in decider.commands:
            found[cls.__name__] = cls
    found[ForgetSubject.__name__] = ForgetSubject
    return dict(sorted(found.items()))


def _step(error: BaseException) -> tuple[str, Any]:
    """The path step cattrs noted on *error* (``.field`` or ``[index]``) and the type there."""
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, cattrs.IterableValidationNote):
            return f"[{note.index}]", note.type
        if isinstance(note, cattrs.AttributeValidationNote):
            return f".{note.name}", note.type
    return "", None


def _expected(type_: Any) -> str:
    """What a JSON value of *type_* is, in words: never a Python type's name."""
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    if origin in (typing.Union, types.UnionType):
        kinds = [_expected(a) for a in args if a is not type(None)]
        return " or ".join(kinds) + (" or null" if type(None) in args else "")
    if origin in (tuple, frozenset, set, list):
        return "a JSON array"
    if origin in (dict, Mapping) or (isinstance(type_, type) and attrs.has(type_)):
        return "a JSON object"
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return "one of " + ", ".join(str(m.value) for m in type_)
    return _WORDS.get(type_, "a valid value")


_WORDS: Mapping[Any, str] = {
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    dt.date: "a date (YYYY-MM-DD)",
    dt.datetime: "a date and time (ISO 8601)",
    uuid.UUID: "a UUID",
}


def _problems(error: BaseException, path: str, type_: Any) -> list[tuple[str, str]]:
    """Every leaf of a cattrs error tree: its field path and what was wrong, in words."""
    if isinstance(error, cattrs.BaseValidationError) and error.exceptions:
        found = []
        for inner in error.exceptions:
            step, inner_type = _step(inner)
            found.extend(_problems(inner, path + step, inner_type))
        return found
    if isinstance(error, InvalidValue):
        message = error.detail.split(": ", 1)[-1]
        # A value's own validator may name the field it sits in already (``seat.region``).
        parent, _, last = path.rpartition(".")
        field = error.field
        if last and field.startswith(f"{last}."):
            return [(f"{parent}.{field}".lstrip("."), message)]
        return [(f"{path}.{field}".lstrip("."), message)]
    if isinstance(error, KeyError):
        return [(path.lstrip("."), "is required")]
    if isinstance(error, TypeError) and str(error).startswith("must be "):
        # The strict converter's own words: what fits and what was sent (``got float 1.5``).
        return [(path.lstrip("."), str(error))]
    # Anything else is the converter meeting a JSON value of the wrong shape: say what fits,
    # never the Python error it raised ('int' object has no attribute 'keys').
    return [(path.lstrip("."), f"must be {_expected(type_)}")]


def _refusal(error: BaseException, path: str, type_: Any) -> InvalidFields:
    problems = [InvalidValue(f or "command", m) for f, m in _problems(error, path, type_)]
    return InvalidFields(problems or [InvalidValue(path or "command", "is not valid")])


def structure_command(
    name: str, data: object, types: Mapping[str, type], catalogue: Catalogue | None = None
) -> Any:
    """The command *name* (a class name of *types*) made from the JSON value *data*.

    A ``SignPartnership``'s ``terms`` are made as its ``partnership_type``'s terms class,
    which the *catalogue* (the policy's) names.
    """
    cls = types.get(name)
    if cls is None:
        raise InvalidValue("command", f"unknown command {name!r}; known: {', '.join(types)}")
    if not isinstance(data, dict):
        raise InvalidValue(
            "command", f"a command's body is a JSON object, got {type(data).__name__}"
        )
    problems = [
        InvalidValue(f, f"is not a field of {name}") for f in sorted(set(data) - _fields(cls))
    ]
    if cls is SignPartnership and catalogue is not None:
        try:
            data = {**data, "terms": _terms(data, catalogue)}
        except InvalidFields as refused:
            problems.extend(refused.problems)
            data = {k: v for k, v in data.items() if k != "terms"}
    known = {k: v for k, v in data.items() if k in _fields(cls)}
    try:
        made: Any = _CONVERTER.structure(known, cls)
    except Exception as error:
        missing_terms = cls is SignPartnership and "terms" not in known and bool(problems)
        found = _refusal(error, "", cls).problems
        problems.extend(p for p in found if not (missing_terms and p.field == "terms"))
        raise InvalidFields(problems) from None
    if problems:
        raise InvalidFields(problems)
    return made


def _terms(data: dict[str, Any], catalogue: Catalogue) -> Any:
    kind_name = data.get("partnership_type")
    if not isinstance(kind_name, str) or kind_name not in catalogue.partnership_types:
        known = ", ".join(sorted(catalogue.partnership_types))
        raise InvalidFields(
            [InvalidValue("partnership_type", f"must be one of {known}, got {kind_name!r}")]
        )
    terms_type = catalogue.partnership_types[kind_name].terms_type
    try:
        return _CONVERTER.structure(data.get("terms", {}), terms_type)
    except Exception as error:
        raise _refusal(error, "terms", terms_type) from None


def _fields(cls: type) -> set[str]:
    return {f.name for f in attrs.fields(cls) if f.init}
