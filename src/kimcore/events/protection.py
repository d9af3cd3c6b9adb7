"""Sealing personal fields with their subject's key (crypto-shredding).

For each event class a [`Plan`][kimcore.vocabulary.personal.Plan] (the one map of personal fields,
``kimcore.vocabulary.personal``) says where its personal fields sit — directly, or inside nested
value objects and tuples of them — and whose they are. On write every
personal value becomes a token ``pd1.<subject hex>.<base64url(nonce + AES-GCM ciphertext)>``; the
subject's id is the associated data, so a token cannot be moved to another subject. On read a token
opens with the subject's key, or becomes [`REDACTED`][kimcore.personal.REDACTED] when the key is
gone. Tokens are strings, so the payload keeps its shape and upcasters carry them untouched.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import uuid
from collections.abc import Callable
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kimcore._uuid import uuid_from_text
from kimcore.events.errors import EventTypeError
from kimcore.events.keys import Keys
from kimcore.vocabulary.personal import REDACTED, Plan, Redacted
from kimcore.vocabulary.personal import plan_for as _plan_for

__all__ = [
    "REDACTED_TOKEN",
    "Plan",
    "open_all",
    "open_token",
    "plan_for",
    "seal",
    "seal_value",
    "subjects",
    "walk",
]

TOKEN_PREFIX = "pd1."
# What a value already redacted when it was sealed (in a snapshot) is stored as.
REDACTED_TOKEN = "pd1.-"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_SUBJECT_START: Final = len(TOKEN_PREFIX)
_SUBJECT_END: Final = _SUBJECT_START + 32
_HEX: Final = re.compile("[0-9a-f]{32}")


def plan_for(cls: type) -> Plan | None:
    """The plan of *cls* from the one map of personal fields, or an `EventTypeError` saying why."""
    try:
        return _plan_for(cls)
    except (NameError, TypeError) as exc:
        raise EventTypeError(
            f"cannot map the personal fields of {cls.__module__}.{cls.__qualname__} ({exc}):"
            " define the classes it uses at module level, and none that contains itself"
        ) from exc


Visit = Callable[[Any, dict[str, Any], str], Any]


def walk(data: dict[str, Any], plan: Plan, visit: Visit) -> None:
    """Replace, in place, every personal value of *data* by ``visit(value, owner, subject_field)``.

    The one walk over a plan: sealing, opening and finding subjects are each a
    *visit*. *data* is a payload as the codec's converter unstructures it; a
    field that is ``None`` is left alone (and not visited).
    """
    for name, subject_field in plan.personal:
        value = data.get(name)
        if value is not None:
            data[name] = visit(value, data, subject_field)
    for name, many, sub in plan.nested:
        value = data.get(name)
        if value is None:
            continue
        items = value.values() if isinstance(value, dict) else value
        for item in items if many else (value,):
            walk(item, sub, visit)


def subject_of(owner: dict[str, Any], subject_field: str) -> uuid.UUID:
    """The subject whose id *owner* holds in *subject_field* (a UUID, or its text)."""
    subject = owner[subject_field]
    return subject if isinstance(subject, uuid.UUID) else uuid_from_text(str(subject))


def subjects(data: dict[str, Any], plan: Plan) -> set[uuid.UUID]:
    """The subjects whose personal data the unsealed payload *data* holds (redacted ones aside)."""
    found: set[uuid.UUID] = set()

    def visit(value: Any, owner: dict[str, Any], subject_field: str) -> Any:
        if not isinstance(value, Redacted):
            found.add(subject_of(owner, subject_field))
        return value

    walk(data, plan, visit)
    return found


def seal(
    data: dict[str, Any], plan: Plan, keys: Keys, *, missing_redacted: bool = False
) -> set[uuid.UUID]:
    """Seal every personal value of *data* in place; the subjects sealed.

    Every subject must have its key in *keys* (see
    [`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]), or, with
    *missing_redacted* (a snapshot of a subject forgotten since), its value is
    sealed as redacted. A redacted value is stored as ``REDACTED_TOKEN``.
    """
    sealed: set[uuid.UUID] = set()

    def visit(value: Any, owner: dict[str, Any], subject_field: str) -> str:
        if isinstance(value, Redacted):
            return REDACTED_TOKEN
        subject = subject_of(owner, subject_field)
        subject_hex = subject.hex
        # The cipher the keys already made for this subject, not a second one per value.
        cipher = keys.cipher_by_hex(subject_hex)
        if cipher is None and missing_redacted:
            return REDACTED_TOKEN
        if cipher is None:
            raise EventTypeError(
                f"no key for subject {subject}: seal with the keys KeyStore.for_write gave"
            )
        sealed.add(subject)
        return _sealed(value, subject_hex, *cipher)

    walk(data, plan, visit)
    return sealed


def open_all(data: dict[str, Any], plan: Plan, keys: Keys | None) -> None:
    """Open every token of *data* in place (REDACTED where the key is gone, or with no *keys*)."""
    walk(data, plan, lambda token, _owner, _field: open_token(token, keys))


def seal_value(value: str, subject: uuid.UUID, key: bytes) -> str:
    """A token holding *value* encrypted for *subject*."""
    return _sealed(value, subject.hex, AESGCM(key), subject.bytes)


def _sealed(value: str, subject_hex: str, cipher: AESGCM, subject_bytes: bytes) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = cipher.encrypt(nonce, value.encode(), subject_bytes)
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_PREFIX}{subject_hex}.{body}"


def open_token(token: object, keys: Keys | None) -> str:
    """The plaintext of *token*; ValueError if it is not a token.

    REDACTED when the key is gone, and at once when *keys* is ``None`` (a
    keyless read does not parse the token's body).
    """
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        raise ValueError("a personal field is stored without protection")
    if keys is None or token == REDACTED_TOKEN:
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
    found = keys.cipher_by_hex(subject_hex)
    if found is None:
        # Keys are held by their subjects' own hex digits: a found one names a sound subject.
        if not _HEX.fullmatch(subject_hex):
            raise ValueError(f"a personal field holds a malformed token (subject {subject_hex!r})")
        return REDACTED
    aead, subject_bytes = found
    try:
        return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], subject_bytes).decode()
    except InvalidTag:
        subject = uuid.UUID(bytes=subject_bytes)
        raise ValueError(f"a personal field of subject {subject} fails authentication") from None
