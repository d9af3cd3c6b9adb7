"""A method stated once: another takes it whole and gets its arguments as one record.

The ports ([`EventStore`][kimcore.stores.EventStore],
[`ModelStore`][kimcore.projections.ModelStore]) state each method's parameters, defaults and
contract. An adapter whose method only gathers those arguments for a step of its own takes the
method from the port with `by_record` instead of writing the parameters out again: the call has
the port's name, parameters, result and docstring (``inspect.signature`` and ``help`` show them),
and its arguments reach the adapter's *hook* as one record, a ``NamedTuple`` whose fields are the
port's parameters with the port's defaults (checked when the method is made, so the two cannot
drift apart).

`awaited_by_record` is its async twin: the coroutine function an async class takes from its sync
twin's method ([`AsyncApplication.handle`][kimcore.AsyncApplication.handle] from
[`Application.handle`][kimcore.Application.handle]), awaiting its hook.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from kimcore.domain.views.tables import Table
from kimcore.domain.views.tally import Tallied

__all__ = ["Preparation", "awaited_by_record", "by_record"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


class Preparation(NamedTuple):
    """The arguments of [`ModelStore.prepare`][kimcore.projections.ModelStore.prepare]."""

    name: str
    version: int
    tables: Sequence[Table]
    create_only: bool = False
    tallies: Sequence[Tallied] = ()


def _recorder(
    port: Callable[..., Any], record: Callable[..., T]
) -> Callable[[tuple[Any, ...], dict[str, Any]], T]:
    """What makes a call's arguments into *record*, refusing them as *port* would.

    *record* is a ``NamedTuple`` of the port's parameters (without ``self``) in their order and
    with their defaults, or a ``TypeError`` is raised now. A parameter the port takes only by
    keyword is refused by position, as the port refuses it.
    """
    parameters = list(inspect.signature(port).parameters.values())[1:]
    fields: tuple[str, ...] = getattr(record, "_fields", ())
    defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
    wanted = {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}
    if fields != tuple(p.name for p in parameters) or defaults != wanted:
        raise TypeError(f"{record!r} does not hold the parameters of {port.__qualname__}")
    name = port.__name__
    made_by = f"{getattr(record, '__name__', '')}.__new__()"
    positional = sum(1 for p in parameters if p.kind in _POSITIONAL)

    def recorded(args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        if len(args) > positional:
            raise TypeError(
                f"{name}() takes {positional + 1} positional arguments"
                f" but {len(args) + 1} were given"
            )
        try:
            return record(*args, **kwargs)
        except TypeError as exc:  # a missing or unknown argument: name the method, not the record
            raise TypeError(str(exc).replace(made_by, f"{name}()", 1)) from None

    return recorded


def by_record(
    port: Callable[Concatenate[Any, P], R], record: Callable[..., Any], hook: str
) -> Callable[Concatenate[Any, P], R]:
    """The port's method *port*, handing its arguments to ``self.<hook>`` as one *record*.

    *record* is a ``NamedTuple`` of the port's parameters (without ``self``) in their order and
    with their defaults. A parameter the port takes only by keyword is refused by position, as
    the port refuses it.
    """
    recorded = _recorder(port, record)

    def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: R = getattr(self, hook)(recorded(args, kwargs))
        return result

    functools.update_wrapper(call, port)
    return call


def awaited_by_record(
    method: Callable[Concatenate[Any, P], R], record: Callable[..., Any], hook: str
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """*method* as a coroutine function: its arguments go to ``await self.<hook>(record)``.

    As `by_record`, for an async class taking a method of its sync twin: the parameters,
    defaults and docstring are *method*'s, the result is awaited (``async def``, so
    ``inspect.iscoroutinefunction`` holds), and the hook is a coroutine function taking *record*.
    """
    recorded = _recorder(method, record)

    async def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        awaited: Awaitable[R] = getattr(self, hook)(recorded(args, kwargs))
        return await awaited

    functools.update_wrapper(call, method)
    return call
