"""Sealing a batch of payloads with one walk each: the fast twin of ``subjects`` then ``seal``.

The plain path (`kimcore.events.protection`) walks a payload twice, once to find its subjects
(``subjects``, before the keys are fetched) and once to seal (``seal``, after), and parses each
subject's id from its text both times; it draws a nonce from the system per value. Here the first
walk notes each personal value's place (its owner, field and parsed subject) and the second step
only visits those places, with the nonces of the whole batch drawn in one call to the system's
random source and cut into twelve-byte pieces (as unpredictable as one call per nonce; AES-GCM
needs them never to repeat under one key, and each key seals one subject's values).

``Codec(fast=False)`` takes the plain path; ``tests/test_fast_sealing.py`` shows both give the
same subjects, the same new keys on the same events and payloads that open to the same events.
"""

from __future__ import annotations

import binascii
import functools
import os
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from kimcore import _json
from kimcore.events.errors import EventTypeError
from kimcore.events.keys import Keys
from kimcore.events.protection import REDACTED_TOKEN, TOKEN_PREFIX, plan_for, subject_of
from kimcore.vocabulary.personal import Plan, Redacted

__all__ = ["Site", "dumps", "seal_sites", "sealers", "sites_of", "sites_of_all"]

# Where one personal value sits: its owner (a dict of the payload), its field, and its subject
# (``None`` for a value already redacted, which is stored as ``REDACTED_TOKEN``).
Site = tuple[dict[str, Any], str, uuid.UUID | None]
_NONCE_BYTES = 12
# base64.urlsafe_b64encode's own table, applied here without its two Python calls a value.
_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def sites_of(data: dict[str, Any], plan: Plan, out: list[Site]) -> None:
    """Add to *out* the place of every personal value of *data*, in ``walk``'s order."""
    for name, subject_field in plan.personal:
        value = data.get(name)
        if value is not None:
            subject = None if isinstance(value, Redacted) else subject_of(data, subject_field)
            out.append((data, name, subject))
    for name, many, sub in plan.nested:
        value = data.get(name)
        if value is None:
            continue
        if not many:  # one payload: no tuple made to hold it
            sites_of(value, sub, out)
        else:
            for item in value.values() if isinstance(value, dict) else value:
                sites_of(item, sub, out)


def sites_of_all(
    events: Sequence[object], datas: Sequence[dict[str, Any]]
) -> tuple[list[list[Site]], set[uuid.UUID]]:
    """The places of each event's personal values in its *datas*, and every subject among them.

    What ``Codec.prepare_all`` notes on the fast path, instead of ``subjects`` of each payload.
    """
    subjects: set[uuid.UUID] = set()
    sites: list[list[Site]] = []
    for event, data in zip(events, datas, strict=True):
        found: list[Site] = []
        plan = plan_for(type(event))
        if plan is not None:
            sites_of(data, plan, found)
            subjects.update(subject for _, _, subject in found if subject is not None)
        sites.append(found)
    return sites, subjects


def sealers(sites: list[list[Site]]) -> list[Callable[[Keys], set[uuid.UUID]]]:
    """For each payload's *sites*, the sealer of its values: the batch's nonces drawn at once.

    What ``Codec.seal_all`` seals each payload with on the fast path, instead of ``seal``.
    """
    sealed = [sum(subject is not None for _, _, subject in found) for found in sites]
    pool = nonces(sum(sealed))
    out: list[Callable[[Keys], set[uuid.UUID]]] = []
    used = 0
    for found, count in zip(sites, sealed, strict=True):
        out.append(functools.partial(seal_sites, found, pool=pool, start=used))
        used += count
    return out


def nonces(count: int) -> bytes:
    """Random bytes for *count* nonces, from one call to the system's random source."""
    return os.urandom(_NONCE_BYTES * count)


def seal_sites(sites: list[Site], keys: Keys, pool: bytes, start: int) -> set[uuid.UUID]:
    """Seal the values at *sites* in place with *keys*; the subjects sealed.

    Nonces are taken from *pool* at *start* (in nonces), one per site with a subject.
    """
    sealed: set[uuid.UUID] = set()
    offset = start * _NONCE_BYTES
    cipher_by_hex = keys.cipher_by_hex
    for owner, name, subject in sites:
        if subject is None:
            owner[name] = REDACTED_TOKEN
            continue
        subject_hex = subject.hex
        found = cipher_by_hex(subject_hex)
        if found is None:
            raise EventTypeError(
                f"no key for subject {subject}: seal with the keys KeyStore.for_write gave"
            )
        cipher, subject_bytes = found
        nonce = pool[offset : offset + _NONCE_BYTES]
        offset += _NONCE_BYTES
        body = nonce + cipher.encrypt(nonce, owner[name].encode(), subject_bytes)
        owner[name] = (
            f"{TOKEN_PREFIX}{subject_hex}."
            f"{binascii.b2a_base64(body, newline=False).translate(_URL_SAFE).decode().rstrip('=')}"
        )
        sealed.add(subject)
    return sealed


def dumps(data: dict[str, Any]) -> bytes:
    """*data* (ids left as UUIDs) as JSON: the bytes the plain path writes for it.

    The encoder writes a UUID value itself, but refuses a mapping keyed by UUIDs (a plugin's
    field may be one): such data is written again with its ids as text.
    """
    try:
        return _json.dumps(data)
    except TypeError:
        return _json.dumps(_ids_as_text(data))


def _ids_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(key) if isinstance(key, uuid.UUID) else key: _ids_as_text(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_ids_as_text(item) for item in value]
    return str(value) if isinstance(value, uuid.UUID) else value
