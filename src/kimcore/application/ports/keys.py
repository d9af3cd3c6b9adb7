"""The key store port: each data subject's key, kept by the event store beside the events.

A store keeps its subjects' keys so that erasing a subject (destroying the key) and recording
``MemberForgotten`` happen in one atomic write. A destroyed key leaves a tombstone: the subject is
known to have been forgotten, and no new key is made for them. This is what a store author
implements; implementations are adapters ([`kimcore.adapters.keys`][kimcore.adapters.keys]).

Keys reach the codec only as an immutable [`Keys`][kimcore.events.keys.Keys]: for a read, those
of the subjects sealed in a page; for a write, from
[`for_write`][kimcore.stores.KeyStore.for_write], whose new keys travel on the
[`NewEvent`][kimcore.events.NewEvent]s of the append that writes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Protocol

from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import InvalidStoreArgument

__all__ = ["KeyStore", "check_subjects"]


class KeyStore(Protocol):
    """Per-subject keys for personal data."""

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's stored key, or ``None`` when forgotten or never made."""
        ...

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The stored keys of those *subjects* that have one, in one round trip."""
        ...

    def for_write(self, subjects: Collection[uuid.UUID]) -> Keys:
        """The keys an append of events about *subjects* seals with.

        The stored keys, and in ``new`` a fresh key for each subject without
        one, which nothing stores until an append carries it
        (``NewEvent.keys``). `SubjectForgotten` if one of *subjects* was
        forgotten. A store may skip looking up subjects it has never seen: the
        append that carries their new keys refuses itself with `KeyConflict`
        if one had a key after all.
        """
        ...

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether the store holds, or held, a key for the subject."""
        ...

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the subject's key was destroyed."""
        ...

    def forgotten(self) -> list[uuid.UUID]:
        """Every subject whose key was destroyed (the tombstones), for copies and restores."""
        ...


def check_subjects(subjects: Collection[uuid.UUID]) -> None:
    """Shared argument check of the key port's methods: subjects are UUIDs.

    A key store's methods call it with their subjects (``[subject]`` for one), so a text, a
    number or an id with a NUL is `InvalidStoreArgument` on every store, before any query.
    """
    given: object = subjects
    if isinstance(given, str | bytes) or not isinstance(given, Collection):
        raise InvalidStoreArgument("subjects", f"must be a collection of UUIDs, got {given!r}")
    for subject in subjects:
        if subject.__class__ is not uuid.UUID and not isinstance(subject, uuid.UUID):
            raise InvalidStoreArgument("subject", f"must be a UUID, got {subject!r}")
