"""Value objects refuse malformed input with InvalidValue naming the field."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import DISTRICT, NATION, PROVINCE, REGENCY, VILLAGE, activity

import kimcore as k
from kimcore.domain import errors as e


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: k.Region(code="62.7", name="x"), "code"),
        (lambda: k.Region(code="62", name=""), "name"),
        (lambda: k.Region(code="62", name=7), "name"),
        (lambda: k.Region(code="62", name="x" * 201), "name"),
        (
            lambda: k.Decree(
                number="1", issued_on=dt.datetime(2024, 1, 1), authority=k.Authority.LURAH
            ),
            "issued_on",
        ),
        (
            lambda: k.Decree(number="1", issued_on="2024-01-01", authority=k.Authority.LURAH),
            "issued_on",
        ),
        (
            lambda: k.Decree(number="1", issued_on=dt.date(2024, 1, 1), authority="lurah"),
            "authority",
        ),
        (
            lambda: k.MemberDetails(member_id="x", name="A", category=k.MemberCategory.YOUTH),
            "member_id",
        ),
        (lambda: k.values.MembershipBounds(minimum=5, maximum=4), "maximum"),
        (lambda: k.values.MembershipBounds(minimum=0), "minimum"),
        (lambda: k.values.MembershipBounds(minimum=True), "minimum"),
        (lambda: k.values.MembershipBounds(minimum="3"), "minimum"),
        (lambda: k.Post(role=k.OfficerRole.SECTION), "section"),
        (lambda: k.Post(role=k.OfficerRole.CHAIR, section="media"), "section"),
        (
            lambda: k.Partner(name="Bank", sector=k.Sector.PRIVATE, communication_office=True),
            "partner.sector",
        ),
        (lambda: k.CommunicationOffice(name="Diskominfo", region=PROVINCE), "office.region"),
        (
            lambda: k.values.CompetitionResult(
                event="F", level=k.values.CompetitionLevel.NATIONAL, year=2024, category="c", rank=0
            ),
            "rank",
        ),
        (
            lambda: k.events.GroupFormed(
                group_id=uuid.uuid4(),
                name="n",
                seat=k.Seat(region=VILLAGE, settlement=k.Settlement.VILLAGE, area=k.Area.RURAL),
                founders=[],
                channels=(),
                bounds=k.values.MembershipBounds(),
                formed_on=dt.date(2024, 1, 1),
            ),
            "founders",
        ),
        (
            lambda: k.ChangeChannels(
                group_id=uuid.uuid4(), channels=("meeting",), changed_on=dt.date(2024, 1, 1)
            ),
            r"channels\[0\]",
        ),
        (lambda: activity(functions={k.AdindaFunction.ACCESS}), "functions"),
        (lambda: activity(functions=frozenset({"access"})), "functions"),
        (lambda: k.Policy(political_tags=frozenset({1})), "political_tags"),
    ],
)
def test_malformed_values_name_their_field(build: object, field: str) -> None:
    with pytest.raises(e.InvalidValue, match=field) as info:
        build()  # type: ignore[operator]
    assert info.value.rule == "invalid-value"
    assert isinstance(info.value, ValueError)


def test_region_levels_and_containment() -> None:
    assert [r.level for r in (NATION, PROVINCE, REGENCY, DISTRICT, VILLAGE)] == list(
        k.values.RegionLevel
    )
    assert NATION.contains(VILLAGE)
    assert PROVINCE.contains(VILLAGE)
    assert DISTRICT.contains(DISTRICT)
    assert not k.Region(code="62.71.01", name="a").contains(
        k.Region(code="62.71.02.1001", name="b")
    )
    assert VILLAGE.ancestor_code(k.values.RegionLevel.REGENCY) == "62.71"
    assert VILLAGE.ancestor_code(k.values.RegionLevel.NATIONAL) == ""
    with pytest.raises(e.InvalidValue, match="below"):
        REGENCY.ancestor_code(k.values.RegionLevel.VILLAGE)


def test_authorities_are_ranked() -> None:
    assert (
        k.Authority.NEIGHBOURHOOD_HEAD.rank
        < k.Authority.VILLAGE_HEAD.rank
        == k.Authority.LURAH.rank
    )
    assert (
        k.Authority.LURAH.rank
        < k.Authority.CAMAT.rank
        < k.Authority.REGENT.rank
        < k.Authority.GOVERNOR.rank
    )


def test_personal_fields_are_declared_and_kept_out_of_repr() -> None:
    from kimcore.vocabulary.personal import personal_fields

    person = k.MemberDetails(
        member_id=uuid.uuid4(),
        name="Siti Rahmawati",
        contact="+62 812",
        category=k.MemberCategory.ADULT,
    )
    assert "Siti" not in repr(person)
    assert "+62" not in repr(person)
    declared = {a.name: (p.subject_field, p.kind) for a, p in personal_fields(k.MemberDetails)}
    assert declared == {"name": ("member_id", "name"), "contact": ("member_id", "contact")}
    assert {a.name for a, _ in personal_fields(k.BoardSeat)} == {"name"}
    assert personal_fields(k.Region) == ()


def test_domain_errors_carry_their_rule() -> None:
    error = e.GroupFull("too many")
    assert str(error) == "[max-members] too many"
    assert error.detail == "too many"
    assert isinstance(error, k.DomainError)


_KINDS = [
    (uuid.UUID,),
    (int,),
    (bool,),
    (int, float),
    (str,),
    (k.MemberCategory,),
    (object,),
    (dt.date, type(None)),
]
_SAMPLES = [True, False, 0, 3, 2.5, "x", None, uuid.UUID(int=1), k.MemberCategory.FARMER, object()]


@pytest.mark.parametrize("types", _KINDS, ids=lambda t: " or ".join(x.__name__ for x in t))
def test_a_type_check_takes_what_isinstance_takes_but_a_bool_for_a_number(
    types: tuple[type, ...],
) -> None:
    # of_type checks with one isinstance where a bool cannot pass for one of *types*: the
    # same answers as the full rule, which refuses a bool unless bool is asked for.
    from kimcore.vocabulary.validate import of_type

    check = of_type(*types)
    field = attrs.fields(k.Region).name
    for value in _SAMPLES:
        wanted = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if wanted:
            check(None, field, value)
        else:
            with pytest.raises(e.InvalidValue, match="name"):
                check(None, field, value)


@given(st.integers(min_value=2**53, max_value=2**70))
def test_no_whole_number_past_what_every_reader_keeps_is_taken(big: int) -> None:
    # Past 2**53 - 1 a browser reads the number rounded, and past 2**63 - 1 neither a store nor
    # orjson keeps it: refused when the value is made, naming its field, never when written.
    for build, field in (
        (lambda n: activity(attendance=n), "attendance"),
        (
            lambda n: k.values.CompetitionResult(
                event="F",
                level=k.values.CompetitionLevel.NATIONAL,
                year=2024,
                category="c",
                rank=n,
            ),
            "rank",
        ),
    ):
        with pytest.raises(e.InvalidValue, match=f"{field}: must be at most 9007199254740991"):
            build(big)
    assert activity(attendance=2**53 - 1).attendance == 2**53 - 1
