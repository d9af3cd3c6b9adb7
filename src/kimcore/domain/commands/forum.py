"""Commands decided on a forum's stream: its founding, board, members and governance."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands.base import Command
from kimcore.domain.identity import forum_id_for
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.boards import BoardSeat, ForumLevel
from kimcore.vocabulary.forum import (
    ChairChangeReason,
    InstalledBoardFacts,
    MusyawarahKind,
    OfForum,
)
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.parties import CompetitionResult, PartyKind, PartyRef
from kimcore.vocabulary.places import Region


@attrs.frozen(kw_only=True)
class EstablishForum(Command):
    """Establish a forum for *region* at *level*; confirmed by *decree* where there is one."""

    name: str = attrs.field(validator=v.text(200))
    level: ForumLevel = attrs.field(validator=v.enum_member(ForumLevel))
    region: Region = attrs.field(validator=v.of_type(Region))
    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
    established_on: dt.date = attrs.field(validator=v.date())

    @property
    def forum_id(self) -> uuid.UUID:
        """The forum's id, derived from level and region."""
        return forum_id_for(self.level, self.region.code)

    @property
    def target(self) -> PartyRef:
        """The forum."""
        return PartyRef(kind=PartyKind.FORUM, id=self.forum_id)


@attrs.frozen(kw_only=True)
class ForumCommand(OfForum, Command):
    """A command decided on an existing forum's stream."""

    @property
    def target(self) -> PartyRef:
        """The forum."""
        return PartyRef(kind=PartyKind.FORUM, id=self.forum_id)


@attrs.frozen(kw_only=True)
class InstallForumBoard(InstalledBoardFacts, ForumCommand):
    """Install a board, with its one chair, for a fixed term; elected by a recorded musyawarah.

    ``decree`` is the term's decree (SK kepengurusan) where there is one: it replaces the
    previous term's.
    """


@attrs.frozen(kw_only=True)
class AdmitToForum(ForumCommand):
    """Admit a group (or a lower forum) to the forum."""

    applicant: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    admitted_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class WithdrawFromForum(ForumCommand):
    """A member withdraws from the forum."""

    member: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    withdrew_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class DissolveForum(ForumCommand):
    """Dissolve the forum."""

    reason: str = attrs.field(validator=v.text(500))
    dissolved_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class RecordForumCompetitionResult(ForumCommand):
    """Record a forum's place or award in a competition (forums compete too)."""

    result: CompetitionResult = attrs.field(validator=v.of_type(CompetitionResult))
    recorded_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class HoldMusyawarah(ForumCommand):
    """Record a forum's musyawarah and the parties whose delegates took part.

    A regular or extraordinary musyawarah seats delegates of the forum's current members;
    the founding one (kind ``founding``), those of the parties that form the forum.
    """

    musyawarah_id: uuid.UUID = attrs.field(validator=v.identifier())
    kind: MusyawarahKind = attrs.field(
        default=MusyawarahKind.REGULAR, validator=v.enum_member(MusyawarahKind)
    )
    held_on: dt.date = attrs.field(validator=v.date())
    place: str = attrs.field(validator=v.text(300))
    delegates: tuple[PartyRef, ...] = attrs.field(
        validator=v.tuple_of(PartyRef, min_length=1, unique=True)
    )
    resolutions: tuple[str, ...] = attrs.field(default=(), validator=v.texts(500))


@attrs.frozen(kw_only=True)
class ReplaceForumChair(ForumCommand):
    """Replace the board's chair within its term, for a reason; the term is unchanged."""

    chair: BoardSeat = attrs.field(validator=v.of_type(BoardSeat))
    reason: ChairChangeReason = attrs.field(validator=v.enum_member(ChairChangeReason))
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    replaced_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ConfirmForum(ForumCommand):
    """Confirm by decree a forum established without one."""

    decree: Decree = attrs.field(validator=v.of_type(Decree))
