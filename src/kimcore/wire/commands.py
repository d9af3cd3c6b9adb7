"""Commands from JSON: named by class, structured by the documented converter, refused by field.

A portal sends ``{"FormGroup": {...}}``'s body to ``POST /api/commands/FormGroup``;
[`structure_command`][kimcore.wire.structure_command] turns it into the typed
command the application handles, or raises
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field path
(``founders[1].category``) and what was wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from kimcore.domain.catalogue import Catalogue
from kimcore.domain.commands import SignPartnership
from kimcore.domain.deciders import Deciders
from kimcore.domain.erasure import ForgetSubject
from kimcore.events.converter import make_converter
from kimcore.vocabulary.errors import InvalidValue

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


def _step(error: BaseException) -> str:
    """The path step cattrs noted on *error*: ``.field`` or ``[index]``."""
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, cattrs.IterableValidationNote):
            return f"[{note.index}]"
        if isinstance(note, cattrs.AttributeValidationNote):
            return f".{note.name}"
    return ""


def _first_problem(error: BaseException, path: str) -> tuple[str, str]:
    """The first leaf of a cattrs error tree: its field path and what was wrong."""
    if isinstance(error, cattrs.BaseValidationError) and error.exceptions:
        inner = error.exceptions[0]
        return _first_problem(inner, path + _step(inner))
    if isinstance(error, InvalidValue):
        message = error.detail.split(": ", 1)[-1]
        # A value's own validator may name the field it sits in already (``seat.region``).
        parent, _, last = path.rpartition(".")
        field = error.field
        if last and field.startswith(f"{last}."):
            return f"{parent}.{field}".lstrip("."), message
        return f"{path}.{field}".lstrip("."), message
    if isinstance(error, KeyError):
        return path.lstrip("."), "is required"
    return path.lstrip("."), str(error) or type(error).__name__


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
    unknown = sorted(set(data) - _fields(cls))
    if unknown:
        raise InvalidValue(unknown[0], f"is not a field of {name}")
    if cls is SignPartnership and catalogue is not None:
        data = {**data, "terms": _terms(data, catalogue)}
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as error:
        field, message = _first_problem(error, "")
        raise InvalidValue(field or "command", message) from None


def _terms(data: dict[str, Any], catalogue: Catalogue) -> Any:
    kind_name = data.get("partnership_type")
    if not isinstance(kind_name, str) or kind_name not in catalogue.partnership_types:
        known = ", ".join(sorted(catalogue.partnership_types))
        raise InvalidValue("partnership_type", f"must be one of {known}, got {kind_name!r}")
    terms_type = catalogue.partnership_types[kind_name].terms_type
    try:
        return _CONVERTER.structure(data.get("terms", {}), terms_type)
    except Exception as error:
        field, message = _first_problem(error, "terms")
        raise InvalidValue(field, message) from None


def _fields(cls: type) -> set[str]:
    return {f.name for f in attrs.fields(cls) if f.init}
