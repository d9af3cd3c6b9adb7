"""Kemendagri's area codes: what the ministry can give is recorded, nothing else."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import establish, form, run_forum, run_group

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain.regions import PROVINCES, check_region, regency_kind, settlement_of


def _valid(province: int, regency: int, district: int, village: int) -> bool:
    return (
        f"{province:02d}" in PROVINCES
        and (1 <= regency <= 69 or 71 <= regency <= 99)
        and district != 0
        and (1001 <= village <= 1999 or 2001 <= village <= 2999)
    )


@given(
    province=st.integers(0, 99),
    regency=st.integers(0, 99),
    district=st.integers(0, 99),
    village=st.integers(0, 9999),
    urban=st.booleans(),
)
def test_a_group_is_seated_only_where_kemendagri_has_a_village(
    province: int, regency: int, district: int, village: int, urban: bool
) -> None:
    region = k.Region(code=f"{province:02d}.{regency:02d}.{district:02d}.{village:04d}", name="x")
    settlement = k.Settlement.URBAN_WARD if urban else k.Settlement.VILLAGE
    command = form(seat=k.Seat(region=region, settlement=settlement, area=k.Area.URBAN))
    agrees = _valid(province, regency, district, village) and ((village < 2000) == urban)
    if agrees:
        assert run_group([], command)
    else:
        with pytest.raises(e.InvalidValue, match="seat"):
            run_group([], command)


def test_the_examples_of_the_issue() -> None:
    with pytest.raises(e.InvalidValue, match="'99' is not a province"):
        check_region(k.Region(code="99.99.99.9999", name="x"))
    desa = k.Region(code="62.71.01.2001", name="Desa")
    with pytest.raises(e.InvalidValue, match=r"a desa \(2xxx\) code, so the seat is a village"):
        run_group(
            [],
            form(seat=k.Seat(region=desa, settlement=k.Settlement.URBAN_WARD, area=k.Area.URBAN)),
        )
    assert settlement_of(desa) is k.Settlement.VILLAGE
    assert regency_kind(k.Region(code="62.71", name="Palangka Raya")) == "kota"
    assert regency_kind(k.Region(code="62.01", name="Kotawaringin Barat")) == "kabupaten"
    assert len(PROVINCES) == 38


@given(province=st.integers(0, 99))
def test_a_forum_is_established_only_for_a_real_region(province: int) -> None:
    region = k.Region(code=f"{province:02d}", name="Provinsi")
    command = establish(level=k.ForumLevel.PROVINCE, region=region, authority=k.Authority.GOVERNOR)
    if f"{province:02d}" in PROVINCES:
        assert run_forum([], command)
    else:
        with pytest.raises(e.InvalidValue, match="not a province"):
            run_forum([], command)


SEATS = [
    k.Region(code="62.71.01.1002", name="Langkai"),  # a kelurahan of a kota
    k.Region(code="62.01.05.2003", name="Kuala Jelai"),  # a desa of a kabupaten
]
ISSUERS = [
    k.Region(code="62.71.01.1002", name="Langkai"),
    k.Region(code="62.71.01.1001", name="Panarung"),
    k.Region(code="62.01.05.2003", name="Kuala Jelai"),
    k.Region(code="62.71.01", name="Pahandut"),
    k.Region(code="62.01.05", name="Sukamara"),
    k.Region(code="62.71", name="Kota Palangka Raya"),
    k.Region(code="62.01", name="Kotawaringin Barat"),
    k.Region(code="62", name="Kalimantan Tengah"),
    k.Region(code="63", name="Kalimantan Selatan"),
    k.Region(code="", name="Indonesia"),
]
SERVES = {
    k.Authority.VILLAGE_HEAD: lambda r: (
        r.level is k.values.RegionLevel.VILLAGE and r.code[-4] == "2"
    ),
    k.Authority.LURAH: lambda r: r.level is k.values.RegionLevel.VILLAGE and r.code[-4] == "1",
    k.Authority.CAMAT: lambda r: r.level is k.values.RegionLevel.DISTRICT,
    k.Authority.REGENT: lambda r: r.level is k.values.RegionLevel.REGENCY and r.code[-2:] < "70",
    k.Authority.MAYOR: lambda r: r.level is k.values.RegionLevel.REGENCY and r.code[-2:] > "70",
    k.Authority.COMMUNICATION_OFFICE_HEAD: lambda r: (
        r.level in (k.values.RegionLevel.REGENCY, k.values.RegionLevel.PROVINCE)
    ),
    k.Authority.GOVERNOR: lambda r: r.level is k.values.RegionLevel.PROVINCE,
    k.Authority.MINISTER: lambda r: r.level is k.values.RegionLevel.NATIONAL,
}


@given(
    seat=st.sampled_from(SEATS),
    issuer=st.sampled_from(ISSUERS),
    authority=st.sampled_from(sorted(SERVES, key=str)),
)
def test_a_decree_confirms_a_kim_only_from_an_office_over_its_seat(
    seat: k.Region, issuer: k.Region, authority: k.Authority
) -> None:
    from tests.builders import GROUP_ID, chaired

    urban = seat.code[-4] == "1"
    place = k.Seat(
        region=seat,
        settlement=k.Settlement.URBAN_WARD if urban else k.Settlement.VILLAGE,
        area=k.Area.URBAN if urban else k.Area.RURAL,
    )
    history = list(chaired())
    history[0] = attrs.evolve(history[0], seat=place)
    decree = k.Decree(number="1", issued_on=form().formed_on, authority=authority, region=issuer)
    command = k.ConfirmGroup(group_id=GROUP_ID, decree=decree)
    if not SERVES[authority](issuer):
        with pytest.raises(e.InvalidValue, match="does not serve"):
            run_group(history, command)
    elif not issuer.contains(seat):
        with pytest.raises(e.DecreeOutsideRegion):
            run_group(history, command)
    else:
        assert run_group(history, command)


def test_a_decree_names_its_office_region() -> None:
    from tests.builders import GROUP_ID, chaired

    decree = k.Decree(number="1", issued_on=form().formed_on, authority=k.Authority.LURAH)
    with pytest.raises(e.InvalidValue, match=r"decree\.region: a decree names the region"):
        run_group(chaired(), k.ConfirmGroup(group_id=GROUP_ID, decree=decree))


@given(issuer=st.sampled_from(ISSUERS), authority=st.sampled_from(sorted(SERVES, key=str)))
def test_a_provincial_forum_takes_no_decree_of_a_regent_or_mayor(
    issuer: k.Region, authority: k.Authority
) -> None:
    province = k.Region(code="62", name="Kalimantan Tengah")
    command = establish(level=k.ForumLevel.PROVINCE, region=province, authority=authority)
    command = attrs.evolve(command, decree=attrs.evolve(command.decree, region=issuer))
    allowed = (
        authority
        in (k.Authority.GOVERNOR, k.Authority.COMMUNICATION_OFFICE_HEAD, k.Authority.MINISTER)
        and SERVES[authority](issuer)
        and issuer.contains(province)
    )
    if allowed:
        assert run_forum([], command)
    else:
        with pytest.raises(e.DomainError):
            run_forum([], command)


def test_decrees_recorded_before_they_named_a_region_still_read() -> None:
    codec = k.events.Codec()
    stored = (
        b'{"group_id":"00000000-0000-0000-0000-000000000001",'
        b'"decree":{"number":"7/2024","issued_on":"2024-06-01","authority":"village_head"}}'
    )
    confirmed = codec.decode_payload("GroupConfirmed", 1, stored)
    assert confirmed.decree.region is None
    assert confirmed.decree.authority is k.Authority.VILLAGE_HEAD
