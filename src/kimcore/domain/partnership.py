"""A party's partnerships: signing one of a registered type, and ending it.

A partnership is decided on its party's stream, because every rule about it
reads that party's recorded history (its standing, its registration, the
activities it held, its other partnerships); deciding it there makes each rule
hold against one consistent version of that history.
"""

from __future__ import annotations

import datetime as dt

import attrs

from kimcore.domain.commands import (
    EndPartnership,
    SignPartnership,
)
from kimcore.domain.errors import (
    AlreadyExists,
    DuplicateActivePartnership,
    InstrumentRequired,
    PartnershipAlreadyEnded,
)
from kimcore.domain.partnership_types import PartyHistory
from kimcore.domain.party import PartyBook, check_not_before, partnership_of, recorded
from kimcore.domain.policy import Policy
from kimcore.events.partnership import PartnershipEnded as PartnershipEndedEvent
from kimcore.events.partnership import PartnershipSigned

__all__ = [
    "decide_end_partnership",
    "decide_sign_partnership",
]


def decide_sign_partnership(
    command: SignPartnership,
    book: PartyBook,
    history: PartyHistory,
    policy: Policy,
    earliest: dt.date,
) -> PartnershipSigned:
    """Check the rules every party shares, then the partnership type's own."""
    check_not_before(command.signed_on, earliest, "signing", "the party's founding")
    if command.partnership_id in book.partnerships:
        raise AlreadyExists(f"partnership {command.partnership_id} was signed already")
    kind = policy.catalogue.partnership_type(command.partnership_type)
    terms = kind.dump_terms(command.terms)
    kind.check_partner(command.partner)
    if command.instrument is None and policy.rules.partnership_needs_instrument:
        raise InstrumentRequired(
            "this deployment records a partnership only with its signed instrument"
            " (policy: partnership_needs_instrument)"
        )
    kind.check(command.terms, attrs.evolve(history, as_of=command.signed_on, rules=policy.rules))
    for record in (
        book.active_partnerships if policy.rules.one_partnership_per_type_and_partner else ()
    ):
        if record.partnership_type == kind.name and record.partner.key == command.partner.key:
            raise DuplicateActivePartnership(
                f"a {kind.name} partnership with {command.partner.name!r} is already active"
                f" ({record.partnership_id}, signed {record.signed_on})"
            )
    return recorded(PartnershipSigned, command, partnership_type=kind.name, terms=terms)


def decide_end_partnership(command: EndPartnership, book: PartyBook) -> PartnershipEndedEvent:
    """End an active partnership."""
    record = partnership_of(book, command.partnership_id, command.party)
    if not record.active:
        raise PartnershipAlreadyEnded(
            f"partnership {record.partnership_id} ended on {record.ended_on}"
        )
    check_not_before(command.ended_on, record.signed_on, "ending", "its signing")
    return recorded(PartnershipEndedEvent, command)
