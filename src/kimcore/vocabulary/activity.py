"""Values of an activity beyond its delivery and functions: how an advocacy activity helps.

The seed names advocacy by litigation or paralegal help.
"""

from __future__ import annotations

import enum

from kimcore.vocabulary.labels import add_labels

__all__ = [
    "AdvocacyKind",
]


class AdvocacyKind(enum.StrEnum):
    """How an advocacy activity helps: in court (litigation) or as paralegal help [seed]."""

    LITIGATION = "litigation"  # litigasi
    PARALEGAL = "paralegal"


add_labels({AdvocacyKind.LITIGATION: "Litigasi", AdvocacyKind.PARALEGAL: "Paralegal"})
