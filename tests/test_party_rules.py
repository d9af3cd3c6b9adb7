"""Partnership and activity rules, by example."""

from __future__ import annotations

import attrs
import pytest
from tests.builders import (
    GROUP_ID,
    D,
    activity,
    formed,
    group_after,
    mid,
    registered,
    run_group,
    sign,
    uid,
)

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES

OFFICE_PARTNER = k.Partner(
    name="Diskominfo Kota Palangka Raya", sector=k.Sector.GOVERNMENT, communication_office=True
)


def end(partnership_id: object, on: object = D(2024, 6, 1)) -> k.EndPartnership:
    return k.EndPartnership(
        party=k.PartyRef(kind=k.PartyKind.GROUP, id=GROUP_ID),
        partnership_id=partnership_id,  # type: ignore[arg-type]
        reason="programme finished",
        ended_on=on,  # type: ignore[arg-type]
    )


class TestPartnershipKinds:
    def test_regulation_based_cites_its_legal_basis(self) -> None:
        with pytest.raises(e.PartnershipTermsInvalid, match="legal basis"):
            run_group([formed()], sign("regulation", k.domain.RegulationTerms(legal_basis="  ")))

    def test_analog_based_names_place_and_frequency_where_switched_on(self) -> None:
        strict = k.Policy(rules=k.domain.Rules(analog_needs_meeting_details=True))
        with pytest.raises(e.PartnershipTermsInvalid, match="meeting place"):
            run_group(
                [formed()],
                sign("analog", k.domain.AnalogTerms(meeting_place="", meeting_frequency="monthly")),
                strict,
            )
        with pytest.raises(e.PartnershipTermsInvalid, match="meeting frequency"):
            run_group(
                [formed()],
                sign("analog", k.domain.AnalogTerms(meeting_place="Balai", meeting_frequency="")),
                strict,
            )

    def test_experience_based_needs_a_prior_activity_on_its_topic_where_switched_on(self) -> None:
        strict = k.Policy(rules=k.domain.Rules(experience_needs_prior_activity=True))
        with pytest.raises(e.NoPriorActivityOnTopic, match="stunting prevention"):
            run_group([formed()], sign("experience"), strict)
        history = [formed()]
        history += run_group(history, activity("Stunting  Prevention"))
        (signed,) = run_group(history, sign("experience"), strict)
        assert isinstance(signed, k.events.PartnershipSigned)
        assert signed.terms == {"topic": "stunting prevention"}

    def test_experience_based_names_its_topic(self) -> None:
        with pytest.raises(e.PartnershipTermsInvalid, match="topic"):
            run_group([formed()], sign("experience", k.domain.ExperienceTerms(topic=" ")))

    def test_an_unknown_type_is_refused_naming_the_known_ones(self) -> None:
        with pytest.raises(e.UnknownPartnershipType, match="known: analog, experience, regulation"):
            run_group([formed()], sign("csr", k.domain.RegulationTerms(legal_basis="x")))

    def test_terms_of_another_type_are_refused(self) -> None:
        with pytest.raises(e.PartnershipTermsInvalid, match="takes RegulationTerms terms"):
            run_group(
                [formed()],
                sign("regulation", k.domain.AnalogTerms(meeting_place="a", meeting_frequency="b")),
            )

    def test_a_plugin_type_is_found_through_the_catalogue(self) -> None:
        @attrs.frozen(kw_only=True)
        class CsrTerms:
            programme: str
            budget_idr: int

        def check(terms: CsrTerms, history: k.domain.PartyHistory) -> None:
            if terms.budget_idr <= 0:
                raise e.PartnershipTermsInvalid("a CSR programme has a budget")

        csr = k.domain.PartnershipType(
            name="csr",
            description="Corporate social responsibility.",
            terms_type=CsrTerms,
            check=check,
        )
        policy = k.Policy(catalogue=k.domain.Catalogue.default().extended(partnership_types=[csr]))
        partner = k.Partner(name="PT Sawit Makmur", sector=k.Sector.PRIVATE)
        (signed,) = run_group(
            [formed()],
            sign("csr", CsrTerms(programme="Desa digital", budget_idr=5), partner),
            policy,
        )
        assert isinstance(signed, k.events.PartnershipSigned)
        assert csr.load_terms(dict(signed.terms)) == CsrTerms(
            programme="Desa digital", budget_idr=5
        )
        with pytest.raises(e.PartnershipTermsInvalid, match="budget"):
            run_group(
                [formed()], sign("csr", CsrTerms(programme="x", budget_idr=0), partner), policy
            )

    def test_a_type_name_is_unique_in_a_catalogue(self) -> None:
        with pytest.raises(e.InvalidValue, match="'analog' is defined twice"):
            k.domain.Catalogue.default().extended(
                partnership_types=[k.domain.Catalogue.default().partnership_type("analog")]
            )

    def test_terms_must_be_json_scalars(self) -> None:
        @attrs.frozen(kw_only=True)
        class Nested:
            inner: tuple[int, ...]

        odd = k.domain.PartnershipType(name="odd", description="d", terms_type=Nested)
        policy = k.Policy(catalogue=k.domain.Catalogue.default().extended(partnership_types=[odd]))
        with pytest.raises(e.PartnershipTermsInvalid, match="JSON scalar"):
            run_group([formed()], sign("odd", Nested(inner=(1,))), policy)

    def test_a_terms_type_is_an_attrs_class(self) -> None:
        with pytest.raises(e.InvalidValue, match="terms_type"):
            k.domain.PartnershipType(name="bad", description="d", terms_type=dict)


class TestPartnershipRules:
    def test_below_minimum_cannot_sign(self) -> None:
        history = [formed(3)]
        history += run_group(
            history, k.LeaveGroup(group_id=GROUP_ID, member_id=mid(0), left_on=D(2024, 2, 1))
        )
        with pytest.raises(e.BelowMinimumCannotSign, match="2 members, below its minimum of 3"):
            run_group(history, sign())

    def test_only_a_registered_kim_partners_with_a_communication_office(self) -> None:
        with pytest.raises(e.RegistrationRequired):
            run_group([formed()], sign(partner=OFFICE_PARTNER))
        (signed,) = run_group(registered(), sign(partner=OFFICE_PARTNER))
        assert isinstance(signed, k.events.PartnershipSigned)

    def test_not_signed_twice_with_the_same_partner_for_the_same_kind_where_switched_on(
        self,
    ) -> None:
        strict = k.Policy(rules=k.domain.Rules(one_partnership_per_type_and_partner=True))
        history = [formed()]
        history += run_group(history, sign())
        same_partner = k.Partner(name="  dinas  KESEHATAN ", sector=k.Sector.GOVERNMENT)
        second = sign(partner=same_partner, partnership_id=uid("second"))
        with pytest.raises(e.DuplicateActivePartnership):
            run_group(history, second, strict)
        assert run_group(history, second)  # off by default: two programmes with one partner
        history += run_group(history, end(sign().partnership_id))
        (again,) = run_group(history, attrs.evolve(second, signed_on=D(2024, 7, 1)), strict)
        assert isinstance(again, k.events.PartnershipSigned)

    def test_another_kind_with_the_same_partner_is_allowed(self) -> None:
        history = [formed()]
        history += run_group(history, sign())
        events = run_group(history, sign("analog", partnership_id=uid("analog")))
        assert len(events) == 1

    def test_the_same_partnership_id_twice_is_refused(self) -> None:
        history = [formed()]
        history += run_group(history, sign())
        with pytest.raises(e.AlreadyExists):
            run_group(history, sign("analog", partnership_id=sign().partnership_id))

    def test_ending(self) -> None:
        history = [formed()]
        history += run_group(history, sign())
        pid = sign().partnership_id
        with pytest.raises(e.DateBeforePrevious):
            run_group(history, end(pid, D(2024, 3, 1)))
        history += run_group(history, end(pid))
        assert group_after(history).book.active_partnerships == ()
        with pytest.raises(e.PartnershipAlreadyEnded):
            run_group(history, end(pid))
        with pytest.raises(e.UnknownPartnership):
            run_group(history, end(uid("nope")))

    def test_signing_before_forming_is_refused(self) -> None:
        with pytest.raises(e.DateBeforePrevious):
            run_group([formed()], sign(signed_on=D(2023, 12, 1)))


class TestActivities:
    def test_an_activity_is_recorded_with_its_topic(self) -> None:
        history = [formed()]
        history += run_group(history, activity())
        assert group_after(history).book.activity_topics == {"stunting prevention"}

    def test_unknown_technique_is_refused(self) -> None:
        with pytest.raises(e.UnknownTechnique, match="'karaoke'"):
            run_group([formed()], activity(technique="karaoke"))

    def test_every_builtin_technique_is_accepted(self) -> None:
        # The catalogue's own list (the seed's techniques and those offices added since).
        for name in (technique.name for technique in BUILTIN_TECHNIQUES):
            advocacy = k.values.AdvocacyKind.PARALEGAL if name == "advocacy" else None
            assert run_group([formed()], activity(technique=name, advocacy=advocacy))

    @pytest.mark.parametrize(
        ("delivery", "place", "link", "missing"),
        [
            (k.Delivery.IN_PERSON, None, "https://x", "place"),
            (k.Delivery.ONLINE, "Balai", None, "link"),
            (k.Delivery.HYBRID, "Balai", None, "link"),
            (k.Delivery.HYBRID, None, "https://x", "place"),
        ],
    )
    def test_delivery_needs_its_details(
        self, delivery: k.Delivery, place: str | None, link: str | None, missing: str
    ) -> None:
        with pytest.raises(e.DeliveryDetailsMissing, match=f"needs a {missing}"):
            run_group([formed()], activity(delivery=delivery, place=place, link=link))

    def test_attendance_is_never_negative(self) -> None:
        with pytest.raises(e.InvalidValue, match="attendance"):
            activity(attendance=-1)

    def test_an_activity_serves_an_adinda_function_where_switched_on(self) -> None:
        strict = k.Policy(rules=k.domain.Rules(activity_needs_function=True))
        with pytest.raises(e.ActivityFunctionRequired, match="ADINDA function"):
            run_group([formed()], activity(functions=frozenset()), strict)
        assert run_group([formed()], activity(functions=frozenset()))

    def test_held_under_an_active_partnership_only(self) -> None:
        history = [formed()]
        history += run_group(history, sign())
        pid = sign().partnership_id
        under = activity(partnership_id=pid, held_on=D(2024, 5, 1))
        assert run_group(history, under)
        with pytest.raises(e.DateBeforePrevious):
            run_group(history, activity(partnership_id=pid, held_on=D(2024, 3, 1)))
        history += run_group(history, end(pid))
        with pytest.raises(e.PartnershipAlreadyEnded, match="hosts no new activities"):
            run_group(history, activity(partnership_id=pid, held_on=D(2024, 7, 1)))
        with pytest.raises(e.UnknownPartnership):
            run_group(history, activity(partnership_id=uid("nope")))

    def test_the_same_activity_twice_is_refused(self) -> None:
        history = [formed()]
        history += run_group(history, activity())
        with pytest.raises(e.AlreadyExists):
            run_group(history, activity())

    def test_political_campaigning_is_allowed_by_default(self) -> None:
        assert run_group([formed()], activity(tags=frozenset({"political_campaign"})))

    def test_a_deployment_may_refuse_political_campaigning(self) -> None:
        policy = k.Policy(refuse_political_campaigning=True)
        with pytest.raises(e.PoliticalActivityRefused, match="political_campaign"):
            run_group(
                [formed()], activity(tags=frozenset({"political_campaign", "health"})), policy
            )
        assert run_group([formed()], activity(tags=frozenset({"health"})), policy)


def test_the_catalogue_holds_the_seeds_techniques_in_their_families() -> None:
    families = {t.name: t.family for t in k.domain.Catalogue.default().techniques.values()}
    family = k.domain.TechniqueFamily
    assert families["webinar"] is family.DISSEMINATION
    assert families["sosialisasi"] is family.DISSEMINATION
    assert families["community_radio"] is family.DISSEMINATION
    assert families["bimtek"] is family.EDUCATION
    assert families["information_literacy"] is family.EDUCATION
    assert families["consultation"] is families["counselling"] is family.CONSULTATION
    assert families["advocacy"] is family.ADVOCACY
    assert run_group([formed()], activity(technique="webinar"))
