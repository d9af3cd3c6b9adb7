"""kimcore's own cattrs converters (never the global one).

Dates and datetimes travel as ISO 8601 text, UUIDs as canonical text, enums by
value, frozensets as sorted lists so equal events encode to equal bytes.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Any, get_args, get_origin

import cattrs

from kimcore._uuid import uuid_from_text
from kimcore.events._trusted import register_trusted_hooks

__all__ = ["make_converter"]


def _structure_str(value: Any, _type: type) -> str:
    # Strict and identity-preserving: no coercion of numbers, and the REDACTED
    # marker (a str subclass) stays what it is.
    if isinstance(value, str):
        return value
    raise TypeError(f"expected text, got {type(value).__name__}")


def _structure_int(value: Any, _type: type) -> int:
    # A JSON integer only, as the commands' JSON Schema says: cattrs' own hook calls int(),
    # which takes 1.5 as 1, true as 1 and "12" as 12. bool is an int subclass: refused too.
    if value.__class__ is int:
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"must be a whole number (a JSON integer), got {_json_kind(value)}")
    return int(value)  # an int subclass (an IntEnum member given as a number): its value


def _structure_bool(value: Any, _type: type) -> bool:
    # Registered beside int's hook, which bool would otherwise inherit; cattrs' own calls
    # bool(), which takes "false" as true.
    if value is True or value is False:
        return value
    raise TypeError(f"must be true or false, got {_json_kind(value)}")


def _structure_int_enum(value: Any, type_: type[enum.IntEnum]) -> enum.Enum:
    return _structure_enum(_structure_int(value, int), type_)


def _json_kind(value: Any) -> str:
    """*value* named as a JSON reader sees it: ``true``, ``1.5``, ``"12"``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | str):
        return f"{type(value).__name__} {value!r}"
    return type(value).__name__


def _structure_enum(value: Any, type_: type[enum.Enum]) -> enum.Enum:
    # The value map is what ``type_(value)`` consults, without its call overhead.
    try:
        return type_._value2member_map_[value]
    except (KeyError, TypeError):  # unknown or unhashable: let the enum raise its error
        return type_(value)


def _structure_optional_str(value: Any, _type: type) -> str | None:
    return None if value is None else _structure_str(value, str)


def _structure_uuid(value: Any, _type: type) -> uuid.UUID:
    if value.__class__ is str:  # what every stored payload holds, so tested first
        return uuid_from_text(value)
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a UUID must be text, got {type(value).__name__}")
    return uuid_from_text(value)


def _structure_date(value: Any, _type: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a date must be ISO text, got {value!r}")
    return dt.date.fromisoformat(value)


def _structure_datetime(value: Any, _type: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a datetime must be ISO text, got {value!r}")
    return dt.datetime.fromisoformat(value)


def _is_frozenset(type_: Any) -> bool:
    return type_ is frozenset or get_origin(type_) is frozenset


def _sorted_list_of(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any], list[Any]]]:
    """Sets unstructure to sorted lists, so equal sets always give equal payloads."""

    def factory(type_: Any) -> Callable[[Any], list[Any]]:
        args = get_args(type_)
        item_type = args[0] if args else Any

        def unstructure(value: frozenset[Any]) -> list[Any]:
            items = [converter.unstructure(item, item_type) for item in value]
            try:
                return sorted(items)
            except TypeError:  # records or mixed types: any stable order will do
                return sorted(items, key=repr)

        return unstructure

    return factory


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _collection_of(
    converter: cattrs.Converter, make: type[tuple[Any, ...]] | type[frozenset[Any]]
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``tuple[X, ...]`` and ``frozenset[X]`` from a JSON array, X's hook looked up once.

    cattrs' own hooks look up the item's hook on every call and take any
    iterable (a text's characters, a mapping's keys); these take an array only.
    """

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        item_type = get_args(type_)[0]
        item = converter.get_structure_hook(item_type)

        def structure(value: Any, _type: Any = None) -> Any:
            if value.__class__ is not list and not isinstance(value, list | tuple):
                raise TypeError(f"expected an array, got {type(value).__name__}")
            return make([item(entry, item_type) for entry in value]) if value else make()

        return structure

    return factory


def configure_converter(converter: cattrs.Converter) -> cattrs.Converter:
    """Register kimcore's hooks for scalars and sets on *converter*."""
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(str | None, _structure_optional_str)
    # StrEnums are str subclasses: give them their own hook, ahead of str's in the MRO.
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook(enum.IntEnum, _structure_int_enum)
    converter.register_unstructure_hook(uuid.UUID, str)
    converter.register_structure_hook(uuid.UUID, _structure_uuid)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook_factory(_is_frozenset, _sorted_list_of(converter))
    if not converter.detailed_validation:
        # The detailed converter keeps cattrs' hooks: they name the failing item's index.
        converter.register_structure_hook_factory(
            lambda t: _is_frozenset(t) and bool(get_args(t)), _collection_of(converter, frozenset)
        )
        converter.register_structure_hook_factory(
            _is_homogeneous_tuple, _collection_of(converter, tuple)
        )
    return converter


def make_converter(*, detailed_validation: bool = False, trusted: bool = False) -> cattrs.Converter:
    """A fresh converter configured for kimcore's events and value objects.

    A *trusted* one builds attrs classes without running their field
    validators (see [`kimcore.events._trusted`][kimcore.events._trusted]): it
    reads back what a store holds, which was validated when it was decided.
    The plain one calls the classes, so every validator runs: it checks data
    from outside and a whole store (``kimcore verify``). The detailed one
    explains a failure with exact field paths.
    """
    converter = cattrs.Converter(detailed_validation=detailed_validation, forbid_extra_keys=True)
    configure_converter(converter)
    if trusted:
        register_trusted_hooks(converter)
    return converter
