"""Upcasters: pure steps that bring an old stored payload to the current schema.

A step is registered for ``(type name, from version)`` and returns the payload
of version ``from + 1``. Steps run on read, chained until the payload is at the
registered class's version; nothing stored is ever rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kimcore.events.errors import UpcastError

__all__ = [
    "BUILTIN_UPCASTERS",
    "Upcaster",
    "Upcasters",
    "activity_held_v1_to_v2",
    "adding",
    "group_formed_v1_to_v2",
    "group_mapped_v1_to_v2",
    "member_joined_v1_to_v2",
]

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class Upcasters:
    """A set of upcasting steps keyed by type name and source version."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    @classmethod
    def builtin(cls) -> Upcasters:
        """A new set holding kimcore's own steps."""
        upcasters = cls()
        for name, version, step in BUILTIN_UPCASTERS:
            upcasters.register(name, version, step)
        return upcasters

    def register(self, type_name: str, from_version: int, step: Upcaster) -> None:
        """Add the step that turns version *from_version* of *type_name* into the next."""
        key = (type_name, from_version)
        if key in self._steps:
            raise UpcastError(
                f"an upcaster for {type_name!r} v{from_version} is already registered"
            )
        self._steps[key] = step

    def upcast(self, type_name: str, version: int, target: int, data: Payload) -> Payload:
        """Apply the steps from *version* to *target* (a no-op when they are equal)."""
        if version > target:
            raise UpcastError(
                f"{type_name!r} v{version} is newer than this kimcore knows (v{target}):"
                " upgrade kimcore or the plugin that defines it"
            )
        while version < target:
            step = self._steps.get((type_name, version))
            if step is None:
                raise UpcastError(f"no upcaster from {type_name!r} v{version} to v{version + 1}")
            data = step(data)
            version += 1
        return data


def activity_held_v1_to_v2(data: Payload) -> Payload:
    """ActivityHeld v1 had one ``function`` and no ``delivery`` (everything was in person)."""
    out = {k: val for k, val in data.items() if k != "function"}
    out["functions"] = [data["function"]]
    out.setdefault("delivery", "in_person")
    return out


def _adult(member: Any) -> Any:
    """A v1 member: ``"parent"`` was the seed's *orang tua*, adults and elders.

    Anything not shaped like a member is left for decoding to explain.
    """
    if isinstance(member, dict) and member.get("category") == "parent":
        return {**member, "category": "adult"}
    return member


def group_formed_v1_to_v2(data: Payload) -> Payload:
    """GroupFormed v1 called adults ``"parent"``."""
    founders = data.get("founders")
    return (
        {**data, "founders": [_adult(f) for f in founders]} if isinstance(founders, list) else data
    )


def member_joined_v1_to_v2(data: Payload) -> Payload:
    """MemberJoined v1 called adults ``"parent"``."""
    return {**data, "member": _adult(data["member"])} if "member" in data else data


def group_mapped_v1_to_v2(data: Payload) -> Payload:
    """GroupMapped v1's profile had one ``community_type`` and no ``public_issues``.

    A profile not shaped like one is left for decoding to explain.
    """
    profile = data.get("profile")
    if not isinstance(profile, dict) or "community_type" not in profile:
        return data
    rest = {key: val for key, val in profile.items() if key != "community_type"}
    upcast = {"community_types": [profile["community_type"]], **rest}
    upcast.setdefault("public_issues", [])
    return {**data, "profile": upcast}


def adding(**fields: Any) -> Upcaster:
    """A step for a version that only added *fields*: old payloads read with these values.

    Written out rather than left to the fields' defaults, so that the version
    a payload was stored at always says which fields it can hold.
    """

    def step(data: Payload) -> Payload:
        return {**fields, **data}

    step.__doc__ = f"The version that added {', '.join(sorted(fields))}; old payloads had none."
    return step


BUILTIN_UPCASTERS: tuple[tuple[str, int, Upcaster], ...] = (
    ("ActivityHeld", 1, activity_held_v1_to_v2),
    ("ActivityHeld", 2, adding(advocacy=None)),
    ("GroupFormed", 1, group_formed_v1_to_v2),
    ("GroupFormed", 2, adding(split_from=None)),
    ("GroupFormed", 3, adding(register_number=None)),
    ("GroupMapped", 1, group_mapped_v1_to_v2),
    ("MemberJoined", 1, member_joined_v1_to_v2),
    ("OfficerAppointed", 1, adding(term=None)),
    ("ForumBoardInstalled", 1, adding(musyawarah_id=None)),
    ("ForumBoardInstalled", 2, adding(decree=None)),
)
