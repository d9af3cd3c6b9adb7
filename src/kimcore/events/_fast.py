"""Decoding in C: stored payloads straight into the event classes (msgspec, ``kimcore[msgspec]``).

The read path's speed trick, beside its plain twin (the trusted cattrs hooks of
[`kimcore.events._trusted`][kimcore.events._trusted], and the validating converter `kimcore
verify` uses). A property test shows all of them build equal events from every payload kimcore
writes.

msgspec decodes JSON into attrs classes in C, but it runs a class's field validators in Python,
which would cost more than the decoding. What a store holds was validated when it was decided, so
each class gets a *twin*: a subclass with the same fields and defaults, no validators, and nested
classes replaced by their twins. msgspec builds the twin (calling ``__attrs_post_init__``, which the
subclass inherits); the instance is then given its real class back (same slots, so the same
layout), nested values first, and its sealed personal fields opened (or ``REDACTED``).

A class this cannot mirror (a field with a converter or ``init=False``, a type msgspec does not
know, a union of several classes, a set or a mapping's key holding attrs values, personal data in a
set or in a field that is not text, a cached hash) has no fast decoder: `fast_decoder` says why,
and the codec decodes it on the plain path and says so once in the log (``kimcore.events``).
"""

from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from kimcore.events.declarations import type_hints
from kimcore.events.keys import Keys
from kimcore.events.protection import TOKEN_PREFIX, Plan, open_token
from kimcore.vocabulary.personal import REDACTED

__all__ = ["AVAILABLE", "FastDecoder", "Unsupported", "fast_decoder"]

msgspec: Any
try:
    import msgspec
except ImportError:  # pragma: no cover - exercised only where msgspec is absent
    msgspec = None

AVAILABLE = msgspec is not None

# payload bytes (or an upcast dict), keys → the event
FastDecoder = Callable[[Any, Keys | None], Any]
_Step = tuple[str, str, Callable[[Any], None]]  # (field, how, reclass of the value)
_set = object.__setattr__


class Unsupported(Exception):
    """The class cannot be decoded on the fast path; the message says why."""


_TWINS: dict[type, tuple[type, Callable[[Any], None]]] = {}


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


_Mirrored = tuple[Any, Callable[[Any], None] | None, str]


def _mirror(tp: Any, where: str) -> _Mirrored:
    """*tp* with attrs classes replaced by twins, how to reclass its values, and how it holds them.

    The third value is ``"one"`` (a value or ``None``), ``"many"`` (a tuple or list of them),
    ``"values"`` (a mapping's values), or ``""`` when it holds no attrs class.
    """
    if isinstance(tp, type) and attrs.has(tp):
        twin, reclass = _twin(tp)
        return twin, reclass, "one"
    origin = typing.get_origin(tp)
    if origin is None:
        return tp, None, ""
    args = typing.get_args(tp)
    if _is_union(tp):
        inner = [a for a in args if a is not type(None)]
        mirrored = [_mirror(a, where) for a in inner]
        held = [m for m in mirrored if m[1] is not None]
        if not held:
            return tp, None, ""
        if len(inner) != 1 or held[0][2] != "one":
            raise Unsupported(f"{where}: a union holding attrs classes ({tp})")
        return held[0][0] | None, held[0][1], "one"
    if origin in (tuple, list) and (origin is list or (len(args) == 2 and args[1] is Ellipsis)):
        item: Any
        item, items_reclass, how = _mirror(args[0], where)
        if items_reclass is None:
            return tp, None, ""
        if how != "one":
            raise Unsupported(f"{where}: a collection of collections of attrs classes ({tp})")
        return (tuple[item, ...] if origin is tuple else list[item]), items_reclass, "many"
    if origin in (dict, collections.abc.Mapping, typing.Mapping):
        key: Any
        value: Any
        key, key_reclass, _ = _mirror(args[0], where)
        value, values_reclass, how = _mirror(args[1], where)
        if key_reclass is not None:
            raise Unsupported(f"{where}: a mapping keyed by attrs classes ({tp})")
        if values_reclass is None:
            return tp, None, ""
        if how != "one":
            raise Unsupported(f"{where}: a mapping of collections of attrs classes ({tp})")
        return dict[key, value], values_reclass, "values"
    for arg in args:
        if arg is not Ellipsis and _mirror(arg, where)[1] is not None:
            # A set's items are hashed as they are made: as twins, with the twin's hash.
            raise Unsupported(f"{where}: attrs classes inside {tp}")
    return tp, None, ""


def _reclass(cls: type, steps: tuple[_Step, ...]) -> Callable[[Any], None]:
    def reclass(made: Any) -> None:
        for name, how, inner in steps:
            value = getattr(made, name)
            if value is None:
                continue
            if how == "one":
                inner(value)
            elif how == "many":
                for item in value:
                    inner(item)
            else:
                for item in value.values():
                    inner(item)
        _set(made, "__class__", cls)

    return reclass


def _twin(cls: type) -> tuple[type, Callable[[Any], None]]:
    """The validator-free subclass msgspec builds for *cls*, and the function that gives it back."""
    found = _TWINS.get(cls)
    if found is not None:
        return found
    if any("_attrs_cached_hash" in getattr(c, "__slots__", ()) for c in cls.__mro__):
        # attrs' __init__ clears the cached hash; msgspec knows nothing of that slot.
        raise Unsupported(f"{cls.__qualname__}: a class that caches its hash")
    hints = type_hints(cls)
    fields: dict[str, Any] = {}
    steps: list[_Step] = []
    for field in attrs.fields(cls):
        where = f"{cls.__qualname__}.{field.name}"
        if not field.init or field.converter is not None:
            raise Unsupported(f"{where}: a field with a converter or init=False")
        tp, reclass, how = _mirror(hints[field.name], where)
        default = field.default
        if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            raise Unsupported(f"{where}: a default that takes self")
        fields[field.name] = attrs.field(type=tp, default=default, kw_only=True)
        if reclass is not None:
            steps.append((field.name, how, reclass))
    twin = attrs.make_class(
        cls.__name__,
        fields,
        bases=(cls,),
        frozen=True,
        slots=True,
        kw_only=True,
        eq=False,
        order=False,
        hash=False,
        repr=False,
        cache_hash=False,
        weakref_slot=False,
    )
    twin.__qualname__ = f"{cls.__qualname__}[fast]"
    try:
        _set(object.__new__(twin), "__class__", cls)
    except TypeError as exc:  # a layout the subclass cannot share
        raise Unsupported(f"{cls.__qualname__}: {exc}") from None
    made = _TWINS[cls] = (twin, _reclass(cls, tuple(steps)))
    return made


def _opener(plan: Plan, cls: type) -> Callable[[Any, Keys | None], None]:
    """Open the sealed fields of a decoded instance in place, as `open_all` does a payload."""
    hints = type_hints(cls)
    nested: list[tuple[str, str, Callable[[Any, Keys | None], None]]] = []
    for name, many, sub in plan.nested:
        _, reclass, how = _mirror(hints[name], name)
        if reclass is None or (many and how == "one"):
            raise Unsupported(f"{cls.__qualname__}.{name}: personal data the twin cannot reach")
        inner_cls = _inner_class(hints[name])
        nested.append((name, how, _opener(sub, inner_cls)))
    personal = tuple(name for name, _ in plan.personal)
    for name in personal:
        if hints[name] not in (str, str | None):
            # A token is text: msgspec would refuse it for any other type, on every read.
            raise Unsupported(f"{cls.__qualname__}.{name}: a personal field that is not text")

    def open_fields(made: Any, keys: Keys | None) -> None:
        for name in personal:
            value = getattr(made, name)
            if value is None:
                continue
            if keys is None and value.__class__ is str and value.startswith(TOKEN_PREFIX):
                _set(made, name, REDACTED)  # what open_token gives without keys, sooner
            else:
                _set(made, name, open_token(value, keys))
        for name, how, inner in nested:
            value = getattr(made, name)
            if value is None:
                continue
            if how == "one":
                inner(value, keys)
            else:
                for item in value if how == "many" else value.values():
                    inner(item, keys)

    return open_fields


def _inner_class(tp: Any) -> type:
    if isinstance(tp, type) and attrs.has(tp):
        return tp
    args = [a for a in typing.get_args(tp) if a is not type(None) and a is not Ellipsis]
    return _inner_class(args[-1])


def fast_decoder(
    cls: type,
    plan: Plan | None,
    upcast: Callable[[dict[str, Any]], dict[str, Any]] | None,
    loads: Callable[[bytes], Any],
) -> FastDecoder:
    """A decoder of *cls*'s stored payloads in C, or `Unsupported` saying why there is none.

    Without *upcast* it takes the payload's bytes; with it, the bytes are parsed, upcast to the
    current version, and converted from that dict in C.
    """
    if msgspec is None:
        raise Unsupported("msgspec is not installed (pip install 'kimcore[msgspec]')")
    twin, reclass = _twin(cls)
    opener = None if plan is None else _opener(plan, cls)
    decode: Callable[[Any], Any]
    try:
        decode = msgspec.json.Decoder(twin).decode
    except TypeError as exc:
        raise Unsupported(f"{cls.__qualname__}: {exc}") from None
    convert = msgspec.convert

    if upcast is not None:

        def decode_upcast(payload: Any) -> Any:
            return convert(upcast(loads(payload)), twin)

        decode = decode_upcast

    if opener is None:

        def fast(payload: Any, keys: Keys | None) -> Any:
            made = decode(payload)
            reclass(made)
            return made

        return fast

    def fast_sealed(payload: Any, keys: Keys | None) -> Any:
        made = decode(payload)
        reclass(made)
        opener(made, keys)
        return made

    return fast_sealed
