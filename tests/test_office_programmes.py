"""The office's partnership with its KIMs (Permenkominfo 4/2024 art. 24(6)): programmes of the
six forms, and the monitoring and evaluation of a KIM."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import (
    GROUP_ID,
    OFFICE,
    VILLAGE,
    D,
    group_after,
    registered,
    registering,
    uid,
)

import kimcore as k
from kimcore.domain import office
from kimcore.domain.views.mappings import EVALUATIONS, PROGRAMMES, OfficeMapping
from kimcore.projections import MemoryModels, Projector

E = k.errors
Form = k.values.CommunicationPartnershipForm
REGISTERED_ON = D(2024, 2, 2)
MAY_14, NOV_20 = D(2024, 5, 14), D(2024, 11, 20)
STRANGER = uid("a KIM registered elsewhere")
OTHER_OFFICE = k.CommunicationOffice(
    name="Diskominfo Kabupaten Kotawaringin Barat",
    region=k.Region(code="62.01", name="Kotawaringin Barat"),
)


def context(policy: k.Policy | None = None) -> k.domain.DecisionContext:
    """Our KIM registered with OFFICE on REGISTERED_ON; no other KIM is recorded."""
    kim = group_after(registered())
    return k.domain.DecisionContext(
        policy=policy or k.Policy(), load=lambda ref: kim if ref.id == GROUP_ID else None
    )


def decide(
    before: Sequence[k.Event], command: k.commands.Command, policy: k.Policy | None = None
) -> list[k.Event]:
    state = None
    for event in before:
        state = office.evolve(state, event)
    return office.decide(state, command, context(policy))


def programme(
    form: k.values.CommunicationPartnershipForm = Form.CAPACITY_BUILDING,
    groups: tuple[uuid.UUID, ...] = (GROUP_ID,),
    on: dt.date = MAY_14,
    label: str = "bimtek",
) -> k.commands.HoldPartnershipProgramme:
    return k.commands.HoldPartnershipProgramme(
        office=OFFICE,
        programme_id=uid(label),
        form=form,
        title="Bimtek pengelolaan media sosial KIM",
        groups=groups,
        held_on=on,
    )


def evaluate(on: dt.date = NOV_20, **overrides: object) -> k.commands.EvaluateGroup:
    fields: dict[str, object] = {
        "office": OFFICE,
        "evaluation_id": uid("monev"),
        "group_id": GROUP_ID,
        "evaluated_on": on,
        "findings": ("Papan informasi diperbarui tiap pekan", "Akun media sosial belum aktif"),
        "result": "Baik",
    }
    return k.commands.EvaluateGroup(**{**fields, **overrides})  # type: ignore[arg-type]


class TestProgrammes:
    @given(form=st.sampled_from(Form))
    def test_each_of_the_six_forms_is_run_with_the_office_s_kims(
        self, form: k.values.CommunicationPartnershipForm
    ) -> None:
        (held,) = decide([], programme(form))
        assert isinstance(held, k.events.PartnershipProgrammeHeld)
        assert (held.form, held.groups, held.office) == (form, (GROUP_ID,), OFFICE)

    def test_art_24_6_names_six_forms(self) -> None:
        assert [f.value for f in Form] == [
            "capacity_needs",
            "partnership_model",
            "capacity_building",
            "joint_material",
            "competition",
            "monitoring_evaluation",
        ]
        assert k.values.label(Form.MONITORING_EVALUATION) == "Pemantauan dan evaluasi"

    @given(strangers=st.integers(0, 3), ours=st.booleans())
    def test_a_programme_is_only_with_kims_registered_with_the_office(
        self, strangers: int, ours: bool
    ) -> None:
        groups = (*((GROUP_ID,) if ours else ()), *(uid(f"s{n}") for n in range(strangers)))
        if not groups:
            with pytest.raises(E.InvalidValue, match="groups"):
                programme(groups=groups)
            return
        if strangers:
            with pytest.raises(E.GroupNotRegisteredWithOffice) as refused:
                decide([], programme(groups=groups))
            assert refused.value.rule == "office-registered"
            assert str(uid("s0")) in str(refused.value)
        else:
            assert decide([], programme(groups=groups))

    def test_the_kim_of_another_office_is_refused(self) -> None:
        command = programme()
        elsewhere = k.commands.HoldPartnershipProgramme(
            **{**{a: getattr(command, a) for a in ("programme_id", "form", "title", "groups")}},
            office=OTHER_OFFICE,
            held_on=command.held_on,
        )
        with pytest.raises(E.GroupNotRegisteredWithOffice):
            decide([], elsewhere)

    @given(days=st.integers(-60, 60))
    def test_not_before_the_registration(self, days: int) -> None:
        on = REGISTERED_ON + dt.timedelta(days=days)
        if days < 0:
            with pytest.raises(E.DateBeforePrevious):
                decide([], programme(on=on))
        else:
            assert decide([], programme(on=on))

    def test_a_programme_is_recorded_once(self) -> None:
        held = decide([], programme())
        with pytest.raises(E.AlreadyExists):
            decide(held, programme())


class TestEvaluations:
    def test_the_office_records_its_findings_and_result(self) -> None:
        (evaluated,) = decide([], evaluate())
        assert isinstance(evaluated, k.events.GroupEvaluated)
        assert evaluated.region == VILLAGE  # the KIM's seat, read from its stream
        assert evaluated.result == "Baik"
        assert evaluated.findings[1] == "Akun media sosial belum aktif"

    def test_findings_are_required(self) -> None:
        with pytest.raises(E.InvalidValue, match="findings"):
            evaluate(findings=())

    @given(on=st.booleans())
    def test_a_result_is_required_only_by_policy(self, on: bool) -> None:
        policy = k.Policy(rules=k.domain.Rules(evaluation_needs_result=on))
        assert decide([], evaluate(result="Cukup"), policy)
        if on:
            with pytest.raises(E.EvaluationResultRequired) as refused:
                decide([], evaluate(result=None), policy)
            assert refused.value.rule == "evaluation-result"
        else:
            assert decide([], evaluate(result=None), policy)

    def test_only_the_office_s_kims(self) -> None:
        with pytest.raises(E.GroupNotRegisteredWithOffice):
            decide([], evaluate(group_id=STRANGER))
        with pytest.raises(E.GroupNotRegisteredWithOffice):
            decide([], evaluate(office=OTHER_OFFICE))
        with pytest.raises(E.DateBeforePrevious):
            decide([], evaluate(on=D(2024, 1, 31)))

    @given(form=st.sampled_from(Form), with_kim=st.booleans(), days=st.integers(-5, 5))
    def test_within_a_monitoring_and_evaluation_programme_that_had_the_kim(
        self, form: k.values.CommunicationPartnershipForm, with_kim: bool, days: int
    ) -> None:
        started = D(2024, 10, 1)
        held = decide([], programme(form, on=started, label="monev"))
        if not with_kim:  # the same programme, with another of the office's KIMs only
            (first,) = held
            assert isinstance(first, k.events.PartnershipProgrammeHeld)
            held = [attrs.evolve(first, groups=(uid("another of ours"),))]
        command = evaluate(on=started + dt.timedelta(days=days), programme_id=uid("monev"))
        fits = form is Form.MONITORING_EVALUATION and with_kim
        if not fits:
            with pytest.raises(E.EvaluationOutsideProgramme) as refused:
                decide(held, command)
            assert refused.value.rule == "evaluation-programme"
        elif days < 0:
            with pytest.raises(E.DateBeforePrevious):
                decide(held, command)
        else:
            (evaluated,) = decide(held, command)
            assert evaluated.programme_id == uid("monev")  # type: ignore[attr-defined]

    def test_an_unknown_programme_is_refused(self) -> None:
        with pytest.raises(E.EvaluationOutsideProgramme):
            decide([], evaluate(programme_id=uid("never held")))

    def test_an_evaluation_is_recorded_once(self) -> None:
        done = decide([], evaluate())
        with pytest.raises(E.AlreadyExists):
            decide(done, evaluate())


def test_the_office_s_view_shows_programmes_and_evaluations() -> None:
    app = k.Application(k.MemoryStore())
    for command in (*registering(3),):
        app.handle(command)
    monev = programme(Form.MONITORING_EVALUATION, label="monev")
    app.handle(monev)
    app.handle(evaluate(programme_id=monev.programme_id))
    models = MemoryModels()
    Projector(app.store, OfficeMapping(), models).run()
    (row,) = models.rows(PROGRAMMES)
    assert (row["form"], row["group_count"], row["office_region"]) == (
        "monitoring_evaluation",
        1,
        "62.71",
    )
    (evaluation,) = models.rows(EVALUATIONS)
    assert evaluation["programme_id"] == str(monev.programme_id)
    assert evaluation["region_code"] == VILLAGE.code
    assert evaluation["result"] == "Baik"
    models.close()
