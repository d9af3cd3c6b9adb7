"""A KIM's profile in the register: read from its kim row, checked cell by cell, changed later."""

from __future__ import annotations

import datetime as dt

import pytest

import kimcore as k
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register
from kimcore.register.layout import canonical_headings, group_id_of
from kimcore.spreadsheets import SheetRow

NAMES = [c.name for c in COLUMNS]
GROUP = group_id_of("KIM-6271-001")
DAY = dt.date(2025, 6, 1)


def _table(rows: list[dict[str, str]]) -> tuple[list[str], list[SheetRow]]:
    return NAMES, [SheetRow(line=i, cells=dict(row)) for i, row in enumerate(rows, start=2)]


def _rows(**kim: str) -> list[dict[str, str]]:
    rows = [dict(r) for r in TEMPLATE_ROWS]
    rows[1].update(kim)
    return rows


def test_the_templates_kim_is_recorded_with_its_profile() -> None:
    app = k.Application(k.MemoryStore())
    import_register(app, _table(_rows()), today=DAY)
    group = app.group(GROUP)
    assert group is not None
    assert group.profile == k.values.GroupProfile(
        street="Jl. Tjilik Riwut Km 2 No. 14",
        rt="003",
        rw="005",
        public_phone="0536 322 1234",
        public_email="kimsukamaju@gmail.com",
        website="https://sukamaju.kim.id",
        social_accounts=(
            k.values.SocialAccount(platform="Instagram", account="@kimsukamaju"),
            k.values.SocialAccount(platform="Facebook", account="facebook.com/kimsukamaju"),
        ),
    )
    [changed] = [s for s in app.store.read_all(0, 100) if s.event_type == "GroupProfileChanged"]
    assert b'"changed_on":"2023-02-01"' in changed.data.replace(b" ", b"")  # its forming day


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("rt", "0003"),
        ("rw", "lima"),
        ("public_phone", "0536"),
        ("public_email", "kimsukamaju.gmail.com"),
        ("website", "sukamaju"),
        ("social_accounts", "@kimsukamaju"),
        ("social_accounts", "Instagram: @kim sukamaju"),
        ("social_accounts", "Instagram: @kimsukamaju; Instagram: @kimsukamaju"),
    ],
)
def test_a_malformed_profile_cell_refuses_the_kim_row_naming_its_column(
    column: str, value: str
) -> None:
    app = k.Application(k.MemoryStore())
    report = import_register(app, _table(_rows(**{column: value})), today=DAY)
    kim = report.rows[1]
    assert (kim.status, kim.rule) == ("refused", "invalid-value")
    assert f"] {column}:" in kim.message, kim.message
    assert app.group(GROUP) is None


def test_a_profile_changed_in_the_register_is_recorded_on_the_import_day() -> None:
    app = k.Application(k.MemoryStore())
    import_register(app, _table(_rows()), today=DAY)
    again = import_register(app, _table(_rows(rt="7", public_phone="")), today=DAY)
    assert [r.status for r in again.rows][1] == "recorded"
    group = app.group(GROUP)
    assert group is not None
    assert group.profile is not None
    assert (group.profile.rt, group.profile.public_phone) == ("7", None)
    changes = [s for s in app.store.read_all(0, 100) if s.event_type == "GroupProfileChanged"]
    assert len(changes) == 2
    assert b"2025-06-01" in changes[1].data
    # The same file a third time, and a file without profile cells: nothing changes.
    third = import_register(app, _table(_rows(rt="7", public_phone="")), today=DAY)
    assert third.count("recorded") == 0
    empty = dict.fromkeys(("street", "rt", "rw", "public_phone", "public_email", "website"), "")
    fourth = import_register(app, _table(_rows(**empty, social_accounts="")), today=DAY)
    assert fourth.count("recorded") == 0
    assert app.group(GROUP).profile == group.profile  # type: ignore[union-attr]


def test_the_profile_columns_read_under_the_headings_an_office_writes() -> None:
    names = canonical_headings(
        ["Jenis Baris", "Alamat", "RT", "RW", "Telepon", "Surel", "Situs Web", "Media Sosial"]
    )
    assert names == [
        "record", "street", "rt", "rw", "public_phone", "public_email", "website",
        "social_accounts",
    ]  # fmt: skip
    assert canonical_headings(["jenis_baris", "E-mail", "No. Telepon", "Medsos"])[1:] == [
        "public_email",
        "public_phone",
        "social_accounts",
    ]
