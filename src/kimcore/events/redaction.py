"""Redacting a value of a sealed class, by a function made once per class from its plan.

The application service caches the states it decides on without personal data, so every event it
records is redacted before it is folded into the cache. [`redact_all`][kimcore.personal.redact_all]
walks every field of every value; [`redactor_for`][kimcore.events.redaction.redactor_for] visits
only the fields the sealing plan names.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any

from kimcore.events.protection import Plan, plan_for
from kimcore.vocabulary.personal import REDACTED, Redacted, redacted_copy

__all__ = ["redactor_for"]


_T = typing.TypeVar("_T")
_REDACTORS: dict[Plan, Callable[[Any], Any]] = {}
_EVENT_REDACTORS: dict[type, Callable[[Any], Any]] = {}


def redactor_for(cls: type[_T]) -> Callable[[_T], _T]:
    """A function returning an instance of *cls* with every personal value ``REDACTED``.

    Equal to [`redact_all`][kimcore.personal.redact_all] on the values the codec can seal, but made
    once per class from its plan, so it visits only the fields that can hold personal data. Copies
    skip validation, as ``redact_all``'s do: a redacted value passes every check the original did.
    """
    redactor = _EVENT_REDACTORS.get(cls)
    if redactor is None:
        plan = plan_for(cls)
        redactor = _EVENT_REDACTORS[cls] = _identity if plan is None else _redactor(plan)
    return redactor


def _identity(value: _T) -> _T:
    return value


def _redactor(plan: Plan) -> Callable[[Any], Any]:
    redactor = _REDACTORS.get(plan)
    if redactor is not None:
        return redactor
    personal = tuple(name for name, _ in plan.personal)
    nested = tuple((name, many, _redactor(sub)) for name, many, sub in plan.nested)

    def redact(obj: Any) -> Any:
        changes: dict[str, Any] = {}
        for name in personal:
            value = getattr(obj, name)
            if value is not None and not isinstance(value, Redacted):
                changes[name] = REDACTED
        for name, many, sub in nested:
            value = getattr(obj, name)
            if value is None:
                continue
            if not many:
                new = sub(value)
            elif isinstance(value, Mapping):
                pairs = {key: sub(item) for key, item in value.items()}
                same = all(pairs[key] is item for key, item in value.items())
                new = value if same else pairs
            else:
                items = [sub(item) for item in value]
                same = all(a is b for a, b in zip(items, value, strict=True))
                new = value if same else type(value)(items)
            if new is not value:
                changes[name] = new
        return redacted_copy(obj, changes) if changes else obj

    _REDACTORS[plan] = redact
    return redact
