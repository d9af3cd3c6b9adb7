"""Declaring which fields hold a person's data, and whose.

KIM members and forum board members are private persons; Indonesia's Personal
Data Protection Law (UU No. 27 of 2022) lets them have their data erased, while
the event log is never rewritten. Every field that holds such data is declared
with :func:`personal_field`, naming the sibling field that identifies its data
subject, so the codec can protect it and redact it once the subject is
forgotten. The marker is plain attrs metadata: the domain stays free of I/O.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["PERSONAL", "PersonalData", "personal_field", "personal_fields"]

PERSONAL = "kimcore.personal"


@attrs.frozen(kw_only=True)
class PersonalData:
    """Metadata of a personal field: which field of the same class names its subject."""

    subject_field: str
    kind: str


def personal_field(
    *, subject: str, kind: str, optional: bool = False, validator: Any = None
) -> Any:
    """Declare an attrs field that holds a person's data.

    *subject* names the sibling field (a ``UUID``) of the data subject; *kind*
    says what the data is (``"name"``, ``"contact"``, ``"address"``,
    ``"identity-number"``). The field is kept out of ``repr`` so it never lands
    in logs or test output.
    """
    meta = {PERSONAL: PersonalData(subject_field=subject, kind=kind)}
    if optional:
        return attrs.field(default=None, repr=False, metadata=meta, validator=validator)
    return attrs.field(repr=False, metadata=meta, validator=validator)


def personal_fields(cls: type) -> tuple[tuple[attrs.Attribute[Any], PersonalData], ...]:
    """The personal fields declared directly on attrs class *cls*."""
    return tuple((a, a.metadata[PERSONAL]) for a in attrs.fields(cls) if PERSONAL in a.metadata)
