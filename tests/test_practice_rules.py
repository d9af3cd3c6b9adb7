"""The rules of a KIM's practice: officers' terms, merge/split/re-code, products, attended
activities, advocacy, and the office's mapping (Permenkominfo 4/2024 art. 24)."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import (
    GROUP,
    GROUP_ID,
    MAPPING,
    OFFICE,
    VILLAGE,
    D,
    activity,
    chaired,
    decree,
    form,
    formed,
    group_after,
    mid,
    registered,
    run_group,
    seat,
    uid,
)

import kimcore as k
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, TechniqueFamily
from kimcore.testing.world import serving

E = k.errors
ADULT = k.MemberCategory.ADULT
CHAIR = k.Post(role=k.OfficerRole.CHAIR)
SECRETARY = k.Post(role=k.OfficerRole.SECRETARY)


def appoint(post: k.Post, on: dt.date, **term: object) -> k.AppointOfficer:
    return k.AppointOfficer(
        group_id=GROUP_ID,
        member_id=mid(1),
        post=post,
        appointed_on=on,
        term=k.values.OfficerTerm(**term) if term else None,  # type: ignore[arg-type]
    )


class TestOfficersTerms:
    @given(days=st.integers(-400, 2000))
    def test_a_term_ends_after_the_appointment_and_lapses_after_its_end(self, days: int) -> None:
        ends = D(2024, 3, 1) + dt.timedelta(days=days)
        command = appoint(SECRETARY, D(2024, 3, 1), ends_on=ends)
        if days <= 0:
            with pytest.raises(E.OfficerTermInvalid):
                run_group([formed()], command)
            return
        state = group_after([formed(), *run_group([formed()], command)])
        assert state.officer_status(mid(1), SECRETARY, ends) is k.values.OfficerStatus.SERVING
        after = ends + dt.timedelta(days=1)
        assert state.officer_status(mid(1), SECRETARY, after) is k.values.OfficerStatus.LAPSED

    def test_the_appointing_decree_lies_over_the_seat_and_is_at_least_a_village_heads(self) -> None:
        far = k.Decree(
            number="9/SK",
            issued_on=D(2024, 2, 1),
            authority=k.Authority.LURAH,
            region=k.Region(code="62.71.01.1003", name="Another kelurahan"),
        )
        with pytest.raises(E.DecreeOutsideRegion):
            run_group([formed()], appoint(SECRETARY, D(2024, 3, 1), decree=far))
        low = k.Decree(
            number="1/RT",
            issued_on=D(2024, 2, 1),
            authority=k.Authority.NEIGHBOURHOOD_HEAD,
            region=VILLAGE,
        )
        with pytest.raises(E.OfficerTermInvalid, match="village head"):
            run_group([formed()], appoint(SECRETARY, D(2024, 3, 1), decree=low))
        assert run_group([formed()], appoint(SECRETARY, D(2024, 3, 1), decree=decree()))

    def test_a_new_term_reappoints_and_the_same_post_without_one_is_refused(self) -> None:
        history = [formed()]
        history += run_group(history, appoint(SECRETARY, D(2024, 3, 1), ends_on=D(2025, 3, 1)))
        with pytest.raises(E.PostAlreadyHeld):
            run_group(history, appoint(SECRETARY, D(2025, 3, 2)))
        history += run_group(history, appoint(SECRETARY, D(2025, 3, 2), ends_on=D(2028, 3, 1)))
        state = group_after(history)
        assert state.terms[(mid(1), SECRETARY)].ends_on == D(2028, 3, 1)
        assert state.officer_status(mid(1), SECRETARY, D(2026, 1, 1)).value == "serving"


class TestAdvocacy:
    @given(
        technique=st.sampled_from(BUILTIN_TECHNIQUES),
        kind=st.none() | st.sampled_from(k.values.AdvocacyKind),
        closed=st.booleans(),
    )
    def test_only_advocacy_names_a_kind_and_must_where_the_kinds_are_closed(
        self, technique: k.domain.Technique, kind: k.values.AdvocacyKind | None, closed: bool
    ) -> None:
        command = activity(technique=technique.name, advocacy=kind)
        policy = k.Policy(rules=k.domain.Rules(advocacy_needs_kind=closed))
        advocacy = technique.family is TechniqueFamily.ADVOCACY
        if (advocacy or kind is None) and (kind is not None or not (advocacy and closed)):
            (event,) = run_group([formed()], command, policy)
            assert isinstance(event, k.events.ActivityHeld)
            assert event.advocacy is kind
        else:
            with pytest.raises(E.AdvocacyKindRequired):
                run_group([formed()], command, policy)


def publish(channel: str, **overrides: object) -> k.commands.PublishInformation:
    fields: dict[str, object] = {
        "party": GROUP,
        "product_id": uid(f"product-{channel}"),
        "product_type": k.values.ProductType.ARTICLE,
        "title": "Jadwal posyandu Juni",
        "topic": "Posyandu schedule",
        "channel": channel,
        "published_on": D(2024, 6, 1),
    }
    fields.update(overrides)
    return k.commands.PublishInformation(**fields)  # type: ignore[arg-type]


class TestProducts:
    @given(
        channel=st.sampled_from(sorted(k.domain.Catalogue.default().channels)),
        url=st.none() | st.just("https://kim.example.id/posyandu"),
        place=st.none() | st.just("Papan informasi RW 03"),
    )
    def test_online_needs_a_url_offline_a_place(
        self, channel: str, url: str | None, place: str | None
    ) -> None:
        kind = k.domain.Catalogue.default().channels[channel].kind
        command = publish(channel, url=url, place=place)
        needed = url if kind is k.ChannelKind.DIGITAL else place
        if needed is None:
            with pytest.raises(E.ProductDetailsMissing):
                run_group([formed()], command)
        else:
            (event,) = run_group([formed()], command)
            assert isinstance(event, k.events.InformationPublished)

    def test_unknown_channels_and_repeats_are_refused(self) -> None:
        with pytest.raises(E.InvalidValue, match="unknown channel"):
            run_group([formed()], publish("pigeon", place="x"))
        history = [formed()]
        history += run_group(history, publish("website", url="https://x", with_office=OFFICE))
        with pytest.raises(E.AlreadyExists):
            run_group(history, publish("website", url="https://x"))
        assert group_after(history).book.last_active_on == D(2024, 6, 1)


def app_with_group() -> k.Application:
    app = k.Application(k.MemoryStore())
    app.handle(form(3))
    return app


OFFICE_REF = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=k.domain.office_id_for("62"))
WEBINAR = k.HoldActivity(
    party=OFFICE_REF,
    activity_id=uid("webinar"),
    technique="webinar",
    functions=frozenset({k.AdindaFunction.ACCESS}),
    delivery=k.Delivery.HYBRID,
    topic="Pembentukan Forum KIM",
    held_on=D(2024, 5, 20),
    place="Aula Diskominfosantik",
    link="https://zoom.example/fkim",
    attendance=120,
    participants=(GROUP,),
)


def take_part(**overrides: object) -> k.commands.TakePartInActivity:
    fields: dict[str, object] = {
        "party": GROUP,
        "activity_id": WEBINAR.activity_id,
        "organiser": OFFICE_REF,
        "organiser_name": "Diskominfosantik Provinsi Kalimantan Tengah",
        "technique": "webinar",
        "topic": "pembentukan forum kim",
        "delivery": k.Delivery.HYBRID,
        "held_on": D(2024, 5, 20),
        "attendees": 3,
    }
    fields.update(overrides)
    return k.commands.TakePartInActivity(**fields)  # type: ignore[arg-type]


class TestTakingPart:
    def test_a_kim_records_the_provincial_webinar_it_attended(self) -> None:
        app = app_with_group()
        app.handle(WEBINAR)
        (recorded,) = app.handle(take_part())
        assert isinstance(recorded.event, k.events.ActivityAttended)
        state = app.group(GROUP_ID)
        assert state is not None
        assert state.book.last_active_on == D(2024, 5, 20)

    @pytest.mark.parametrize(
        "change",
        [{"technique": "workshop"}, {"held_on": D(2024, 5, 21)}, {"topic": "Stunting"}],
        ids=["technique", "date", "topic"],
    )
    def test_what_the_organiser_recorded_must_agree(self, change: dict[str, object]) -> None:
        app = app_with_group()
        app.handle(WEBINAR)
        with pytest.raises(E.AttendedActivityMismatch):
            app.handle(take_part(**change))

    def test_an_organiser_outside_kimcore_is_recorded_as_given(self) -> None:
        ministry = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uid("komdigi"))
        app = app_with_group()
        assert app.handle(take_part(organiser=ministry, activity_id=uid("bimtek")))

    def test_a_party_does_not_attend_its_own_activity(self) -> None:
        app = app_with_group()
        with pytest.raises(E.AttendedActivityMismatch):
            app.handle(take_part(organiser=GROUP))


OTHER_ID = uid("other-group")


class TestMergeAndSplit:
    def test_a_merged_group_ends_and_both_histories_stay(self) -> None:
        app = app_with_group()
        app.handle(form(3, group_id=OTHER_ID, name="KIM Tetangga"))
        with pytest.raises(E.MergeRefused):
            app.handle(
                k.commands.MergeGroup(group_id=GROUP_ID, into=GROUP_ID, merged_on=D(2025, 1, 1))
            )
        with pytest.raises(E.MergeRefused):
            app.handle(
                k.commands.MergeGroup(
                    group_id=GROUP_ID, into=uid("nobody"), merged_on=D(2025, 1, 1)
                )
            )
        app.handle(k.commands.MergeGroup(group_id=GROUP_ID, into=OTHER_ID, merged_on=D(2025, 1, 1)))
        with pytest.raises(E.GroupEnded, match="merged into"):
            app.handle(activity(held_on=D(2025, 2, 1)))
        assert issubclass(E.GroupEnded, E.GroupDissolvedError)
        assert len(list(app.history(GROUP))) == 2
        with pytest.raises(E.MergeRefused):
            app.handle(
                k.commands.MergeGroup(group_id=OTHER_ID, into=GROUP_ID, merged_on=D(2025, 2, 1))
            )

    def test_a_group_split_from_another_is_named_by_its_split(self) -> None:
        app = app_with_group()
        new = form(
            3, group_id=OTHER_ID, name="KIM Pecahan", formed_on=D(2025, 3, 1), split_from=GROUP_ID
        )
        with pytest.raises(E.SplitNotRecorded):
            app.handle(new)
        app.handle(
            k.commands.SplitGroup(
                group_id=GROUP_ID, into=(OTHER_ID,), continues=True, split_on=D(2025, 3, 1)
            )
        )
        with pytest.raises(E.DateBeforePrevious):
            app.handle(form(3, group_id=OTHER_ID, formed_on=D(2025, 2, 1), split_from=GROUP_ID))
        app.handle(new)
        split = app.group(OTHER_ID)
        assert split is not None
        assert split.split_from == GROUP_ID
        assert app.handle(activity(held_on=D(2025, 4, 1)))  # it continues

    def test_a_split_without_continuing_ends_the_group(self) -> None:
        app = app_with_group()
        app.handle(
            k.commands.SplitGroup(
                group_id=GROUP_ID, into=(OTHER_ID, uid("third")), split_on=D(2025, 3, 1)
            )
        )
        with pytest.raises(E.GroupEnded):
            app.handle(activity(held_on=D(2025, 4, 1)))


CATALOGUE = k.domain.RegionCatalogue(
    name="Kota Palangka Raya 2024",
    covers=frozenset({"62.71"}),
    regions={
        "62.71.01": "Pahandut",
        "62.71.01.1002": "Langkai",
        "62.71.01.1009": "Langkai Baru",
        "62.71.01.1010": "Langkai Hilir",
    },
    recoded={"62.71.01.1003": ("62.71.01.1009", "62.71.01.1010")},
)


def with_regions(*catalogues: k.domain.RegionCatalogue) -> k.Policy:
    return k.Policy(catalogue=k.domain.Catalogue.default().extended(regions=catalogues))


class TestRegionCatalogue:
    def test_a_covered_code_must_be_listed_and_a_recoded_one_names_its_successors(self) -> None:
        policy = with_regions(CATALOGUE)
        assert run_group([], form(3), policy)
        unlisted = seat(k.Region(code="62.71.01.1004", name="?"))
        with pytest.raises(E.InvalidValue, match="not in Kota Palangka Raya 2024"):
            run_group([], form(3, seat=unlisted), policy)
        old = seat(k.Region(code="62.71.01.1003", name="Old"))
        with pytest.raises(E.InvalidValue, match=r"re-coded to 62\.71\.01\.1009, 62\.71\.01\.1010"):
            run_group([], form(3, seat=old), policy)
        # Codes no catalogue covers are checked by shape and ranges only.
        elsewhere = seat(k.Region(code="62.72.01.1004", name="Elsewhere"))
        assert run_group([], form(3, seat=elsewhere), policy)

    def test_two_catalogues_over_one_code_conflict(self) -> None:
        with pytest.raises(E.InvalidValue, match="both cover"):
            with_regions(
                CATALOGUE,
                k.domain.RegionCatalogue(name="Kalteng", covers=frozenset({"62"}), regions={}),
            )

    @given(
        successor=st.sampled_from(
            ["62.71.01.1009", "62.71.01.1010", "62.71.01.1002", "62.72.01.1001"]
        )
    )
    def test_a_seat_is_recoded_only_to_a_successor(self, successor: str) -> None:
        old = seat(k.Region(code="62.71.01.1003", name="Old"))
        history = [formed(seat=old)]  # recorded before the catalogue knew of the split
        command = k.commands.RecodeSeat(
            group_id=GROUP_ID,
            seat=seat(k.Region(code=successor, name="New")),
            recoded_on=D(2025, 1, 1),
        )
        if successor in CATALOGUE.recoded["62.71.01.1003"]:
            history += run_group(history, command, with_regions(CATALOGUE))
            assert group_after(history).seat.region.code == successor
        else:
            with pytest.raises(E.RecodeRefused):
                run_group(history, command, with_regions(CATALOGUE))

    def test_without_a_catalogue_a_seat_is_recoded_within_its_district(self) -> None:
        new = k.commands.RecodeSeat(
            group_id=GROUP_ID,
            seat=seat(k.Region(code="62.71.01.1005", name="N")),
            recoded_on=D(2025, 1, 1),
        )
        assert run_group([formed()], new)
        far = k.commands.RecodeSeat(
            group_id=GROUP_ID,
            seat=seat(k.Region(code="62.71.02.1001", name="N")),
            recoded_on=D(2025, 1, 1),
        )
        with pytest.raises(E.RecodeRefused):
            run_group([formed()], far)


PROFILE = MAPPING
PROVINCE_OFFICE_REGION = k.Region(code="62", name="Kalimantan Tengah")
SEP_1, DEC_1, JAN_10 = D(2024, 9, 1), D(2024, 12, 1), D(2025, 1, 10)


def registered_app() -> k.Application:
    app = k.Application(k.MemoryStore())
    for event_command in (
        form(3),
        k.AppointOfficer(
            group_id=GROUP_ID, member_id=mid(0), post=CHAIR, appointed_on=D(2024, 1, 2)
        ),
        k.ConfirmGroup(group_id=GROUP_ID, decree=decree()),
        k.RegisterGroup(
            group_id=GROUP_ID, office=OFFICE, registration_number="R-1", registered_on=D(2024, 2, 2)
        ),
    ):
        app.handle(event_command)
    return app


def map_group(office: k.CommunicationOffice = OFFICE, on: dt.date = SEP_1) -> k.commands.MapGroup:
    return k.commands.MapGroup(office=office, group_id=GROUP_ID, profile=PROFILE, mapped_on=on)


def report(
    on: dt.date = DEC_1, groups: tuple[uuid.UUID, ...] = (GROUP_ID,), label: str = "2024"
) -> k.commands.ReportMapping:
    return k.commands.ReportMapping(
        office=OFFICE, report_id=uid(f"report-{label}"), year=2024, groups=groups, reported_on=on
    )


def coordinate(
    province: k.Region = PROVINCE_OFFICE_REGION, on: dt.date = JAN_10
) -> k.commands.CoordinateMapping:
    return k.commands.CoordinateMapping(
        province=province,
        office_name="Diskominfosantik Provinsi Kalimantan Tengah",
        report_office=OFFICE,
        report_id=uid("report-2024"),
        coordinated_on=on,
    )


class TestMapping:
    @given(types=st.frozensets(st.sampled_from(k.values.CommunityType)))
    def test_a_kim_is_of_one_type_under_art_23_2_or_both(
        self, types: frozenset[k.values.CommunityType]
    ) -> None:
        if not types:  # "dan/atau": one at least
            with pytest.raises(E.InvalidValue, match="community_types"):
                attrs.evolve(PROFILE, community_types=types)
            return
        app = registered_app()
        command = attrs.evolve(map_group(), profile=attrs.evolve(PROFILE, community_types=types))
        (recorded,) = app.handle(command)
        assert isinstance(mapped := recorded.event, k.events.GroupMapped)
        assert mapped.profile.community_types == types
        assert mapped.profile.public_issues == ("stunting", "air bersih")

    def test_a_public_issue_is_named_once_in_words(self) -> None:
        with pytest.raises(E.InvalidValue, match="public_issues"):
            attrs.evolve(PROFILE, public_issues=("stunting", "stunting"))
        with pytest.raises(E.InvalidValue, match="public_issues"):
            attrs.evolve(PROFILE, public_issues=("",))

    def test_the_office_maps_reports_and_the_province_coordinates(self) -> None:
        app = registered_app()
        (recorded,) = app.handle(map_group())
        assert isinstance(mapped := recorded.event, k.events.GroupMapped)
        assert mapped.region == VILLAGE
        app.handle(report())
        (recorded,) = app.handle(coordinate())
        assert isinstance(recorded.event, k.events.MappingCoordinated)
        # A mapping is the office's act: nothing was recorded on the KIM's stream.
        assert not any(isinstance(r.event, k.events.GroupMapped) for r in app.history(GROUP))
        office, _ = app.load(
            k.domain.AggregateRef(kind="government_body", id=k.domain.office_id_for("62.71"))
        )
        assert set(office.mappings) == {GROUP_ID}
        with pytest.raises(E.AlreadyExists):
            app.handle(coordinate())

    def test_an_office_maps_only_the_kims_registered_with_it(self) -> None:
        app = k.Application(k.MemoryStore())
        for command in chaired_commands():
            app.handle(command)
        with pytest.raises(E.MappedGroupNotRegistered):
            app.handle(map_group())  # confirmed, not registered
        app = registered_app()
        other = k.CommunicationOffice(
            name="Diskominfo Katingan", region=k.Region(code="62.06", name="Katingan")
        )
        with pytest.raises(E.MappedGroupNotRegistered):
            app.handle(map_group(other))
        with pytest.raises(E.DateBeforePrevious):
            app.handle(map_group(on=D(2024, 2, 1)))

    @given(days=st.integers(-60, 60))
    def test_a_report_lists_only_kims_mapped_by_its_date(self, days: int) -> None:
        app = registered_app()
        app.handle(map_group(on=D(2024, 9, 1)))
        command = report(on=D(2024, 9, 1) + dt.timedelta(days=days))
        if days >= 0:
            assert app.handle(command)
        else:
            with pytest.raises(E.ReportOfUnmappedGroup):
                app.handle(command)
        with pytest.raises(E.ReportOfUnmappedGroup):
            app.handle(report(groups=(GROUP_ID, uid("unmapped")), label="other"))

    def test_a_province_coordinates_only_its_own_regencies_recorded_reports(self) -> None:
        app = registered_app()
        app.handle(map_group())
        with pytest.raises(E.CoordinationRefused, match="recorded no report"):
            app.handle(coordinate())
        app.handle(report())
        with pytest.raises(E.CoordinationRefused, match="outside province"):
            app.handle(coordinate(province=k.Region(code="63", name="Kalimantan Selatan")))
        with pytest.raises(E.DateBeforePrevious):
            app.handle(coordinate(on=D(2024, 11, 1)))


def chaired_commands() -> list[k.Command]:
    return [
        form(3),
        k.AppointOfficer(
            group_id=GROUP_ID, member_id=mid(0), post=CHAIR, appointed_on=D(2024, 1, 2)
        ),
        k.ConfirmGroup(group_id=GROUP_ID, decree=decree()),
    ]


def test_every_new_rule_says_itself_in_indonesian() -> None:
    refused = E.MappedGroupNotRegistered("KIM X is not registered with Diskominfo Y")
    assert k.domain.indonesian(refused).startswith("[mapping-registered] Dinas hanya memetakan")
    assert serving(k.Authority.LURAH, VILLAGE) == VILLAGE
    assert registered()
    assert chaired()
