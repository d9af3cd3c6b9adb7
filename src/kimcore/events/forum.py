"""Events in the life of a Forum KIM: its founding, board and members, and how it governs itself.

Forums organise themselves [practice]: delegates of the member KIMs (or, above the regency, of
the member forums) meet in musyawarah and elect a board; a chair may be replaced within the term;
an office's decree may confirm the forum afterwards, as an event of its own.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.boards import BoardSeat, ForumLevel
from kimcore.vocabulary.forum import ChairChangeReason, InstalledBoardFacts, MusyawarahKind
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.parties import CompetitionResult, PartyKind, PartyRef
from kimcore.vocabulary.places import Region


@event_type("ForumEstablished")
@attrs.frozen(kw_only=True)
class ForumEstablished(Event):
    """A forum was established for one region at one level, with the decree that confirmed it.

    A forum that organised itself is established without a decree;
    ``ForumConfirmed`` records one given later.
    """

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    name: str = attrs.field(validator=v.text(200))
    level: ForumLevel = attrs.field(validator=v.enum_member(ForumLevel))
    region: Region = attrs.field(validator=v.of_type(Region))
    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
    established_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumBoardInstalled", version=3)
@attrs.frozen(kw_only=True)
class ForumBoardInstalled(InstalledBoardFacts, Event):
    """A board was installed for a fixed term; its seats are the officers of that term.

    Version 2: ``musyawarah_id`` names the musyawarah that elected it, where
    one is recorded; v1 payloads are upcast with none. Version 3: ``decree``
    is the term's decree (SK kepengurusan), where there is one; older
    payloads are upcast with none.
    """


@event_type("ForumMemberAdmitted")
@attrs.frozen(kw_only=True)
class ForumMemberAdmitted(Event):
    """A group (or, above the regency level, a forum) was admitted to the forum."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_kind: PartyKind = attrs.field(validator=v.enum_member(PartyKind))
    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_region: Region = attrs.field(validator=v.of_type(Region))
    admitted_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumMemberWithdrew")
@attrs.frozen(kw_only=True)
class ForumMemberWithdrew(Event):
    """A member withdrew from the forum."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_kind: PartyKind = attrs.field(validator=v.enum_member(PartyKind))
    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    withdrew_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumCompetitionResultRecorded")
@attrs.frozen(kw_only=True)
class ForumCompetitionResultRecorded(Event):
    """The forum placed, or won an award, in a competition or festival."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    result: CompetitionResult = attrs.field(validator=v.of_type(CompetitionResult))
    recorded_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumDissolved")
@attrs.frozen(kw_only=True)
class ForumDissolved(Event):
    """The forum was dissolved; its region and level may have a new forum established."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: str = attrs.field(validator=v.text(500))
    dissolved_on: dt.date = attrs.field(validator=v.date())


@event_type("MusyawarahHeld")
@attrs.frozen(kw_only=True)
class MusyawarahHeld(Event):
    """The forum met in musyawarah; ``delegates`` are the parties that sent delegates.

    They are the forum's members, or, at its founding musyawarah (kind ``founding``), the
    parties that form it.
    """

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    musyawarah_id: uuid.UUID = attrs.field(validator=v.identifier())
    kind: MusyawarahKind = attrs.field(validator=v.enum_member(MusyawarahKind))
    held_on: dt.date = attrs.field(validator=v.date())
    place: str = attrs.field(validator=v.text(300))
    delegates: tuple[PartyRef, ...] = attrs.field(
        validator=v.tuple_of(PartyRef, min_length=1, unique=True)
    )
    resolutions: tuple[str, ...] = attrs.field(default=(), validator=v.texts(500))


@event_type("ForumChairReplaced")
@attrs.frozen(kw_only=True)
class ForumChairReplaced(Event):
    """A new chair took over within the board's term; the term is unchanged.

    ``chair`` is the new chair's seat; a person who held another seat on the
    board leaves it. ``musyawarah_id`` names the musyawarah that removed the
    previous chair, where that is the reason.
    """

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    previous_chair: uuid.UUID = attrs.field(validator=v.identifier())
    chair: BoardSeat = attrs.field(validator=v.of_type(BoardSeat))
    reason: ChairChangeReason = attrs.field(validator=v.enum_member(ChairChangeReason))
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    replaced_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumConfirmed")
@attrs.frozen(kw_only=True)
class ForumConfirmed(Event):
    """An office's decree confirmed a forum that was established without one."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    decree: Decree = attrs.field(validator=v.of_type(Decree))
