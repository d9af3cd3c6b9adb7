"""Values of a forum's governance: its musyawarah, and why a chair is replaced within a term.

Forum boards are elected by a musyawarah and a chair may be replaced within the term for a
reason.
"""

from __future__ import annotations

import enum

from kimcore.vocabulary.labels import add_labels

__all__ = [
    "ChairChangeReason",
    "MusyawarahKind",
]


class MusyawarahKind(enum.StrEnum):
    """A forum's deliberation meeting: the one that founded it, a term's, or an extraordinary one.

    The founding musyawarah (musyawarah pembentukan) seats delegates of the KIMs (or, above
    the regency, the forums) that form the forum: parties it may admit, not yet its members.
    """

    FOUNDING = "founding"  # musyawarah pembentukan
    REGULAR = "regular"  # musyawarah (of the term)
    EXTRAORDINARY = "extraordinary"  # musyawarah luar biasa


class ChairChangeReason(enum.StrEnum):
    """Why a forum's chair is replaced before the term ends."""

    RESIGNED = "resigned"
    DIED = "died"
    REMOVED_BY_MUSYAWARAH = "removed_by_musyawarah"


add_labels(
    {
        MusyawarahKind.FOUNDING: "Musyawarah pembentukan",
        MusyawarahKind.REGULAR: "Musyawarah",
        MusyawarahKind.EXTRAORDINARY: "Musyawarah luar biasa",
        ChairChangeReason.RESIGNED: "Mengundurkan diri",
        ChairChangeReason.DIED: "Meninggal dunia",
        ChairChangeReason.REMOVED_BY_MUSYAWARAH: "Diberhentikan oleh musyawarah",
    }
)
