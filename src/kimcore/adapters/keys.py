"""Key stores: the in-memory one, and the part the SQL stores share.

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
from collections import OrderedDict
from collections.abc import Collection, Iterable
from typing import ClassVar

from kimcore.adapters.kek import Keyring
from kimcore.application.ports.keys import check_subjects
from kimcore.events.envelope import NewEvent
from kimcore.events.keys import KEY_BYTES, Keys
from kimcore.vocabulary.errors import KeyConflict, SubjectForgotten

__all__ = ["KeyBook", "MemoryKeyStore", "SqlKeyStore", "new_keys_of"]


def _keys_for_write(subjects: Collection[uuid.UUID], found: dict[uuid.UUID, bytes]) -> Keys:
    """The keys *found* stored, and new ones for the rest of *subjects*."""
    return Keys(found, _new_keys([s for s in subjects if s not in found] if found else subjects))


def _new_keys(subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    # One call to the system's random source for all of them.
    material = os.urandom(KEY_BYTES * len(subjects))
    return {
        subject: material[index * KEY_BYTES : (index + 1) * KEY_BYTES]
        for index, subject in enumerate(subjects)
    }


def new_keys_of(
    events: Iterable[NewEvent], forget: Collection[uuid.UUID] = ()
) -> dict[uuid.UUID, bytes]:
    """The new keys an append's *events* carry, but those of subjects it forgets."""
    return {
        subject: key
        for event in events
        for subject, key in event.keys.items()
        if subject not in forget
    }


class MemoryKeyStore:
    """Keys in this process's memory; [`MemoryStore`][kimcore.stores.MemoryStore] keeps one.

    ``write`` and ``destroy`` are called by the owning store inside its append, under its lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[uuid.UUID, bytes] = {}
        self._forgotten: set[uuid.UUID] = set()

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key, or ``None``."""
        check_subjects([subject])
        return self._keys.get(subject)

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of those *subjects* that have one."""
        check_subjects(subjects)
        keys = self._keys
        return {s: keys[s] for s in subjects if s in keys}

    def for_write(self, subjects: Collection[uuid.UUID]) -> Keys:
        """The stored keys of *subjects*, and new ones for the others (in ``new``)."""
        check_subjects(subjects)
        with self._lock:
            for subject in subjects:
                if subject in self._forgotten:
                    raise SubjectForgotten(subject)
            found = self.get_many(subjects)
        return _keys_for_write(subjects, found)

    def write(self, made: dict[uuid.UUID, bytes]) -> None:
        """Store an append's new keys; refused whole if one subject has a key or a tombstone."""
        with self._lock:
            for subject, key in made.items():
                if subject in self._forgotten:
                    raise SubjectForgotten(subject)
                if self._keys.get(subject, key) != key:
                    raise KeyConflict(f"another writer made the key of subject {subject} first")
            self._keys.update(made)

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether a key exists or existed."""
        check_subjects([subject])
        return subject in self._keys or subject in self._forgotten

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the key was destroyed."""
        check_subjects([subject])
        return subject in self._forgotten

    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        with self._lock:
            return sorted(self._forgotten)

    def destroy(self, subject: uuid.UUID) -> None:
        """Destroy the key and leave a tombstone (idempotent)."""
        with self._lock:
            self._keys.pop(subject, None)
            self._forgotten.add(subject)


class KeyBook:
    """What a SQL store's key store knows without asking its database, sync or async.

    New keys are made by ``for_write`` and written by the append that carries them, in its own
    transaction: a new member costs no extra commit.

    The store remembers (boundedly, ids only, never keys) which subjects it has seen with a key or
    a tombstone, and ``for_write`` looks up only those: the others get new keys without a query,
    and the append that writes them refuses the whole write if one of those subjects had a key
    after all ([`KeyConflict`][kimcore.errors.KeyConflict], after which the subject counts as
    seen) or was forgotten ([`SubjectForgotten`][kimcore.errors.SubjectForgotten]). A subclass
    reads ``(subject, key or None when forgotten)`` rows and hands them to the methods here.
    """

    # Ids only, about 120 bytes each: a million bytes or so at the limit.
    SEEN_LIMIT: ClassVar[int] = 10_000

    def __init__(self, wrapper: Keyring | None = None) -> None:
        # An OrderedDict, whose oldest entry goes in constant time: a dict's first key is
        # found by walking past every slot deleted before it (the whole W3 benchmark's
        # time went into that once more subjects than SEEN_LIMIT had been read).
        self._seen: OrderedDict[uuid.UUID, None] = OrderedDict()
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

    def saw(self, subjects: Iterable[uuid.UUID]) -> None:
        """*subjects* have a key or a tombstone in the store.

        An append wrote their keys, or refused them because the store had
        one already, or a read found them. From then on ``for_write`` looks
        them up, so a retry takes the stored keys.
        """
        with self._seen_lock:
            seen = self._seen
            for subject in subjects:
                seen[subject] = None
            while len(seen) > self.SEEN_LIMIT:
                seen.popitem(last=False)

    def seen_of(self, subjects: Collection[uuid.UUID]) -> list[uuid.UUID]:
        """Those of *subjects* that ``for_write`` looks up (seen with a key or a tombstone)."""
        seen = self._seen
        return [s for s in subjects if s in seen]

    def known(
        self, rows: Iterable[tuple[uuid.UUID, bytes | None]]
    ) -> list[tuple[uuid.UUID, bytes | None]]:
        """*rows* read from the store, their subjects now seen."""
        found = list(rows)
        if found:
            self.saw(subject for subject, _ in found)
        return found

    def keys_of(self, rows: Iterable[tuple[uuid.UUID, bytes | None]]) -> dict[uuid.UUID, bytes]:
        """The data keys *rows* hold (a forgotten subject's row holds none)."""
        opened = self.opened
        return {subject: opened(subject.bytes, key) for subject, key in rows if key is not None}

    def keys_for_write(
        self, rows: Iterable[tuple[uuid.UUID, bytes | None]], subjects: Collection[uuid.UUID]
    ) -> Keys:
        """``for_write``'s answer from the rows of the seen ones of *subjects*."""
        found: dict[uuid.UUID, bytes] = {}
        opened = self.opened
        for subject, key in rows:
            if key is None:
                raise SubjectForgotten(subject)
            found[subject] = opened(subject.bytes, key)
        return _keys_for_write(subjects, found)


class SqlKeyStore(KeyBook, abc.ABC):
    """The shared part of the sync SQL stores' key stores.

    See [`KeyBook`][kimcore.adapters.keys.KeyBook]. A subclass says how to read
    ``(subject, key or None when forgotten)`` rows; everything else follows.
    """

    @abc.abstractmethod
    def _rows(self, subjects: Collection[uuid.UUID]) -> Iterable[tuple[uuid.UUID, bytes | None]]:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""

    def _known_rows(self, subjects: Collection[uuid.UUID]) -> list[tuple[uuid.UUID, bytes | None]]:
        check_subjects(subjects)
        return self.known(self._rows(subjects)) if subjects else []

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's stored key, or ``None``."""
        return self.get_many([subject]).get(subject)

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The stored keys of those *subjects* that have one, in one query."""
        return self.keys_of(self._known_rows(subjects))

    def for_write(self, subjects: Collection[uuid.UUID]) -> Keys:
        """The stored keys of the *subjects* seen before, new ones for the rest (see the class)."""
        check_subjects(subjects)
        return self.keys_for_write(self._known_rows(self.seen_of(subjects)), subjects)

    @abc.abstractmethod
    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether a key exists or existed."""
        return bool(self._known_rows([subject]))

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the key was destroyed."""
        return any(key is None for _, key in self._known_rows([subject]))
