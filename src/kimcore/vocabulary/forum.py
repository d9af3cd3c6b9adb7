"""Values of a forum's governance: its musyawarah, and why a chair is replaced within a term.

Forum boards are elected by a musyawarah and a chair may be replaced within the term for a
reason. The fields a forum's command and its event share are declared once here, as
``kimcore.vocabulary._facts`` describes: ``OfForum`` (the forum a command or event is about) and
``InstalledBoardFacts`` (a board installed), bases that no ``__all__`` lists.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.boards import BoardSeat
from kimcore.vocabulary.government import Decree
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


@attrs.frozen(kw_only=True)
class OfForum:
    """A fact of one forum, on its own stream."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())


@attrs.frozen(kw_only=True)
class InstalledBoardFacts(OfForum):
    """What `InstallForumBoard` asks to record and `ForumBoardInstalled` records.

    A board and its one chair for a fixed term; ``musyawarah_id`` names the musyawarah that
    elected it and ``decree`` is the term's decree (SK kepengurusan), where there are.
    """

    seats: tuple[BoardSeat, ...] = attrs.field(validator=v.tuple_of(BoardSeat, min_length=1))
    term_start: dt.date = attrs.field(validator=v.date())
    term_end: dt.date = attrs.field(validator=v.date())
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
