"""The CSR programme: a company's funds reaching a KIM in tranches, recorded as facts.

A plugin's own aggregate kind, ``csr_programme``: it has its own commands,
events, state and stream (``csr_programme-<id>``), and kimcore decides its
commands through the same registry as a group's or a forum's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

from kimcore.domain.commands import Command
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.errors import (
    AlreadyExists,
    DateBeforePrevious,
    RegistrationRequired,
    UnknownAggregate,
)
from kimcore.domain.group_state import GroupStage, GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import DomainError
from kimcore.vocabulary.parties import PartyRef

__all__ = [
    "KIND",
    "PROGRAMME",
    "CloseCsrProgramme",
    "CsrBudgetExceeded",
    "CsrFundsDisbursed",
    "CsrProgramme",
    "CsrProgrammeClosed",
    "CsrProgrammeOpened",
    "DisburseCsrFunds",
    "OpenCsrProgramme",
]

KIND = "csr_programme"


class CsrBudgetExceeded(DomainError):
    """A programme disburses no more than its budget."""

    rule = "csr-budget"


# -- what a programme's commands and events share: its stream --------------------


@attrs.frozen(kw_only=True)
class _ProgrammeCommand(Command):
    programme_id: uuid.UUID = attrs.field(validator=v.identifier())

    @property
    def aggregate(self) -> AggregateRef:
        """The programme's own stream."""
        return AggregateRef(kind=KIND, id=self.programme_id)


@attrs.frozen(kw_only=True)
class _ProgrammeEvent(Event):
    """A fact of one programme, recorded on its own stream."""

    programme_id: uuid.UUID


# -- commands --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OpenCsrProgramme(_ProgrammeCommand):
    """A company opens a programme for a registered KIM, with its budget and length."""

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    company: str = attrs.field(validator=v.text(200))
    budget_idr: int = attrs.field(validator=v.int_range(1))
    months: int = attrs.field(validator=v.int_range(1, 60))
    opened_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class DisburseCsrFunds(_ProgrammeCommand):
    """A tranche of the budget reaches the KIM."""

    amount_idr: int = attrs.field(validator=v.int_range(1))
    tranche: str = attrs.field(validator=v.text(100))
    disbursed_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class CloseCsrProgramme(_ProgrammeCommand):
    """The programme ends."""

    reason: str = attrs.field(validator=v.text(500))
    closed_on: dt.date = attrs.field(validator=v.date())


# -- events ----------------------------------------------------------------------


@event_type("CsrProgrammeOpened", version=1)
@attrs.frozen(kw_only=True)
class CsrProgrammeOpened(_ProgrammeEvent):
    """A CSR programme was opened for a KIM."""

    party: PartyRef
    company: str
    budget_idr: int
    months: int
    opened_on: dt.date


@event_type("CsrFundsDisbursed", version=1)
@attrs.frozen(kw_only=True)
class CsrFundsDisbursed(_ProgrammeEvent):
    """A tranche of a CSR programme's budget reached the KIM."""

    amount_idr: int
    tranche: str
    disbursed_on: dt.date


@event_type("CsrProgrammeClosed", version=1)
@attrs.frozen(kw_only=True)
class CsrProgrammeClosed(_ProgrammeEvent):
    """A CSR programme ended."""

    reason: str
    closed_on: dt.date


EVENTS = (CsrProgrammeOpened, CsrFundsDisbursed, CsrProgrammeClosed)

# -- state and decider -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CsrProgramme:
    """A programme as its events left it."""

    programme_id: uuid.UUID
    party: PartyRef
    company: str
    budget_idr: int
    months: int
    opened_on: dt.date
    disbursed_idr: int = 0
    last_on: dt.date | None = None
    closed_on: dt.date | None = None

    @property
    def remaining_idr(self) -> int:
        """What is left of the budget."""
        return self.budget_idr - self.disbursed_idr


def _opening(source: OpenCsrProgramme | CsrProgrammeOpened) -> dict[str, Any]:
    """What opening a programme sets: as its command gave it, its event and state keep it."""
    return {name: getattr(source, name) for name in _OPENING}


_OPENING = ("programme_id", "party", "company", "budget_idr", "months", "opened_on")


def evolve(state: CsrProgramme | None, event: Event) -> CsrProgramme | None:
    """The programme after *event*."""
    if isinstance(event, CsrProgrammeOpened):
        return CsrProgramme(**_opening(event))
    if state is None:
        return None
    if isinstance(event, CsrFundsDisbursed):
        return attrs.evolve(
            state, disbursed_idr=state.disbursed_idr + event.amount_idr, last_on=event.disbursed_on
        )
    if isinstance(event, CsrProgrammeClosed):
        return attrs.evolve(state, closed_on=event.closed_on)
    return state


def decide(state: CsrProgramme | None, command: Any, context: DecisionContext) -> list[Event]:
    """The events a programme command records, or the rule it breaks."""
    if isinstance(command, OpenCsrProgramme):
        if state is not None:
            raise AlreadyExists(f"csr programme {command.programme_id} was opened already")
        kim = context.load(AggregateRef(kind=command.party.kind.value, id=command.party.id))
        if not isinstance(kim, GroupState) or kim.stage is not GroupStage.REGISTERED:
            raise RegistrationRequired(
                "a csr programme is opened for a KIM registered with its communication office"
            )
        return [CsrProgrammeOpened(**_opening(command))]
    if state is None:
        raise UnknownAggregate(f"no csr programme {command.programme_id} was opened")
    if state.closed_on is not None:
        raise AlreadyExists(f"csr programme {state.programme_id} was closed on {state.closed_on}")
    earliest = state.last_on or state.opened_on
    if isinstance(command, DisburseCsrFunds):
        if command.disbursed_on < earliest:
            raise DateBeforePrevious(
                f"the tranche of {command.disbursed_on} is before the last fact of {earliest}"
            )
        if command.amount_idr > state.remaining_idr:
            raise CsrBudgetExceeded(
                f"{command.amount_idr:,} rupiah is more than the {state.remaining_idr:,} left"
                f" of the budget of {state.budget_idr:,}"
            )
        return [
            CsrFundsDisbursed(
                programme_id=state.programme_id,
                amount_idr=command.amount_idr,
                tranche=command.tranche,
                disbursed_on=command.disbursed_on,
            )
        ]
    if command.closed_on < earliest:
        raise DateBeforePrevious(f"closing on {command.closed_on} is before {earliest}")
    return [
        CsrProgrammeClosed(
            programme_id=state.programme_id, reason=command.reason, closed_on=command.closed_on
        )
    ]


PROGRAMME = Decider(
    kind=KIND,
    commands=(OpenCsrProgramme, DisburseCsrFunds, CloseCsrProgramme),
    decide=decide,
    evolve=evolve,
    description="A company's CSR programme for a KIM: its budget, its tranches, its end.",
    state_type=CsrProgramme,
)
