"""Kemendagri's area codes: what the ministry can give is recorded, nothing else."""

from __future__ import annotations

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
