"""The office's mapping report (Permenkominfo 4/2024 art. 24): a row a KIM, in a file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import attrs
from tests.builders import GROUP_ID, MAPPING, OFFICE, D, form, registering, uid

import kimcore as k
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.projections import OnePassProjector, SqliteModels
from kimcore.reporting import build_report, tally_report, write_csv, write_json, write_xlsx

T0 = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)
PROFILE = attrs.evolve(
    MAPPING,
    community_types=frozenset(k.values.CommunityType),
    media=("WhatsApp",),
    priority=k.values.Rating.LOW,
)


def _store() -> k.MemoryStore:
    """A KIM registered, mapped on 1 Sep, reported for 2024, mapped again: a day apart each."""
    now = [T0]
    app = k.Application(k.MemoryStore(), clock=lambda: now[0])
    mapped = k.commands.MapGroup(
        office=OFFICE, group_id=GROUP_ID, profile=PROFILE, mapped_on=D(2024, 9, 1)
    )
    for command in (
        *registering(3),
        mapped,
        k.commands.ReportMapping(
            office=OFFICE,
            report_id=uid("report-2024"),
            year=2024,
            groups=(GROUP_ID,),
            reported_on=D(2024, 12, 1),
        ),
        attrs.evolve(
            mapped,
            profile=attrs.evolve(PROFILE, priority=k.values.Rating.HIGH, public_issues=()),
            mapped_on=D(2025, 1, 5),
        ),
    ):
        now[0] += dt.timedelta(days=1)
        app.handle(command)
    return app.store


def test_a_row_a_kim_with_what_art_24_maps() -> None:
    (row,) = build_report(_store(), "mapping", level="village", as_of=dt.date(2024, 1, 6)).rows
    assert row["region_code"] == "62.71.01.1002"
    assert (row["office_region"], row["group_id"]) == ("62.71", str(GROUP_ID))
    assert row["community_types"] == "empowerment; information"
    assert row["public_issues"] == "stunting; air bersih"
    assert (row["strength"], row["influence"], row["priority"]) == ("high", "medium", "low")
    assert (row["mapped_on"], row["reported_year"]) == ("2024-09-01", None)
    assert row["kim_name"] == form().name


def test_a_later_mapping_supersedes_and_the_report_s_year_stays() -> None:
    store = _store()
    (reported,) = build_report(store, "mapping", as_of=dt.date(2024, 1, 7)).rows
    assert reported["reported_year"] == "2024"
    (now,) = build_report(store, "mapping").rows
    assert (now["priority"], now["public_issues"], now["reported_year"]) == ("high", "", "2024")
    assert now["region_code"] == "62.71"  # the KIM's seat at the default level
    assert build_report(store, "mapping", as_of=dt.date(2024, 1, 5)).rows == []


def test_counted_from_the_facts_it_is_the_same_report() -> None:
    store = _store()
    models = SqliteModels(":memory:")
    OnePassProjector(store, [ReportFacts()], models).run()
    for position in range(store.head_position() + 1):
        counted = tally_report(models, "mapping", level="district", as_of=position)
        assert counted.rows == build_report(store, "mapping", level="district", as_of=position).rows
    models.close()


def test_in_indonesian_as_an_office_writes_it(tmp_path: Path) -> None:
    table = build_report(_store(), "mapping", as_of=dt.date(2024, 1, 7))
    text = io.StringIO()
    write_csv(table, text, lang="id")
    headings, line = list(csv.reader(io.StringIO(text.getvalue())))
    assert headings[-5:] == [
        "Kekuatan",
        "Pengaruh",
        "Prioritas",
        "Tanggal pemetaan",
        "Tahun laporan",
    ]
    assert "Isu publik" in headings
    said = dict(zip(headings, line, strict=True))
    assert (said["Kekuatan"], said["Pengaruh"], said["Prioritas"]) == ("Tinggi", "Sedang", "Rendah")
    assert said["Jenis KIM"].count("; ") == 1
    assert "pemberdayaan" in said["Jenis KIM"]
    document = io.StringIO()
    write_json(table, document, lang="id")
    assert json.loads(document.getvalue())["rows"][0]["strength"] == "Tinggi"
    workbook = tmp_path / "pemetaan.xlsx"
    write_xlsx(table, workbook, lang="id")
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Pemetaan KIM"]  # a listing counts nothing: no chart
    assert [c.value for c in book["Pemetaan KIM"][1]] == headings
