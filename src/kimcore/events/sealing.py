"""Sealing an event's personal fields on write, by a function made once per plan.

[`seal`][kimcore.events.protection.seal] walks the unstructured payload and reads each subject's id
back from its text. Encoding is on the path of every command, so the codec seals through
[`sealer_for`][kimcore.events.sealing.sealer_for] instead: it walks the event object beside its
payload, takes each subject's id from the object (a UUID already), and goes straight to the fields
the plan names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kimcore.events.protection import REDACTED_TOKEN, KeyLookup, Plan, seal, seal_value
from kimcore.vocabulary.personal import Redacted

__all__ = ["Sealer", "sealer_for"]

Sealer = Callable[[Any, dict[str, Any], KeyLookup], None]
_SEALERS: dict[Plan, Sealer] = {}


def sealer_for(plan: Plan) -> Sealer:
    """``seal(obj, data, keys)``: seal, in *data*, the personal values of attrs object *obj*.

    *data* is *obj* unstructured by the codec's converter. Items of tuples and lists are paired
    with their payloads in order; sets (stored sorted) and mappings are sealed from their payloads,
    as [`seal`][kimcore.events.protection.seal] does.
    """
    sealer = _SEALERS.get(plan)
    if sealer is not None:
        return sealer
    personal = plan.personal
    nested = tuple((name, many, sub, sealer_for(sub)) for name, many, sub in plan.nested)

    def seal_all(obj: Any, data: dict[str, Any], keys: KeyLookup) -> None:
        for name, subject_field in personal:
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, Redacted):
                data[name] = REDACTED_TOKEN
                continue
            subject = getattr(obj, subject_field)
            data[name] = seal_value(value, subject, keys.get_or_create(subject))
        for name, many, sub, sub_sealer in nested:
            value = getattr(obj, name)
            stored = data.get(name)
            if value is None or stored is None:
                continue
            if not many:
                sub_sealer(value, stored, keys)
            elif isinstance(value, tuple | list) and isinstance(stored, list):
                for item, item_data in zip(value, stored, strict=True):
                    sub_sealer(item, item_data, keys)
            else:
                for item_data in stored.values() if isinstance(stored, dict) else stored:
                    seal(item_data, sub, keys)

    _SEALERS[plan] = seal_all
    return seal_all
