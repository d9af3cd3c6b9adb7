"""Tables kimcore writes run nothing in a spreadsheet; tables it reads are bounded and typed."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import form, member, seat

import kimcore as k
from kimcore.cli.app import cli as main
from kimcore.domain.views.reports import REPORTS
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register
from kimcore.register.layout import group_id_of
from kimcore.reporting import SHEETS_ID, build_report, write_csv, write_xlsx
from kimcore.spreadsheets import (
    DANGEROUS,
    Limits,
    TooLarge,
    neutralised,
    read_table,
    restored,
    sheet_name,
    write_csv_rows,
)
from kimcore.spreadsheets import write_xlsx as write_sheet

openpyxl = pytest.importorskip("openpyxl", reason="needs the xlsx extra: pip install -e .[xlsx]")

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1"]


@given(st.text())
def test_text_written_safe_reads_back_as_it_was(text: str) -> None:
    written = neutralised(text)
    assert isinstance(written, str)
    assert not written.startswith(DANGEROUS)
    if not text.startswith("'"):
        assert restored(written) == text


@pytest.mark.parametrize("number", [-5, -0.5, 0, 12])
def test_a_number_stays_a_number(number: float) -> None:
    assert neutralised(number) == number


def test_every_formula_cell_of_a_csv_gets_an_apostrophe() -> None:
    out = io.StringIO()
    write_csv_rows(out, ["name", "=heading"], [[f, -5] for f in FORMULAS])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["name", "'=heading"]
    assert [r[0] for r in rows[1:]] == [f"'{f}" for f in FORMULAS]
    assert {r[1] for r in rows[1:]} == {"-5"}  # a number, written as one


def test_an_xlsx_holds_values_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_sheet(path, "t", ["name", "count"], [[f, -5] for f in [*FORMULAS, "a\x01b"]])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert {c.data_type for c in cells} == {"s", "n"}
    # XML reads a carriage return back as a line feed.
    assert [c.value for c in cells[::2]][: len(FORMULAS)] == [
        f.replace("\r", "\n") for f in FORMULAS
    ]
    assert cells[-2].value == "a\ufffdb"  # no XML can carry \x01


@given(st.text())
def test_a_sheet_name_is_one_a_spreadsheet_takes(title: str) -> None:
    name = sheet_name(title)
    assert 0 < len(name) <= 31
    assert not set(name) & set(":\\/?*[]")


def test_a_report_sheet_is_named_after_the_report(tmp_path: Path) -> None:
    store = k.MemoryStore()
    k.Application(store).handle(form())
    for name in REPORTS:
        path = tmp_path / f"{name}.xlsx"
        write_xlsx(build_report(store, name), path)
        assert openpyxl.load_workbook(path).sheetnames[0] == name  # then its chart, if any
        write_xlsx(build_report(store, name), path, lang="id")
        assert openpyxl.load_workbook(path).sheetnames[0] == SHEETS_ID[name]


def _formula_kims() -> k.MemoryStore:
    store = k.MemoryStore()
    app = k.Application(store)
    for n, name in enumerate(FORMULAS[:4]):
        region = k.Region(code=f"62.71.0{n + 1}.100{n + 1}", name=f"{name} desa")
        app.handle(
            form(
                group_id=uuid.uuid4(),
                name=f"{name} {n}",
                seat=seat(region),
                founders=tuple(member(10 * n + i) for i in range(3)),
            )
        )
    return store


def test_a_report_csv_is_safe() -> None:
    store = _formula_kims()
    for name in REPORTS:
        out = io.StringIO()
        write_csv(build_report(store, name, level="village"), out)
        for row in csv.reader(io.StringIO(out.getvalue())):
            assert not any(cell.startswith(DANGEROUS) for cell in row), row


def _register(tmp_path: Path, suffix: str, name: str) -> Path:
    """The template's rows, its KIM renamed *name*, written as kimcore writes tables."""
    headings = [c.name for c in COLUMNS]
    rows = [
        [{**r, "name": name}.get(h, "") if r["record"] == "kim" else r.get(h, "") for h in headings]
        for r in TEMPLATE_ROWS
    ]
    path = tmp_path / f"register{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            write_csv_rows(f, headings, rows)
    else:
        write_sheet(path, "Register KIM", headings, rows)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "@KIM", "-KIM Maju", "+62 KIM"])
def test_an_import_reads_back_the_name_that_was_written(
    tmp_path: Path, suffix: str, name: str
) -> None:
    app = k.Application(k.MemoryStore())
    report = import_register(app, _register(tmp_path, suffix, name))
    assert report.count("refused") == 0, report.as_dict()
    group = app.group(group_id_of("KIM-6271-001"))
    assert group is not None
    assert group.name == name


def _bomb(path: Path, inflated: int, sheets: int = 1) -> Path:
    """A workbook-shaped zip whose sheet inflates to *inflated* bytes of one repeated byte."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, sheets + 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as member:
                chunk = b"0" * (1024 * 1024)
                for _ in range(inflated // len(chunk)):
                    member.write(chunk)
    return path


@pytest.mark.parametrize(
    ("limits", "sheets", "field"),
    [
        (Limits(max_inflated=4 * 1024 * 1024), 1, "inflated"),
        (Limits(max_ratio=50), 1, "ratio"),
        (Limits(max_sheets=2), 3, "sheets"),  # each sheet too small to trip the ratio
        (Limits(max_bytes=1000), 1, "bytes"),
    ],
)
def test_a_workbook_past_a_bound_is_refused_before_it_is_opened(
    tmp_path: Path, limits: Limits, sheets: int, field: str
) -> None:
    bomb = _bomb(tmp_path / "bomb.xlsx", 5 * 1024 * 1024 if sheets == 1 else 0, sheets)
    with pytest.raises(TooLarge) as caught:
        read_table(bomb, limits)
    assert caught.value.field == field
    assert "KIMCORE_IMPORT_MAX_" in str(caught.value)


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        (Limits(max_rows=10), "rows"),
        (Limits(max_cells=20), "cells"),
        (Limits(max_columns=1), "columns"),
        (Limits(max_seconds=1e-9), "seconds"),
    ],
)
def test_a_csv_past_a_bound_is_refused(tmp_path: Path, limits: Limits, field: str) -> None:
    path = tmp_path / "many.csv"
    path.write_text("record,kim_ref\n" + "kim,x\n" * 100, encoding="utf-8")
    with pytest.raises(TooLarge) as caught:
        read_table(path, limits)
    assert caught.value.field == field


def test_rows_past_the_time_allowed_are_refused_and_a_second_import_records_them(
    tmp_path: Path,
) -> None:
    path = _register(tmp_path, ".csv", "KIM Maju")
    app = k.Application(k.MemoryStore())
    late = import_register(app, read_table(path), limits=Limits(max_seconds=1e-9))
    assert {r.rule for r in late.rows} == {"too-large"}
    assert app.store.head_position() == 0
    again = import_register(app, read_table(path))
    assert again.count("recorded") == len(TEMPLATE_ROWS)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("r.xlsx", b"record,kim_ref\nkim,x\n", "no zip"),
        ("r.csv", None, "zip file"),
        ("r.csv", "record,nama\nkim,Kéren\n".encode("latin-1"), "not UTF-8"),
        ("r.xlsx", b"PK\x03\x04 broken", "no zip"),
    ],
)
def test_an_unreadable_file_is_one_line_and_exit_1(
    tmp_path: Path, name: str, content: bytes | None, says: str
) -> None:
    path = tmp_path / name
    if content is None:
        _bomb(path, 1024 * 1024)
    else:
        path.write_bytes(content)
    with pytest.raises(k.errors.InvalidValue, match=says):
        read_table(path)
    done = CliRunner().invoke(
        main, ["--store", f"sqlite:///{tmp_path / 'k.db'}", "import", str(path)]
    )
    assert done.exit_code == 1
    assert len(done.output.strip().splitlines()) == 1, done.output
    assert says in done.output
    assert "Traceback" not in done.output


def _lying(path: Path, real: int, declared: int) -> Path:
    """A real workbook whose sheet inflates to *real* bytes while its zip declares *declared*."""
    write_sheet(path, "t", ["record"], [["kim"]])
    with zipfile.ZipFile(path) as archive:
        members = {m.filename: archive.read(m) for m in archive.infolist()}
    row = b'<row><c t="inlineStr"><is><t>kim</t></is></c></row>'
    sheet = b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
    members["xl/worksheets/sheet1.xml"] = sheet + b"<sheetData>" + row * (real // len(row))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo("xl/worksheets/sheet1.xml").header_offset + 22
    # The uncompressed size: 22 bytes into the member's local header, 24 into its entry in
    # the central directory (whose name begins 46 bytes in).
    entry = data.index(b"xl/worksheets/sheet1.xml", data.index(b"PK\x01\x02")) - 46
    size = len(members["xl/worksheets/sheet1.xml"]).to_bytes(4, "little")
    for at in (local, entry + 24):
        assert data[at : at + 4] == size
        data[at : at + 4] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_a_zip_that_lies_about_its_sizes_is_read_no_further_than_it_says(tmp_path: Path) -> None:
    """zipfile stops a member at its declared size: the measured bound holds."""
    path = _lying(tmp_path / "lying.xlsx", 20 * 1024 * 1024, 4096)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 4096
    with pytest.raises(k.errors.InvalidValue) as caught:
        read_table(path, Limits(max_inflated=1024 * 1024))
    assert caught.value.field == "file"
