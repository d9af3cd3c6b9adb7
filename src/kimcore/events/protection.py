"""Sealing personal fields with their subject's key (crypto-shredding).

For each event class a [`Plan`][kimcore.events.protection.Plan] says where its personal fields sit
— directly, or inside nested value objects and tuples of them — and whose they are. On write every
personal value becomes a token ``pd1.<subject hex>.<base64url(nonce + AES-GCM ciphertext)>``; the
subject's id is the associated data, so a token cannot be moved to another subject. On read a token
opens with the subject's key, or becomes [`REDACTED`][kimcore.personal.REDACTED] when the key is
gone. Tokens are strings, so the payload keeps its shape and upcasters carry them untouched.
"""

from __future__ import annotations

import base64
import binascii
import collections.abc
import os
import re
import types
import typing
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Final, Protocol

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kimcore._uuid import uuid_from_hex, uuid_from_text
from kimcore.events.declarations import type_hints
from kimcore.events.errors import EventTypeError
from kimcore.vocabulary.personal import PERSONAL, REDACTED, PersonalData, Redacted

__all__ = [
    "REDACTED_TOKEN",
    "KeyLookup",
    "Opener",
    "Plan",
    "PrefetchedKeys",
    "open_token",
    "opener_for",
    "plan_for",
    "seal",
    "seal_value",
    "subjects_in",
    "subjects_of",
]

TOKEN_PREFIX = "pd1."
# What a value already redacted when it was sealed (in a snapshot) is stored as.
REDACTED_TOKEN = "pd1.-"
KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_SUBJECT_START: Final = len(TOKEN_PREFIX)
_SUBJECT_END: Final = _SUBJECT_START + 32


class KeyLookup(Protocol):
    """What the codec needs of a key store."""

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key, or ``None`` when it was destroyed or never made."""
        ...

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        """The subject's key, made on first use; `SubjectForgotten` if destroyed."""
        ...


_TOKEN_SUBJECT = re.compile(rb"pd1\.([0-9a-f]{32})\.")


def _hex_subjects_in(payloads: Iterable[bytes]) -> set[str]:
    return {m.decode() for data in payloads for m in _TOKEN_SUBJECT.findall(data)}


def subjects_in(payloads: Iterable[bytes]) -> set[uuid.UUID]:
    """The subjects whose sealed values appear in *payloads* (stored event data)."""
    return {uuid_from_hex(subject) for subject in _hex_subjects_in(payloads)}


class ManyKeys(Protocol):
    """A key store that fetches many keys at once."""

    def get_many(self, subjects: Collection[uuid.UUID]) -> Mapping[uuid.UUID, bytes]:
        """The keys of those *subjects* that have one."""
        ...


class PrefetchedKeys:
    """Keys fetched in one round trip for a page of events, with their ciphers.

    Short-lived on purpose: it lives as long as the page being decoded, so a
    key destroyed meanwhile is not held on to. Read-only: it makes no keys.
    """

    def __init__(self, keys: Mapping[uuid.UUID, bytes]) -> None:
        # By the subject's 32 hex digits, as tokens name them: opening a token
        # then needs no UUID of its subject.
        self._by_hex = {subject.hex: key for subject, key in keys.items()}
        self._ciphers: dict[str, tuple[AESGCM, bytes]] = {}

    @classmethod
    def for_payloads(cls, keys: ManyKeys, payloads: Iterable[bytes]) -> PrefetchedKeys:
        """The keys of every subject sealed in *payloads*, from *keys* in one round trip.

        A key store with ``get_many_hex`` (subjects as 32 hex digits, as the
        tokens hold them) is asked that way, with no UUID made on either side.
        """
        hexes = _hex_subjects_in(payloads)
        by_hex = getattr(keys, "get_many_hex", None)
        if by_hex is None:
            return cls(keys.get_many({uuid_from_hex(h) for h in hexes}))
        made = cls({})
        made._by_hex = by_hex(hexes)
        return made

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The prefetched key, or ``None``."""
        return self._by_hex.get(subject.hex)

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        """Prefetched keys are for reading only."""
        raise TypeError("prefetched keys are for reading; encode with the store's key store")

    def cipher(self, subject: uuid.UUID) -> AESGCM | None:
        """The subject's cipher, made once per page."""
        found = self.cipher_by_hex(subject.hex)
        return None if found is None else found[0]

    def cipher_by_hex(self, subject_hex: str) -> tuple[AESGCM, bytes] | None:
        """The cipher of the subject with these hex digits and its id's bytes, or ``None``."""
        found = self._ciphers.get(subject_hex)
        if found is None:
            key = self._by_hex.get(subject_hex)
            if key is None:
                return None
            found = self._ciphers[subject_hex] = (AESGCM(key), bytes.fromhex(subject_hex))
        return found


@attrs.frozen
class Plan:
    """Where the personal fields of one attrs class are, and whose they are."""

    personal: tuple[tuple[str, str], ...]  # (field name, subject field name)
    nested: tuple[tuple[str, bool, Plan], ...]  # (field name, is a collection, plan)


def _unwrap(tp: Any) -> tuple[type | None, bool]:
    """The attrs class inside *tp* (through Optional and homogeneous collections)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(inner[0]) if len(inner) == 1 else (None, False)
    if origin in (tuple, list, frozenset, set):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        cls, _ = _unwrap(args[0]) if len(args) == 1 else (None, False)
        return cls, True
    if origin in (dict, Mapping, collections.abc.Mapping):
        cls, _ = _unwrap(typing.get_args(tp)[1])
        return cls, True
    return (tp, False) if isinstance(tp, type) and attrs.has(tp) else (None, False)


def plan_for(cls: type, _seen: frozenset[type] = frozenset()) -> Plan | None:
    """The plan of *cls*, or ``None`` when it holds no personal data anywhere."""
    if cls in _seen:
        raise EventTypeError(f"{cls.__qualname__} contains itself")
    hints = type_hints(cls)
    personal = []
    nested = []
    for field in attrs.fields(cls):
        meta: PersonalData | None = field.metadata.get(PERSONAL)
        if meta is not None:
            personal.append((field.name, meta.subject_field))
            continue
        inner, many = _unwrap(hints[field.name])
        if inner is not None:
            sub = plan_for(inner, _seen | {cls})
            if sub is not None:
                nested.append((field.name, many, sub))
    if not personal and not nested:
        return None
    return Plan(tuple(personal), tuple(nested))


def seal_value(value: str, subject: uuid.UUID, key: bytes) -> str:
    """A token holding *value* encrypted for *subject*."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode(), subject.bytes)
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_PREFIX}{subject.hex}.{body}"


def open_token(token: object, keys: KeyLookup | None) -> str:
    """The plaintext of *token*; ValueError if it is not a token.

    REDACTED when the key is gone, and at once when *keys* is ``None`` (a
    keyless read does not parse the token's body).
    """
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        raise ValueError("a personal field is stored without protection")
    if keys is None or token == REDACTED_TOKEN:
        # Without keys nothing can be opened: the token's body is not even parsed.
        return REDACTED
    # The prefix, 32 hex digits, a dot, the body: cut at fixed places, not split.
    subject_hex, body = token[_SUBJECT_START:_SUBJECT_END], token[_SUBJECT_END + 1 :]
    try:
        if token[_SUBJECT_END : _SUBJECT_END + 1] != ".":
            raise ValueError("no dot after the subject's 32 hex digits")
        # base64.urlsafe_b64decode, without its translate table (a third faster).
        raw = binascii.a2b_base64(
            (body + "=" * (-len(body) % 4)).replace("-", "+").replace("_", "/")
        )
        if len(raw) < _NONCE_BYTES + _TAG_BYTES:
            raise ValueError("too short to hold a nonce and a tag")
    except ValueError as exc:
        raise ValueError(f"a personal field holds a malformed token ({exc})") from None
    # Prefetched keys know their subjects by hex digits; any other lookup is
    # asked by the subject's checked UUID.
    if isinstance(keys, PrefetchedKeys):
        found = keys.cipher_by_hex(subject_hex)
        if found is None:
            _subject_of(subject_hex)  # a malformed subject is an error, not a gone key
            return REDACTED
    else:
        subject = _subject_of(subject_hex)
        key = keys.get(subject)
        if key is None:
            return REDACTED
        found = (AESGCM(key), subject.bytes)
    aead, subject_bytes = found
    try:
        return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], subject_bytes).decode()
    except InvalidTag:
        subject = uuid.UUID(bytes=subject_bytes)
        raise ValueError(f"a personal field of subject {subject} fails authentication") from None


def _subject_of(subject_hex: str) -> uuid.UUID:
    try:
        return uuid_from_hex(subject_hex)
    except ValueError as exc:
        raise ValueError(f"a personal field holds a malformed token ({exc})") from None


Transform = Callable[[Any, dict[str, Any], str], Any]


def walk(data: dict[str, Any], plan: Plan, transform: Transform) -> None:
    """Replace, in place, every personal value in *data* by ``transform(value, owner, subject)``."""
    for name, subject_field in plan.personal:
        value = data.get(name)
        if value is not None:
            data[name] = transform(value, data, subject_field)
    for name, many, sub in plan.nested:
        value = data.get(name)
        if value is None:
            continue
        items = value.values() if isinstance(value, dict) else value
        for item in items if many else (value,):
            walk(item, sub, transform)


def subjects_of(obj: Any, plan: Plan) -> set[uuid.UUID]:
    """The subjects whose personal data *obj* (an attrs instance) holds."""
    found: set[uuid.UUID] = set()
    for name, subject_field in plan.personal:
        if getattr(obj, name) is not None and not isinstance(getattr(obj, name), Redacted):
            found.add(getattr(obj, subject_field))
    for name, many, sub in plan.nested:
        value = getattr(obj, name)
        if value is None:
            continue
        items = value.values() if isinstance(value, Mapping) else value
        for item in items if many else (value,):
            found |= subjects_of(item, sub)
    return found


def seal(data: dict[str, Any], plan: Plan, keys: KeyLookup) -> None:
    """Seal every personal value of *data* (unstructured, in place)."""

    def transform(value: Any, owner: dict[str, Any], subject_field: str) -> str:
        if isinstance(value, Redacted):
            return REDACTED_TOKEN
        subject = uuid_from_text(str(owner[subject_field]))
        return seal_value(value, subject, keys.get_or_create(subject))

    walk(data, plan, transform)


Opener = Callable[[dict[str, Any], "KeyLookup | None"], None]
_OPENERS: dict[Plan, Opener] = {}


def unseal(data: dict[str, Any], plan: Plan, keys: KeyLookup | None) -> None:
    """Open every token of *data* in place (REDACTED where the key is gone)."""
    opener_for(plan)(data, keys)


def opener_for(plan: Plan) -> Opener:
    """A function opening, in place, every token of a payload laid out as *plan* says.

    Made once per plan: decoding walks every event's personal fields, and a closure over the plan's
    own fields walks them without the generic [`walk`][kimcore.events.protection.walk]'s per-value
    indirection.
    """
    opener = _OPENERS.get(plan)
    if opener is not None:
        return opener
    personal = tuple(name for name, _ in plan.personal)
    nested = tuple((name, many, opener_for(sub)) for name, many, sub in plan.nested)

    def open_all(data: dict[str, Any], keys: KeyLookup | None) -> None:
        for name in personal:
            value = data.get(name)
            if value is not None:
                data[name] = open_token(value, keys)
        for name, many, sub in nested:
            value = data.get(name)
            if value is None:
                continue
            if not many:
                sub(value, keys)
                continue
            for item in value.values() if isinstance(value, dict) else value:
                sub(item, keys)

    _OPENERS[plan] = open_all
    return open_all
