"""Values of an activity beyond its delivery and functions: how an advocacy activity helps.

The seed names advocacy by litigation or paralegal help.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary._facts import OfParty
from kimcore.vocabulary.channels import AdindaFunction, Delivery
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.parties import PartyRef

__all__ = [
    "AdvocacyKind",
]


class AdvocacyKind(enum.StrEnum):
    """How an advocacy activity helps: in court (litigation) or as paralegal help [seed]."""

    LITIGATION = "litigation"  # litigasi
    PARALEGAL = "paralegal"


add_labels({AdvocacyKind.LITIGATION: "Litigasi", AdvocacyKind.PARALEGAL: "Paralegal"})


@attrs.frozen(kw_only=True)
class HeldActivityFacts(OfParty):
    """What `HoldActivity` asks to record and `ActivityHeld` records: one base for both."""

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    technique: str = attrs.field(validator=v.text(64))
    functions: frozenset[AdindaFunction] = attrs.field(validator=v.frozenset_of(AdindaFunction))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    topic: str = attrs.field(validator=v.text(200))
    held_on: dt.date = attrs.field(validator=v.date())
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    link: str | None = attrs.field(default=None, validator=v.optional_text(500))
    attendance: int = attrs.field(validator=v.int_range(0))
    partnership_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), validator=v.frozenset_of(str))
    # The KIMs and forums that took part in an activity the party organised.
    participants: tuple[PartyRef, ...] = attrs.field(
        default=(), validator=v.tuple_of(PartyRef, unique=True)
    )
    # Litigation or paralegal help: required of an advocacy activity, refused of others.
    advocacy: AdvocacyKind | None = attrs.field(
        default=None, validator=v.optional_of_type(AdvocacyKind)
    )


@attrs.frozen(kw_only=True)
class AttendedActivityFacts(OfParty):
    """What `TakePartInActivity` asks to record and `ActivityAttended` records, but attendees."""

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    organiser: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    organiser_name: str = attrs.field(validator=v.text(200))
    technique: str = attrs.field(validator=v.text(64))
    topic: str = attrs.field(validator=v.text(200))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    held_on: dt.date = attrs.field(validator=v.date())
