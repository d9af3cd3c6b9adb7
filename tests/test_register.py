"""Importing an office's register: rows recorded whole or refused, never twice, as a dry run too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.cli.app import cli as main
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register, template_table
from kimcore.register.layout import group_id_of, member_id_of
from kimcore.spreadsheets import SheetRow

NAMES = [c.name for c in COLUMNS]


def _table(rows: list[dict[str, str]]) -> tuple[list[str], list[SheetRow]]:
    return NAMES, [SheetRow(line=i, cells=dict(row)) for i, row in enumerate(rows, start=2)]


def _shape(store: k.MemoryStore) -> list[tuple[str, str]]:
    """What a store holds, without the ids and times each import makes afresh."""
    return [(s.stream_id, s.event_type) for s in store.read_all(0, 100_000)]


def test_the_template_imports_whole_and_a_second_time_records_nothing() -> None:
    app = k.Application(k.MemoryStore())
    first = import_register(app, _table([dict(r) for r in TEMPLATE_ROWS]))
    assert [row.status for row in first.rows] == ["recorded"] * len(TEMPLATE_ROWS)
    group = app.group(group_id_of("KIM-6271-001"))
    assert group is not None
    assert group.stage.value == "registered"
    assert set(group.members) == {member_id_of("KIM-6271-001", n) for n in "1234"}
    assert group.chair == member_id_of("KIM-6271-001", "1")
    held = _shape(app.store)
    again = import_register(app, _table([dict(r) for r in TEMPLATE_ROWS]))
    assert [row.status for row in again.rows] == ["unchanged"] * len(TEMPLATE_ROWS)
    assert _shape(app.store) == held


def test_a_dry_run_says_what_a_real_run_does_and_writes_nothing() -> None:
    rows = [dict(r) for r in TEMPLATE_ROWS]
    rows[5]["post"] = "chair"  # a second chair, joined later: refused alone
    dry = k.Application(k.MemoryStore())
    said = import_register(dry, _table(rows), dry_run=True)
    assert dry.store.read_all(0, 10) == []
    done = import_register(k.Application(k.MemoryStore()), _table(rows))
    assert [(r.status, r.events, r.rule) for r in said.rows] == [
        (r.status, r.events, r.rule) for r in done.rows
    ]
    assert said.count("refused") == 1


# Cells to spoil: an empty one where one is needed, or one no rule admits.
_SPOILS = st.sampled_from(["", "?", "2023-13-45", "chair", "ketua", "1", "2022-01-01"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spoiled=st.lists(
        st.tuples(st.integers(0, len(TEMPLATE_ROWS) - 1), st.sampled_from(NAMES), _SPOILS),
        max_size=4,
    )
)
def test_a_refused_row_records_nothing(spoiled: list[tuple[int, str, str]]) -> None:
    """Whatever is spoiled, the store holds what the rows not refused record on their own."""
    rows = [dict(r) for r in TEMPLATE_ROWS]
    for index, column, value in spoiled:
        rows[index][column] = value
    app = k.Application(k.MemoryStore())
    report = import_register(app, _table(rows))
    assert len(report.rows) == len(rows)
    for row in report.refused:
        assert row.rule
        assert row.message
        assert row.message_id
        assert row.message_id.startswith(f"[{row.rule}] ")
    kept = [rows[r.line - 2] for r in report.rows if r.status != "refused"]
    alone = k.Application(k.MemoryStore())
    again = import_register(alone, _table(kept))
    assert again.refused == ()
    assert _shape(alone.store) == _shape(app.store)
    assert import_register(app, _table(rows)).count("recorded") == 0


def test_indonesian_headings_and_words_read_as_the_english_ones() -> None:
    headings, rows = template_table("id")
    words = {"member": "anggota", "forum_member": "anggota_forum", "woman": "Perempuan"}
    spoken = [[words.get(cell, cell) for cell in row] for row in rows]
    sheet = [
        SheetRow(line=i, cells=dict(zip(headings, row, strict=True)))
        for i, row in enumerate(spoken, start=2)
    ]
    app = k.Application(k.MemoryStore())
    report = import_register(app, (headings, sheet))
    assert report.refused == ()
    group = app.group(group_id_of("KIM-6271-001"))
    assert group is not None
    chair = group.members[member_id_of("KIM-6271-001", "1")]
    assert chair.gender is k.values.Gender.WOMAN


def test_a_refused_kim_refuses_its_members_and_a_stranger_is_named() -> None:
    rows = [dict(r) for r in TEMPLATE_ROWS]
    rows[1]["region_code"] = "62.71"  # a regency, not a village
    rows.append(
        {
            "record": "member",
            "kim_ref": "NOWHERE",
            "member_ref": "1",
            "name": "A",
            "category": "youth",
        }
    )
    report = import_register(k.Application(k.MemoryStore()), _table(rows))
    by_line = {r.line: r for r in report.rows}
    assert by_line[3].status == "refused"
    assert "seat.region" in (by_line[3].message or "")
    assert all("line 3" in (by_line[n].message or "") for n in (4, 5, 6, 7))
    assert "NOWHERE" in (by_line[len(rows) + 1].message or "")


def test_a_file_that_cannot_be_read_is_refused_whole(tmp_path: Path) -> None:
    app = k.Application(k.MemoryStore())
    with pytest.raises(k.errors.InvalidValue, match="unknown column"):
        import_register(app, (["record", "nama_kim"], []))
    with pytest.raises(k.errors.InvalidValue, match="record"):
        import_register(app, (["name"], []))
    (tmp_path / "r.ods").write_text("")
    with pytest.raises(k.errors.InvalidValue, match=r"\.csv or \.xlsx"):
        import_register(app, tmp_path / "r.ods")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_command_imports_a_template_and_reports_refusals_in_one_line_each(
    tmp_path: Path, suffix: str
) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    template = tmp_path / f"register.{suffix}"
    done = runner.invoke(main, ["--store", url, "import", "--template", str(template)])
    assert done.exit_code == 0, done.output
    dry = runner.invoke(main, ["--store", url, "import", str(template), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would record 8 rows" in dry.stdout
    done = runner.invoke(main, ["--store", url, "import", str(template), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["recorded"] == 8
    villages = runner.invoke(main, ["--store", url, "report", "kims", "--level", "village"])
    assert "62.71.01.1002,Langkai," in villages.stdout  # the import caught the read models up
    again = runner.invoke(main, ["--store", url, "import", str(template)])
    assert "0 rows (0 events), 8 unchanged" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("record,kim_ref,name\nkim,X,\nmember,X,Budi\n", encoding="utf-8")
    refused = runner.invoke(main, ["--store", url, "import", str(bad)])
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["line 2", "line 3"]
    assert "is required" in lines[0]
    said = runner.invoke(main, ["--store", url, "--lang", "id", "import", str(bad)])
    lines = said.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["baris 2", "baris 3"]
    assert lines[0] == (
        "baris 2: [invalid-value] Isian tidak sah: kolom tanggal_dibentuk wajib diisi"
    )
    assert "mencatat 0 baris" in said.stdout
    unreadable = runner.invoke(main, ["--store", url, "import", str(tmp_path / "none.csv")])
    assert unreadable.exit_code == 1
    assert unreadable.output.count("\n") == 1
    assert "Traceback" not in unreadable.output


def test_every_register_column_is_documented() -> None:
    import re

    page = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text()
    section = page.split("### Columns", 1)[1].split("### Words", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert documented == [(c.name, c.heading_id) for c in COLUMNS]


def test_an_office_workbook_reads_with_its_dates_numbers_and_blank_lines(tmp_path: Path) -> None:
    """Cells as an office's spreadsheet holds them: date cells, numbers, a blank line, a BOM."""
    import datetime as dt

    import openpyxl

    from kimcore.spreadsheets import read_table

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Jenis_Baris", "No_Register_KIM", "Tanggal_Dibentuk", "No_Anggota"])
    sheet.append(["kim", 6271001, dt.datetime(2023, 2, 1), None])
    sheet.append([None, None, None, None])
    sheet.append(["anggota", 6271001, None, 1.0])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    headings, rows = read_table(path)
    assert headings == ["Jenis_Baris", "No_Register_KIM", "Tanggal_Dibentuk", "No_Anggota"]
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].cells["Tanggal_Dibentuk"] == "2023-02-01"
    assert rows[0].cells["No_Register_KIM"] == "6271001"
    assert rows[1].cells["No_Anggota"] == "1"
    text = tmp_path / "register.csv"
    text.write_bytes("\ufeffrecord,kim_ref\nkim,A\n".encode())
    assert read_table(text)[0] == ["record", "kim_ref"]
    twice = tmp_path / "twice.csv"
    twice.write_text("record,record\n", encoding="utf-8")
    with pytest.raises(k.errors.InvalidValue, match="twice"):
        read_table(twice)


def test_an_attendance_no_reader_keeps_is_refused_on_its_row_and_the_rest_recorded(
    tmp_path: Path,
) -> None:
    headings = "jenis_baris,no_register_kim,nama,kode_wilayah,nama_wilayah,jenis_desa,wilayah"
    headings += ",tanggal_dibentuk,no_anggota,unsur,no_kegiatan,teknik,topik,tanggal_kegiatan"
    headings += ",tempat,jumlah_peserta"
    lines = [headings, "kim,A,KIM A,62.03.01.2001,Desa X,Desa,Perdesaan,01/02/2024" + "," * 8]
    lines += [f"anggota,A,{n},,,,,,{i},Petani,,,,,," for i, n in enumerate("ABC", 1)]
    for number, attendance in (
        (1, "123456789012345678901234"),
        (2, "12.345.678.901.234.567"),
        (3, "45"),
    ):
        lines.append(
            f"kegiatan,A,,,,,,,,,{number},Diskusi,Hoaks,0{number}/03/2024,Balai,{attendance}"
        )
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = k.Application(k.MemoryStore())
    report = import_register(app, path)
    assert [(r.line, r.rule) for r in report.refused] == [
        (6, "invalid-value"),
        (7, "invalid-value"),
    ]
    assert all("must be at most 9007199254740991" in str(r.message) for r in report.refused)
    held = [e for e in app.store.read_all() if e.event_type == "ActivityHeld"]
    assert len(held) == 1  # the 45, and the KIM with its members: nothing half-written
