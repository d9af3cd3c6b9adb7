"""Reports: counted right, as of any moment equal to the log up to it, and written to files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import D, activity, form, member, recorded_daily
from tests.services import require_program

import kimcore as k
from kimcore.cli.app import cli as main
from kimcore.domain.views.reports import LEVELS, REPORTS, region_at
from kimcore.reporting import build_report, parse_as_of, write_csv, write_json, write_xlsx
from kimcore.testing.strategies import accepted_commands

T0 = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)


def _prefix(store: k.MemoryStore, keep: object) -> k.MemoryStore:
    """A new store holding only the events *keep* admits, in their order."""
    copy = k.MemoryStore()
    for s in store.read_all(0, 100_000):
        if keep(s):  # type: ignore[operator]
            copy.append(s.stream_id, [s.to_new()], k.stores.ANY_VERSION)
    return copy


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=accepted_commands(max_size=14),
    cut=st.integers(0, 16),
    level=st.sampled_from(list(LEVELS)),
    name=st.sampled_from(sorted(REPORTS)),
)
def test_a_report_as_of_a_moment_is_the_report_of_the_log_up_to_it(
    commands: list[k.Command], cut: int, level: str, name: str
) -> None:
    store = recorded_daily(commands, T0)
    day = (T0 + dt.timedelta(days=cut)).date()
    by_date = build_report(store, name, level=level, as_of=day)
    up_to_day = _prefix(store, lambda s: s.recorded_at.date() <= day)
    assert by_date.rows == build_report(up_to_day, name, level=level).rows
    log = store.read_all(0, 100_000)
    position = log[min(cut, len(log) - 1)].position
    by_position = build_report(store, name, level=level, as_of=position)
    up_to_position = _prefix(store, lambda s: s.position <= position)
    assert by_position.rows == build_report(up_to_position, name, level=level).rows
    assert by_position.events_read == len(up_to_position.read_all(0, 100_000))


def _small_history() -> k.MemoryStore:
    founders = (
        attrs.evolve(member(1), gender=k.values.Gender.WOMAN),
        attrs.evolve(member(2), gender=k.values.Gender.MAN),
        member(3),
    )
    store = recorded_daily(
        [
            form(founders=founders, formed_on=D(2024, 1, 2)),
            k.JoinGroup(
                group_id=form().group_id,
                member=attrs.evolve(member(4), gender=k.values.Gender.WOMAN),
                joined_on=D(2024, 1, 3),
            ),
            activity(held_on=D(2024, 2, 10)),
        ],
        T0,
    )
    return store


def test_the_counts_are_what_happened() -> None:
    store = _small_history()
    (row,) = build_report(store, "kims", level="district").rows
    assert row["region_code"] == "62.71.01"
    assert (row["kims"], row["formed"], row["members"], row["men"], row["women"]) == (1, 1, 4, 1, 2)
    assert (row["urban"], row["rural"], row["ended"]) == (1, 0, 0)
    members = build_report(store, "members", level="village").rows
    assert {(r["gender"], r["members"]) for r in members} == {
        ("man", 1),
        ("woman", 2),
        ("unknown", 1),
    }
    (held,) = build_report(store, "activities", level="province").rows
    assert (held["region_code"], held["month"], held["activities"]) == ("62", "2024-02", 1)
    # Before the activity was recorded (the third day), there was none.
    assert build_report(store, "activities", as_of=D(2024, 1, 2)).rows == []
    assert build_report(store, "kims", as_of=D(2023, 12, 31)).rows == []


def test_regions_are_cut_at_each_level() -> None:
    code = "62.71.01.1002"
    assert [region_at(code, level) for level in LEVELS] == ["62", "62.71", "62.71.01", code]
    assert region_at("unknown", "district") == "unknown"
    with pytest.raises(k.errors.InvalidValue, match="level"):
        region_at(code, "hamlet")


@pytest.mark.parametrize(
    ("text", "expected"), [(None, None), ("", None), ("42", 42), ("2024-12-31", D(2024, 12, 31))]
)
def test_as_of_reads_a_date_or_a_position(text: str | None, expected: object) -> None:
    assert parse_as_of(text) == expected


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "-3"])
def test_a_bad_as_of_is_refused_by_name(bad: str) -> None:
    with pytest.raises(k.errors.InvalidValue, match="as_of"):
        parse_as_of(bad)


def test_files_carry_the_columns_in_either_language() -> None:
    table = build_report(_small_history(), "kims")
    text = io.StringIO()
    write_csv(table, text, lang="id")
    rows = list(csv.reader(io.StringIO(text.getvalue())))
    assert rows[0] == [c.heading_id for c in REPORTS["kims"].columns]
    assert rows[1][:3] == ["62.71", "", "1"]  # no catalogue names Palangka Raya here
    document = io.StringIO()
    write_json(table, document)
    parsed = json.loads(document.getvalue())
    assert parsed["report"] == "kims"
    assert [c["name"] for c in parsed["columns"]] == [c.name for c in table.report.columns]
    assert parsed["rows"] == table.rows
    with pytest.raises(k.errors.InvalidValue, match="lang"):
        table.headings("fr")


def test_the_command_writes_a_report_and_refuses_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "kim.db"
    store = k.open_store(f"sqlite:///{db}")
    app = k.Application(store)
    app.handle(form())
    store.close()
    runner = CliRunner()
    url = f"sqlite:///{db}"
    done = runner.invoke(main, ["--store", url, "report", "kims", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["rows"][0]["kims"] == 1
    target = tmp_path / "kims.csv"
    done = runner.invoke(
        main, ["--store", url, "report", "members", "--lang", "id", "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    assert target.read_text(encoding="utf-8").startswith(
        "Kode wilayah,Nama wilayah,Unsur,Jenis kelamin"
    )
    refused = runner.invoke(main, ["--store", url, "report", "kims", "--as-of", "soon"])
    assert refused.exit_code == 1
    assert refused.output.strip().count("\n") == 0
    assert "as_of" in refused.output
    assert "Traceback" not in refused.output


def test_every_report_column_is_documented() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "reports.md").read_text()
    for report in REPORTS.values():
        section = page.split(f"### `{report.name}`", 1)
        assert len(section) == 2, f"docs/reports.md has no section for {report.name}"
        body = section[1].split("\n### ", 1)[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.MULTILINE)
        assert documented == [c.name for c in report.columns], report.name


def test_an_xlsx_report_reads_back_in_libreoffice(tmp_path: Path) -> None:
    """LibreOffice, run headless, turns the workbook into CSV: the same headings and counts."""
    import subprocess

    soffice = require_program("soffice", "libreoffice-calc-nogui")
    table = build_report(_small_history(), "kims", level="district")
    workbook = tmp_path / "kims.xlsx"
    write_xlsx(table, workbook, lang="id")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "out"),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "out" / "kims.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == table.headings("id")
    names = [c.name for c in table.report.columns]
    assert rows[1:] == [[str(row[n]) for n in names] for row in table.rows]


def test_the_command_writes_xlsx_to_a_file(tmp_path: Path) -> None:
    from kimcore.spreadsheets import read_table

    db = tmp_path / "kim.db"
    store = k.open_store(f"sqlite:///{db}")
    k.Application(store).handle(form())
    store.close()
    target = tmp_path / "kims.xlsx"
    done = CliRunner().invoke(
        main,
        ["--store", f"sqlite:///{db}", "report", "kims", "--format", "xlsx", "-o", str(target)],
    )
    assert done.exit_code == 0, done.output
    headings, rows = read_table(target)
    assert headings == [c.name for c in REPORTS["kims"].columns]
    assert rows[0].cells["kims"] == "1"


ENGLISH_CELLS = frozenset(
    [
        "adult",
        "youth",
        "pupil",
        "trader",
        "farmer",
        "fisher",
        "other",
        "man",
        "woman",
        "unknown",
        "in_person",
        "online",
        "hybrid",
        "government",
        "private",
        "academic",
        "media",
        "community",
        "analog",
        "regulation",
        "experience",
        "dissemination",
        "education",
        "advocacy",
        "mediation",
        "consultation",
        "workshop",
        "training",
        "meeting",
        "website",
    ]
)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_report_in_indonesian_has_no_english_heading_nor_cell(name: str) -> None:
    table = build_report(_small_history(), name, level="village", names={"62.71": "Palangka Raya"})
    text = io.StringIO()
    write_csv(table, text, lang="id")
    rows = list(csv.reader(io.StringIO(text.getvalue())))
    assert not {c.name for c in REPORTS[name].columns} & set(rows[0]) - {"Analog", "Digital"}
    assert not any("access" in h or "discuss" in h for h in rows[0])
    cells = {cell for row in rows[1:] for cell in row}
    assert not cells & ENGLISH_CELLS, cells & ENGLISH_CELLS


def test_rows_name_their_region_beside_its_code() -> None:
    store = _small_history()
    (row,) = build_report(store, "kims", level="province").rows
    assert (row["region_code"], row["region_name"]) == ("62", "Kalimantan Tengah")
    (row,) = build_report(store, "kims", names={"62.71": "Kota Palangka Raya"}).rows
    assert row["region_name"] == "Kota Palangka Raya"
    members = build_report(store, "members", level="village").rows
    text = io.StringIO()
    write_csv(build_report(store, "members", level="village"), text, lang="id")
    assert "Orang tua (dewasa)" in text.getvalue() or "Remaja" in text.getvalue()
    assert "Tidak diketahui" in text.getvalue()
    assert {r["gender"] for r in members} == {"man", "woman", "unknown"}  # codes in the rows
