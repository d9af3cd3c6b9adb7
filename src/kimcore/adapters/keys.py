"""The key store port and its in-memory implementation.

Each event store keeps the keys of its data subjects beside its events, so that
erasing a subject — destroying their key — and recording ``MemberForgotten``
happen in one atomic write. A destroyed key leaves a tombstone: the subject is
known to have been forgotten, and no new key is made for them.
"""

from __future__ import annotations

import abc
import os
import threading
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import ClassVar

from kimcore._uuid import uuid_from_hex
from kimcore.adapters.kek import Keyring
from kimcore.events.protection import KEY_BYTES
from kimcore.vocabulary.errors import SubjectForgotten

__all__ = ["MemoryKeyStore", "PendingKeyStore", "hex_subject", "new_key"]

_HEX_DIGITS = frozenset("0123456789abcdef")


def hex_subject(subject: str) -> str:
    """*subject* if it is 32 lowercase hex digits (a UUID as tokens spell it), else ValueError."""
    if len(subject) != 32 or not _HEX_DIGITS.issuperset(subject):
        raise ValueError(f"a subject is 32 lowercase hex digits, got {subject!r}")
    return subject


def new_key() -> bytes:
    """A fresh 256-bit AES key."""
    return os.urandom(KEY_BYTES)


class MemoryKeyStore:
    """Keys in this process's memory; [`MemoryStore`][kimcore.stores.MemoryStore] keeps one.

    ``destroy`` is called by the owning store inside its append, under its lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[uuid.UUID, bytes] = {}
        self._forgotten: set[uuid.UUID] = set()

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key, or ``None``."""
        return self._keys.get(subject)

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        """The subject's key, made on first use."""
        return self.get_or_create_many([subject])[subject]

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of those *subjects* that have one."""
        keys = self._keys
        return {s: keys[s] for s in subjects if s in keys}

    def get_or_create_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of all *subjects*, those never seen made now."""
        with self._lock:
            for subject in subjects:
                if subject in self._forgotten:
                    raise SubjectForgotten(subject)
            found = {}
            for subject in subjects:
                key = self._keys.get(subject)
                if key is None:
                    key = self._keys[subject] = new_key()
                found[subject] = key
            return found

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether a key exists or existed."""
        return subject in self._keys or subject in self._forgotten

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the key was destroyed."""
        return subject in self._forgotten

    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        with self._lock:
            return sorted(self._forgotten)

    def adopt(self, keys: Mapping[uuid.UUID, bytes]) -> None:
        """Take these keys as the subjects' keys (refused for a forgotten subject)."""
        with self._lock:
            for subject in keys:
                if subject in self._forgotten:
                    raise SubjectForgotten(subject)
            self._keys.update(keys)

    def destroy(self, subject: uuid.UUID) -> None:
        """Destroy the key and leave a tombstone (idempotent)."""
        with self._lock:
            self._keys.pop(subject, None)
            self._forgotten.add(subject)


class PendingKeyStore(abc.ABC):
    """The shared part of the SQL stores' key stores: new keys wait for the next append.

    A key made while encoding is held by the making thread and written by its
    next append, in the append's own transaction: a new member costs no extra
    commit. A subclass says how to read ``(subject, key or None when
    forgotten)`` rows; everything else follows.

    The store also remembers (boundedly, ids only, never keys) which subjects it has seen with a
    key or a tombstone.
    [`provisional_many`][kimcore.adapters.keys.PendingKeyStore.provisional_many] makes keys for the
    others without asking the database: the append that writes them refuses the whole write if one
    of those subjects had a key after all ([`KeyConflict`][kimcore.errors.KeyConflict], after which
    the subject counts as seen) or was forgotten
    ([`SubjectForgotten`][kimcore.errors.SubjectForgotten]).
    """

    # Ids only, about 120 bytes each: a million bytes or so at the limit.
    SEEN_LIMIT: ClassVar[int] = 10_000

    def __init__(self, wrapper: Keyring | None = None) -> None:
        self._local = threading.local()
        self._seen: dict[uuid.UUID, None] = {}
        self._seen_lock = threading.Lock()
        self.wrapper = wrapper

    def opened(self, subject: bytes, stored: bytes) -> bytes:
        """The data key a stored value holds (unwrapped when the store wraps its keys)."""
        if self.wrapper is None:
            return bytes(stored)
        return self.wrapper.unwrap(subject, bytes(stored))

    def for_storage(self, made: dict[uuid.UUID, bytes]) -> dict[uuid.UUID, bytes]:
        """*made* as the store writes them: wrapped by the current KEK, if there is one."""
        wrapper = self.wrapper
        if wrapper is None or not made:
            return made
        return {subject: wrapper.wrap(subject.bytes, key) for subject, key in made.items()}

    def _pending(self) -> dict[uuid.UUID, bytes]:
        pending: dict[uuid.UUID, bytes] | None = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = {}
        return pending

    def _saw(self, subjects: Iterable[uuid.UUID]) -> None:
        """Remember that *subjects* have a key or a tombstone in the store."""
        with self._seen_lock:
            seen = self._seen
            for subject in subjects:
                seen[subject] = None
            while len(seen) > self.SEEN_LIMIT:
                del seen[next(iter(seen))]

    def pending_for(self, forget: Collection[uuid.UUID] = ()) -> dict[uuid.UUID, bytes]:
        """The new keys of this thread for the append about to run (none of *forget*'s).

        They stay pending until [`written`][kimcore.adapters.keys.PendingKeyStore.written] says the
        append committed, so a failed append leaves them for the next one.
        """
        return {s: key for s, key in self._pending().items() if s not in forget}

    def written(self, made: Collection[uuid.UUID], forget: Collection[uuid.UUID] = ()) -> None:
        """The append that wrote the keys of *made* and erased *forget* committed."""
        self._forget_pending(made)
        self._forget_pending(forget)
        if made:
            self._saw(made)

    def refused(self, subjects: Collection[uuid.UUID]) -> None:
        """An append found that *subjects* have a key or a tombstone already.

        Their pending keys are dropped, so the retry encodes with the stored ones.
        """
        self._forget_pending(subjects)
        self._saw(subjects)

    @abc.abstractmethod
    def _rows(self, subjects: Collection[uuid.UUID]) -> Iterable[tuple[uuid.UUID, bytes | None]]:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""

    def _known_rows(self, subjects: Collection[uuid.UUID]) -> list[tuple[uuid.UUID, bytes | None]]:
        rows = list(self._rows(subjects)) if subjects else []
        if rows:
            self._saw(subject for subject, _ in rows)
        if self.wrapper is None:
            return rows
        opened = self.opened
        return [
            (subject, None if key is None else opened(subject.bytes, key)) for subject, key in rows
        ]

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key (one this thread is about to write included), or ``None``."""
        pending = self._pending().get(subject)
        if pending is not None:
            return pending
        return self.get_many([subject]).get(subject)

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The stored keys of those *subjects* that have one, in one query."""
        opened = self.opened
        return {
            subject: opened(subject.bytes, key)
            for subject, key in self._rows(subjects)
            if key is not None
        }

    def get_many_hex(self, subjects: Collection[str]) -> dict[str, bytes]:
        """As `get_many`, with subjects as 32 lowercase hex digits each way."""
        found = self.get_many([uuid_from_hex(hex_subject(subject)) for subject in subjects])
        return {subject.hex: key for subject, key in found.items()}

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        """The subject's key, made on first use; `SubjectForgotten` once destroyed."""
        return self.get_or_create_many([subject])[subject]

    def get_or_create_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of all *subjects* in one query; new ones are written by the next append."""
        return self._keys_of(subjects, ask=subjects)

    def provisional_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """Keys for an append about to be made; only subjects seen before are looked up.

        The others get new keys at once, checked by the append that writes
        them (see the class). Use it only for what goes straight into an append.
        """
        seen = self._seen
        return self._keys_of(subjects, ask=[s for s in subjects if s in seen])

    def _keys_of(
        self, subjects: Collection[uuid.UUID], ask: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, bytes]:
        pending = self._pending()
        keys: dict[uuid.UUID, bytes] = {}
        for subject in subjects:
            key = pending.get(subject)
            if key is not None:
                keys[subject] = key
        for subject, key in self._known_rows([s for s in ask if s not in keys]):
            if key is None:
                raise SubjectForgotten(subject)
            keys[subject] = bytes(key)
        new = [s for s in subjects if s not in keys]
        if new:
            # One call to the system's random source for all of them.
            material = os.urandom(KEY_BYTES * len(new))
            for index, subject in enumerate(new):
                key = material[index * KEY_BYTES : (index + 1) * KEY_BYTES]
                keys[subject] = pending[subject] = key
        return keys

    def adopt(self, keys: Mapping[uuid.UUID, bytes]) -> None:
        """Hold these keys for this thread's next append, as if made here."""
        self._pending().update(keys)

    @abc.abstractmethod
    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether a key exists or existed (one this thread is about to write included)."""
        return subject in self._pending() or bool(self._known_rows([subject]))

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the key was destroyed."""
        return any(key is None for _, key in self._known_rows([subject]))

    def _forget_pending(self, subjects: Collection[uuid.UUID]) -> None:
        pending = self._pending()
        for subject in subjects:
            pending.pop(subject, None)
