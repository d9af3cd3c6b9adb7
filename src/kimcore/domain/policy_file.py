"""A deployment's policy written as an office writes its settings: one TOML file.

The file holds the membership bounds new KIMs are formed under, every rule
switch (:class:`~kimcore.domain.rules.Rules`) and the non-partisanship
setting; a key it leaves out keeps its default. ``kimcore import``,
``kimcore serve`` and every other command read it (``--policy FILE`` or the
``KIMCORE_POLICY`` environment variable); ``kimcore policy`` prints the
policy in force in the same form::

    refuse_political_campaigning = false
    political_tags = ["political_campaign"]

    [bounds]
    minimum = 3
    maximum = 30

    [rules]
    experience_needs_prior_activity = false
    ...

A key the file should not hold, or a value of the wrong kind, is refused
with [`PolicyFileError`][kimcore.errors.PolicyFileError] naming
the key, on one line.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from kimcore import _deprecated
from kimcore.domain.policy import Policy
from kimcore.domain.rules import Rules
from kimcore.vocabulary import errors
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.members import MembershipBounds

__all__ = ["policy_from_mapping", "policy_toml", "read_policy"]

_TOP = ("refuse_political_campaigning", "political_tags", "bounds", "rules")
_BOUNDS = ("minimum", "maximum")
_RULES = tuple(a.name for a in attrs.fields(Rules))


def _table(data: object, key: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise errors.PolicyFileError(key, f"must be a table ([{key}]), got {type(data).__name__}")
    return data


def _known(data: Mapping[str, Any], known: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in known:
            raise errors.PolicyFileError(
                prefix + key,
                f"is not a policy setting (known: {', '.join(known)})",
                settings=known,
            )


def _bool(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise errors.PolicyFileError(
            key, f"must be true or false, got {json.dumps(value, default=str)}"
        )
    return value


def _int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.PolicyFileError(
            key, f"must be a whole number, got {json.dumps(value, default=str)}"
        )
    return value


def policy_from_mapping(data: Mapping[str, Any], base: Policy | None = None) -> Policy:
    """*base* (the default policy) with what *data* (a policy file's tables) sets."""
    policy = base if base is not None else Policy()
    _known(data, _TOP, "")
    changes: dict[str, Any] = {}
    if "refuse_political_campaigning" in data:
        changes["refuse_political_campaigning"] = _bool(
            data["refuse_political_campaigning"], "refuse_political_campaigning"
        )
    if "political_tags" in data:
        tags = data["political_tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            raise errors.PolicyFileError(
                "political_tags", 'must be a list of words, such as ["kampanye"]'
            )
        changes["political_tags"] = frozenset(tags)
    if "bounds" in data:
        bounds = _table(data["bounds"], "bounds")
        _known(bounds, _BOUNDS, "bounds.")
        given = {k: _int(v, f"bounds.{k}") for k, v in bounds.items()}
        try:
            changes["bounds"] = attrs.evolve(policy.bounds, **given)
        except InvalidValue as error:
            raise errors.PolicyFileError(
                f"bounds.{error.field}", error.detail.split(": ", 1)[-1]
            ) from None
    if "rules" in data:
        rules = _table(data["rules"], "rules")
        _known(rules, _RULES, "rules.")
        switches = {k: _bool(v, f"rules.{k}") for k, v in rules.items()}
        changes["rules"] = attrs.evolve(policy.rules, **switches)
    return attrs.evolve(policy, **changes)


def read_policy(path: Path, base: Policy | None = None) -> Policy:
    """The policy the TOML file at *path* sets over *base*; ``PolicyFileError`` if it cannot."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise errors.PolicyFileError("policy", f"cannot read {path}: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise errors.PolicyFileError("policy", f"{path} is not TOML: {error}") from None
    return policy_from_mapping(data, base)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset | list | tuple):
        return "[" + ", ".join(json.dumps(v) for v in sorted(value)) + "]"
    return json.dumps(value)


def policy_toml(policy: Policy) -> str:
    """*policy* as a policy file says it (``read_policy`` reads it back to the same policy)."""
    bounds: MembershipBounds = policy.bounds
    lines = [
        f"refuse_political_campaigning = {_toml(policy.refuse_political_campaigning)}",
        f"political_tags = {_toml(policy.political_tags)}",
        "",
        "[bounds]",
        f"minimum = {bounds.minimum}",
        f"maximum = {bounds.maximum}",
        "",
        "[rules]",
        *(f"{name} = {_toml(getattr(policy.rules, name))}" for name in _RULES),
    ]
    return "\n".join(lines) + "\n"


__getattr__ = _deprecated.old_names(__name__)
