"""The office's list of KIMs ("Daftar KIM"): written in the import's layout, it imports back.

Importing an export into an empty store gives the same registry, members (those who left
included), officers' terms, profiles, forum memberships, KIMs' ends and activities; importing
it into the store it came from records nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.cli.app import cli
from kimcore.domain.views import GROUP_FORUMS, GROUPS, MEMBERS
from kimcore.projections import GroupRegistry, MemoryModels, Projector
from kimcore.register import (
    TEMPLATE_ROWS,
    export_register,
    import_register,
    register_table,
    template_table,
)
from kimcore.register.layout import group_id_of
from kimcore.spreadsheets import SheetRow
from kimcore.testing.strategies import KINDS, accepted_commands

# What the register has columns for is drawn: every kind of command but those out of its scope
# (a kind added later is drawn until the register holds it or it is named here). Out of scope: a
# KIM's membership bounds and their changes, competition results, splits, partnerships and what
# an activity says beyond its row (partnership, participants, tags, advocacy kind), forum boards
# and governance, mapping and evaluation, and a member who leaves and joins again (one row per
# person). Sealed personal data that was erased reads as erased: the name "[redacted]" and no
# contact, on both sides.
OUT_OF_SCOPE = {
    # a KIM's bounds, results and splits
    k.commands.ChangeBounds,
    k.RecordCompetitionResult,
    k.commands.SplitGroup,
    # partnerships and what an activity says beyond its row
    k.SignPartnership,
    k.EndPartnership,
    k.commands.HoldPartnershipProgramme,
    k.commands.TakePartInActivity,
    k.commands.PublishInformation,
    # forums: boards, governance, results
    k.InstallForumBoard,
    k.commands.HoldMusyawarah,
    k.commands.ReplaceForumChair,
    k.commands.ConfirmForum,
    k.commands.RecordForumCompetitionResult,
    # the office's mapping and evaluation
    k.commands.MapGroup,
    k.commands.ReportMapping,
    k.commands.CoordinateMapping,
    k.commands.EvaluateGroup,
}
LISTED = tuple(kind for kind in KINDS if kind not in OUT_OF_SCOPE)
LATER = dt.date(2100, 1, 1)
LISTED_TEMPLATE = list(TEMPLATE_ROWS)


def _table(headings: list[str], rows: list[list[str]]) -> tuple[list[str], list[SheetRow]]:
    lines = [
        SheetRow(line=i, cells=dict(zip(headings, row, strict=True)))
        for i, row in enumerate(rows, start=2)
    ]
    return headings, lines


def _models(app: k.Application) -> dict[str, list[Any]]:
    """The register's read models: the registry's rows (texts as a clerk's cell reads them,
    without surrounding spaces) and each KIM's activities as its row gives them."""
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()

    def clean(row: dict[str, Any]) -> dict[str, Any]:
        return {key: val.strip() if isinstance(val, str) else val for key, val in row.items()}

    found: dict[str, list[Any]] = {
        table.name: sorted((clean(r) for r in models.rows(table)), key=repr)
        for table in (GROUPS, MEMBERS, GROUP_FORUMS)
    }
    held = []
    for row in found[GROUPS.name]:
        state = app.group(uuid.UUID(row["group_id"]))
        assert state is not None
        for a in state.book.held.values():
            said = (a.technique, frozenset(a.functions), a.delivery, a.topic.strip(), a.held_on)
            held.append((row["group_id"], a.activity_id, *said, a.place, a.link, a.attendance))
    found["activities"] = sorted(held, key=repr)
    # What the registry does not show but a KIM's rows say: its decree (number, day, authority:
    # its region is the one the authority serves over the seat, so a decree issued before a
    # seat was recoded reads as issued for the new code), registration, ending, and its
    # officers' posts with their terms.
    kims = (app.group(uuid.UUID(row["group_id"])) for row in found[GROUPS.name])
    found["kims"] = sorted(
        [
            (
                (g.group_id, g.stage, _decree(g.decree), g.office, g.registration_number),
                (g.registered_on, g.dissolved_on, g.merged_into, g.ended_on),
                (dict(g.posts), dict(g.terms)),
            )
            for g in kims
            if g is not None
        ],
        key=repr,
    )
    return found


def _decree(decree: k.Decree | None) -> tuple[Any, ...] | None:
    return None if decree is None else (decree.number, decree.issued_on, decree.authority)


def _round_trip(app: k.Application, lang: Literal["en", "id"]) -> k.Application:
    headings, rows = register_table(app, lang)
    copy = k.Application(k.MemoryStore())
    report = import_register(copy, _table(headings, rows), today=LATER)
    assert report.refused == (), [(r.line, r.message) for r in report.refused]
    again = import_register(app, _table(headings, rows), today=LATER)
    assert again.count("recorded") == 0, [r for r in again.rows if r.status == "recorded"]
    return copy


def _template_app() -> k.Application:
    app = k.Application(k.MemoryStore())
    headings, rows = template_table()
    import_register(app, _table(headings, rows), today=LATER)
    return app


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_template_exported_imports_as_it_was(lang: Literal["en", "id"]) -> None:
    app = _template_app()
    copy = _round_trip(app, lang)
    assert _models(copy) == _models(app)
    imported, source = (a.group(group_id_of("KIM-6271-001")) for a in (copy, app))
    assert imported is not None
    assert imported == source


def test_the_list_has_the_templates_headings_in_their_order() -> None:
    app = _template_app()
    for lang in ("en", "id"):
        headings, rows = register_table(app, lang)  # type: ignore[arg-type]
        assert headings == template_table(lang)[0]  # type: ignore[arg-type]
    assert len(rows) == len(LISTED_TEMPLATE)
    by_record = [row[0] for row in register_table(app)[1]]
    assert by_record == [
        "forum", "kim", "member", "member", "member", "member", "forum_member", "activity",
    ]  # fmt: skip


def test_a_member_with_two_posts_is_listed_twice_and_reads_back_once() -> None:
    app = _template_app()
    group_id = group_id_of("KIM-6271-001")
    state = app.group(group_id)
    assert state is not None
    secretary = next(
        m for m, posts in state.posts.items() if any(p.role.value == "secretary" for p in posts)
    )
    section = k.Post(role=k.OfficerRole.SECTION, section="Diseminasi informasi")
    app.handle(
        k.AppointOfficer(
            group_id=group_id, member_id=secretary, post=section, appointed_on=dt.date(2023, 7, 1)
        )
    )
    headings, rows = register_table(app)
    assert sum(1 for row in rows if row[headings.index("member_ref")] == str(secretary)) == 2
    copy = _round_trip(app, "en")
    assert _models(copy) == _models(app)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_file_imports_back(suffix: str) -> None:
    app = _template_app()
    app.handle(
        k.commands.ChangeGroupProfile(
            group_id=group_id_of("KIM-6271-001"),
            profile=k.values.GroupProfile(
                public_phone="+62 536 322 1234", website="sukamaju.kim.id"
            ),
            changed_on=dt.date(2024, 1, 1),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"daftar-kim{suffix}"
        assert export_register(app, path) == len(LISTED_TEMPLATE)
        copy = k.Application(k.MemoryStore())
        report = import_register(copy, path, today=LATER)
    assert report.refused == ()
    assert _models(copy) == _models(app)


def test_an_export_to_another_kind_of_file_is_refused() -> None:
    with pytest.raises(k.errors.InvalidValue) as refused:
        export_register(_template_app(), Path("daftar-kim.ods"))
    assert refused.value.field == "file"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=accepted_commands(max_size=14, kinds=LISTED), lang=st.sampled_from(["en", "id"]))
def test_any_recorded_store_exported_imports_into_an_empty_store_as_it_was(
    commands: list[Any], lang: Literal["en", "id"]
) -> None:
    app = k.Application(k.MemoryStore())
    for command in commands:
        if isinstance(command, k.ForgetSubject):
            app.forget(command)
        else:
            app.handle(command)
    copy = _round_trip(app, lang)
    assert _models(copy) == _models(app)


def test_kimcore_export_daftar_kim_of_the_demo_imports_into_a_new_store(tmp_path: Path) -> None:
    demo, copy, listed = tmp_path / "demo.db", tmp_path / "copy.db", tmp_path / "daftar.xlsx"
    made = CliRunner().invoke(cli, ["demo", "--db", str(demo), "--villages", "1"])
    assert made.exit_code == 0, made.output
    said = CliRunner().invoke(
        cli,
        ["--store", f"sqlite:///{demo}", "--lang", "id", "export", "daftar-kim", "-o", str(listed)],
    )
    assert said.exit_code == 0, said.output
    assert "baris diekspor" in said.output
    done = CliRunner().invoke(cli, ["--store", f"sqlite:///{copy}", "import", str(listed)])
    assert done.exit_code == 0, done.output
    again = CliRunner().invoke(cli, ["--store", f"sqlite:///{demo}", "import", str(listed)])
    assert "recorded 0 rows" in again.output
    with (
        closing(k.open_store(f"sqlite:///{demo}")) as one,
        closing(k.open_store(f"sqlite:///{copy}")) as two,
    ):
        first, second = k.Application(one), k.Application(two)
        assert _models(second) == _models(first)
        assert any(row["street"] for row in _models(second)[GROUPS.name])


def test_kimcore_export_names_a_wrong_file_and_keeps_the_log_export() -> None:
    runner = CliRunner()
    wrong = runner.invoke(cli, ["--store", "memory://", "export", "daftar-kim", "-o", "x.ods"])
    assert wrong.exit_code == 1
    assert "output" in wrong.output
    assert "csv or .xlsx" in wrong.output
    log = runner.invoke(cli, ["--store", "memory://", "export", "--format", "csv"])
    assert log.exit_code == 2
    assert "jsonl" in log.output
