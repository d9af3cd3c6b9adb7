"""The plugin's own facts: a CSR programme decided through kimcore's decider registry."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from csr_builders import open_for
from hypothesis import given, settings
from hypothesis import strategies as st
from kimcore_csr import (
    CloseCsrProgramme,
    CsrBudgetExceeded,
    CsrProgramme,
    DisburseCsrFunds,
)

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain import errors
from kimcore.domain.identity import AggregateRef

D = dt.date


def test_a_programme_has_a_stream_and_a_state_of_its_own(
    app: k.Application, kim: k.PartyRef
) -> None:
    programme = uuid.uuid4()
    [opened] = app.handle(open_for(kim, programme))
    assert opened.stream_id == f"csr_programme-{programme}"
    app.handle(
        DisburseCsrFunds(
            programme_id=programme, amount_idr=40_000_000, tranche="I", disbursed_on=D(2024, 11, 1)
        )
    )
    state, version = app.load(AggregateRef(kind="csr_programme", id=programme))
    assert isinstance(state, CsrProgramme)
    assert (state.disbursed_idr, state.remaining_idr, version) == (40_000_000, 60_000_000, 2)
    with pytest.raises(CsrBudgetExceeded, match="more than the 60,000,000 left"):
        app.handle(
            DisburseCsrFunds(
                programme_id=programme,
                amount_idr=60_000_001,
                tranche="II",
                disbursed_on=D(2024, 12, 1),
            )
        )
    assert app.store.head_position() == opened.position + 1


def test_a_programme_reads_the_kim_it_is_for(app: k.Application) -> None:
    stranger = k.PartyRef(kind=k.PartyKind.GROUP, id=uuid.uuid4())
    with pytest.raises(errors.RegistrationRequired):
        app.handle(open_for(stranger, uuid.uuid4()))
    with pytest.raises(errors.UnknownAggregate):
        app.handle(
            CloseCsrProgramme(programme_id=uuid.uuid4(), reason="x", closed_on=D(2025, 1, 1))
        )


def test_without_the_plugin_its_commands_are_refused_by_name(kim: k.PartyRef) -> None:
    bare = k.plugins.Plugins.load(disable=["csr"])
    app = k.Application(
        k.MemoryStore(),
        policy=k.Policy(catalogue=bare.catalogue()),
        codec=bare.codec(),
        deciders=bare.deciders(),
    )
    with pytest.raises(k.DomainError, match="a csr_programme has no stream in kimcore"):
        app.handle(open_for(kim, uuid.uuid4()))


@settings(max_examples=40, deadline=None)
@given(amounts=st.lists(st.integers(1, 60_000_000), max_size=6))
def test_a_programme_never_pays_out_more_than_its_budget(amounts: list[int]) -> None:
    app = k.Application(k.MemoryStore())
    group_id, _ = run_story(app)
    programme = uuid.uuid4()
    app.handle(
        open_for(k.PartyRef(kind=k.PartyKind.GROUP, id=group_id), programme, budget=100_000_000)
    )
    paid = 0
    for n, amount in enumerate(amounts):
        command = DisburseCsrFunds(
            programme_id=programme, amount_idr=amount, tranche=str(n), disbursed_on=D(2024, 11, 1)
        )
        if paid + amount > 100_000_000:
            with pytest.raises(CsrBudgetExceeded):
                app.handle(command)
        else:
            app.handle(command)
            paid += amount
    state, _ = app.load(AggregateRef(kind="csr_programme", id=programme))
    assert state.disbursed_idr == paid <= 100_000_000
