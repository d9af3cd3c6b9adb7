"""What a register says of ends: members who left, posts relieved, KIMs dissolved or merged.

Also the register number an office lists a KIM under, kept on the KIM, and the registry
following a KIM whose seat was recoded.
"""

from __future__ import annotations

import datetime as dt

import pytest

import kimcore as k
from kimcore.domain.views import GROUPS
from kimcore.projections import GroupRegistry, MemoryModels, Projector
from kimcore.register import COLUMNS, TEMPLATE_ROWS, decisions, import_register, register_table
from kimcore.register.layout import group_id_of, member_id_of
from kimcore.spreadsheets import SheetRow

NAMES = [c.name for c in COLUMNS]
REF, OTHER = "KIM-6271-001", "KIM-6271-002"
KIM_ROWS = [dict(r) for r in TEMPLATE_ROWS if r["record"] in ("kim", "member")]


def _table(rows: list[dict[str, str]]) -> tuple[list[str], list[SheetRow]]:
    return NAMES, [SheetRow(line=i, cells=dict(row)) for i, row in enumerate(rows, start=2)]


def _other(**cells: str) -> list[dict[str, str]]:
    """A second KIM in the next village, with three founders."""
    kim = {
        "record": "kim",
        "kim_ref": OTHER,
        "name": "KIM Harapan",
        "region_code": "62.71.01.1003",
        "region_name": "Panarung",
        "settlement": "Kelurahan",
        "area": "perkotaan",
        "formed_on": "01/03/2023",
        **cells,
    }
    people = [
        {"record": "anggota", "kim_ref": OTHER, "member_ref": str(n), "name": f"Warga {n}"}
        | {"category": "remaja"}
        for n in (1, 2, 3)
    ]
    return [kim, *people]


def _history(app: k.Application, ref: str) -> list[object]:
    group = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id_of(ref))
    return [recorded.event for recorded in app.history(group)]


def _app(rows: list[dict[str, str]]) -> tuple[k.Application, k.register.ImportReport]:
    app = k.Application(k.MemoryStore())
    return app, import_register(app, _table(rows), today=dt.date(2030, 1, 1))


def test_a_member_who_left_and_a_post_relieved_read_as_an_office_writes_them() -> None:
    rows = [dict(r) for r in KIM_ROWS]
    budi = next(r for r in rows if r.get("name") == "Budi Santoso")
    budi.update(relieved_on="01/09/2023", term_ends_on="31/12/2025")
    dewi = next(r for r in rows if r.get("name") == "Dewi Lestari")
    dewi.update(left_on="15/10/2023", leave_reason="Pindah")
    app, report = _app(rows)
    assert report.refused == (), [r.message for r in report.refused]
    state = app.group(group_id_of(REF))
    assert state is not None
    assert member_id_of(REF, "3") not in state.members
    assert state.posts.get(member_id_of(REF, "2"), ()) == ()
    left = [e for e in _history(app, REF) if isinstance(e, k.events.MemberLeft)]
    assert [(e.reason, e.left_on) for e in left] == [
        (k.values.LeaveReason.MOVED_AWAY, dt.date(2023, 10, 15))
    ]
    headings, listed = register_table(app, "id")
    dewi_row = next(r for r in listed if r[headings.index("nama")] == "Dewi Lestari")
    assert dewi_row[headings.index("tanggal_keluar")] == "15/10/2023"
    assert dewi_row[headings.index("alasan_keluar")] == "Pindah domisili"
    budi_row = next(r for r in listed if r[headings.index("nama")] == "Budi Santoso")
    assert budi_row[headings.index("akhir_masa_jabatan")] == "31/12/2025"
    assert budi_row[headings.index("tanggal_diberhentikan")] == "01/09/2023"


def test_a_kim_dissolved_and_one_merged_into_another_are_kept_with_their_days() -> None:
    dissolved = _other(status="bubar", status_on="01/06/2024", status_reason="Tidak ada pengurus")
    app, report = _app([*KIM_ROWS, *dissolved])
    assert report.refused == (), [r.message for r in report.refused]
    ended = app.group(group_id_of(OTHER))
    assert ended is not None
    assert ended.closed
    merged = _other(status="Bergabung", status_on="2024-06-01", merged_into=REF)
    app, report = _app([*merged, *KIM_ROWS])  # merged into a KIM listed below it
    assert report.refused == (), [r.message for r in report.refused]
    history = _history(app, OTHER)
    assert isinstance(history[-1], k.events.GroupMerged)
    assert history[-1].into == group_id_of(REF)
    headings, listed = register_table(app, "id")
    row = next(r for r in listed if r[headings.index("no_register_kim")] == OTHER)
    assert row[headings.index("status")] == "Bergabung"
    assert row[headings.index("bergabung_ke")] == REF


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"status": "bubar", "status_reason": "bubar"}, "status_on"),
        ({"status": "bubar", "status_on": "2024-06-01"}, "status_reason"),
        ({"status": "bergabung", "status_on": "2024-06-01"}, "merged_into"),
        ({"status": "pindah", "status_on": "2024-06-01"}, "status"),
        ({"status_on": "2024-06-01"}, "status"),
    ],
)
def test_a_status_missing_what_it_needs_is_refused_naming_the_cell(
    cells: dict[str, str], field: str
) -> None:
    app, report = _app(_other(**cells))
    kim = next(r for r in report.refused if r.record == "kim")
    assert f"{field}:" in kim.message
    if field != "status":  # a cell its status needs: said as any required cell is
        heading = next(c.heading_id for c in COLUMNS if c.name == field)
        assert kim.message_id.endswith(f"kolom {heading} wajib diisi"), kim.message_id
    assert report.count("recorded") == 0  # the KIM's row is refused whole, its members with it
    assert app.group(group_id_of(OTHER)) is None


@pytest.mark.parametrize("into", ["KIM-9", OTHER])
def test_a_merge_no_day_could_make_right_refuses_the_kim_row_whole(into: str) -> None:
    # Into a KIM neither in the file nor recorded, or into itself: known before the KIM is
    # recorded, so nothing of it is (the row was once reported refused over a recorded KIM).
    app, report = _app(_other(status="bergabung", status_on="2024-06-01", merged_into=into))
    kim = next(r for r in report.rows if r.record == "kim")
    assert (kim.status, kim.rule, kim.events) == ("refused", "merge-target", 0)
    assert report.count("recorded") == report.events == 0
    assert app.group(group_id_of(OTHER)) is None


def test_an_end_refused_only_at_its_turn_says_the_kim_is_recorded_and_counts_it() -> None:
    # The KIM it merges into is in the file but dissolved before the merge's day: known only
    # when the ends are decided, in the order of their days, after the KIMs were recorded.
    into = [dict(r) for r in KIM_ROWS]
    into[0] |= {"status": "bubar", "status_on": "01/05/2024", "status_reason": "Tidak aktif"}
    merged = _other(status="bergabung", status_on="2024-06-01", merged_into=REF)
    app, report = _app([*merged, *into])
    [refused] = report.refused
    assert (refused.record, refused.rule, refused.events) == ("kim", "merge-target", 1)
    assert "the KIM is recorded; only its end is refused" in str(refused.message)
    assert "KIM-nya tercatat" in str(refused.message_id)
    state = app.group(group_id_of(OTHER))
    assert state is not None
    assert not state.closed
    recorded = sum(1 for _ in app.store.read_all())
    assert report.events == recorded  # every event written is counted, the refused row's too


def test_the_register_number_is_kept_on_the_kim_and_names_it() -> None:
    app, _ = _app(KIM_ROWS)
    [formed] = [e for e in _history(app, REF) if isinstance(e, k.events.GroupFormed)]
    assert formed.register_number == REF
    headings, listed = register_table(app)
    assert {r[headings.index("kim_ref")] for r in listed} == {REF}
    founders = formed.founders
    wrong = k.FormGroup(
        group_id=k.Application(k.MemoryStore()).new_id(),
        name="KIM Lain",
        seat=formed.seat,
        founders=founders,
        formed_on=formed.formed_on,
        register_number="KIM-9",
    )
    with pytest.raises(k.errors.InvalidValue) as refused:
        k.Application(k.MemoryStore()).handle(wrong)
    assert refused.value.field == "register_number"


def test_the_registry_follows_a_recoded_seat() -> None:
    app, _ = _app(KIM_ROWS)
    new = k.Seat(
        region=k.Region(code="62.71.01.1005", name="Menteng"),
        settlement=k.Settlement.URBAN_WARD,
        area=k.Area.URBAN,
    )
    app.handle(
        k.commands.RecodeSeat(group_id=group_id_of(REF), seat=new, recoded_on=dt.date(2025, 1, 2))
    )
    assert GroupRegistry.version >= 5  # 5 moved a recoded seat's row
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()
    [row] = models.rows(GROUPS)
    assert (row["region_code"], row["region_name"]) == ("62.71.01.1005", "Menteng")


@pytest.mark.parametrize("new_chair_first", [False, True])
def test_a_chair_relieved_and_another_appointed_the_same_day_read_in_either_row_order(
    new_chair_first: bool,
) -> None:
    rows = [dict(r) for r in KIM_ROWS]
    siti = next(r for r in rows if r.get("name") == "Siti Rahma")
    siti["relieved_on"] = "2023-02-01"  # the day she was appointed: a slip put right
    dewi = next(r for r in rows if r.get("name") == "Dewi Lestari")
    dewi.update(post="ketua", appointed_on="2023-02-01")
    if new_chair_first:
        rows.remove(dewi)
        rows.insert(1, dewi)
    app, report = _app(rows)
    assert report.refused == (), [r.message for r in report.refused]
    state = app.group(group_id_of(REF))
    assert state is not None
    chairs = [m for m, posts in state.posts.items() if any(p.role.value == "chair" for p in posts)]
    assert chairs == [member_id_of(REF, "3")]


def test_tidak_aktif_is_not_a_status() -> None:
    """A dormant KIM ("tidak aktif") is not dissolved: the word is refused, naming the words."""
    app, report = _app(_other(status="tidak aktif", status_on="2024-06-01", status_reason="-"))
    kim = next(r for r in report.refused if r.record == "kim")
    assert "unknown word 'tidak aktif'" in kim.message
    assert "dissolved: dissolved, bubar, dibubarkan" in kim.message
    assert app.group(group_id_of(OTHER)) is None


def test_a_chair_appointed_the_kim_confirmed_and_the_chair_relieved_all_on_its_founding_day() -> (
    None
):
    """The day's rows admit one order only: the chair, the decree, then the relief.

    The relief of a post held for a day is tried first among a day's ends; the decree then
    finds no chair, so the day's orders are searched rather than retried greedily (found by
    the round trip's property test).
    """
    rows = [dict(r) for r in KIM_ROWS]
    kim = rows[0]
    kim.update(decree_date=kim["formed_on"], registration_number="", registered_on="")
    siti = next(r for r in rows if r.get("name") == "Siti Rahma")
    siti["relieved_on"] = kim["formed_on"]
    yusuf = next(r for r in rows if r.get("name") == "Yusuf Hadi")
    yusuf["joined_on"] = kim["formed_on"]
    app, report = _app(rows)
    assert report.refused == (), [r.message for r in report.refused]
    state = app.group(group_id_of(REF))
    assert state is not None
    assert state.decree is not None
    assert not any(p.role.value == "chair" for posts in state.posts.values() for p in posts)


def test_a_day_no_order_admits_is_refused_by_the_rule_its_order_breaks() -> None:
    """A decree on the founding day of a KIM with no chair: no order of the day admits it."""
    rows = [dict(r) for r in KIM_ROWS]
    kim = rows[0]
    kim.update(decree_date=kim["formed_on"], registration_number="", registered_on="")
    siti = next(r for r in rows if r.get("name") == "Siti Rahma")
    siti.update(post="", appointed_on="")
    _, report = _app(rows)
    refused = {(r.line, r.rule) for r in report.refused}
    assert (2, "confirm-needs-chair") in refused


def test_the_search_of_a_day_stops_at_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no decision to spend, the one order of the founding day is not found: refused."""
    monkeypatch.setattr(decisions, "SEARCH_BUDGET", 0)
    rows = [dict(r) for r in KIM_ROWS]
    kim = rows[0]
    kim.update(decree_date=kim["formed_on"], registration_number="", registered_on="")
    next(r for r in rows if r.get("name") == "Siti Rahma")["relieved_on"] = kim["formed_on"]
    _, report = _app(rows)
    assert [(r.line, r.rule) for r in report.refused][:1] == [(2, "confirm-needs-chair")]
