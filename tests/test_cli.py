"""The kimcore command: every subcommand, one-line errors, --debug tracebacks."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kimcore.cli.app import cli
from kimcore.errors import PluginFailed
from kimcore.plugins import hookimpl


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "kim.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(path), "--villages", "1"])
    assert result.exit_code == 0, result.output
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", f"sqlite:///{db}", *args])


def test_demo_builds_a_province_and_summarises_it(tmp_path: Path) -> None:
    db = tmp_path / "kim.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--villages", "1", "--seed", "7"])
    assert result.exit_code == 0, result.output
    for title in ("KIMs by regency", "Forum KIM by level", "Partnerships by type", "Activities"):
        assert title in result.output
    assert "Kota Palangka Raya" in result.output
    with closing(sqlite3.connect(db)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"kimcore_events", "kim_groups", "kim_forums", "kim_activity_report"} <= tables
    again = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert again.exit_code == 1
    assert "exists; pass --replace" in again.output
    stale = Path(f"{db}.leases") / "kim_groups.lock"  # a lock the old file's projection left
    stale.parent.mkdir(exist_ok=True)
    stale.touch()
    assert (
        CliRunner().invoke(cli, ["demo", "--db", str(db), "--replace", "--villages", "1"]).exit_code
        == 0
    )
    assert not stale.exists()


def test_log_filters_by_type_and_stream(demo_db: Path) -> None:
    result = run(demo_db, "log", "--type", "ForumEstablished", "--limit", "100")
    assert result.exit_code == 0, result.output
    assert result.output.count("ForumEstablished") == 16
    assert "GroupFormed" not in result.output
    forum = run(demo_db, "log", "--stream", "forum-", "--limit", "5")
    assert "group-" not in forum.output.split("next page")[0]


def test_log_keeps_personal_data_closed_unless_asked(demo_db: Path) -> None:
    closed = run(demo_db, "log", "--type", "MemberJoined", "--limit", "3")
    assert "[redacted]" not in closed.output  # names are in nested records, not shown inline

    def first_join(*args: str) -> dict[str, Any]:
        lines = (json.loads(line) for line in run(demo_db, "export", *args).stdout.splitlines())
        return next(line for line in lines if line["event_type"] == "MemberJoined")

    assert first_join()["data"]["member"]["name"] == "[redacted]"
    assert first_join("--personal-data")["data"]["member"]["name"] != "[redacted]"


def test_show_a_stream(demo_db: Path) -> None:
    line = run(demo_db, "export").stdout.splitlines()[0]
    stream = json.loads(line)["stream_id"]
    result = run(demo_db, "show", stream)
    assert result.exit_code == 0, result.output
    assert "GroupFormed" in result.output
    assert "ForumEstablished" not in result.output
    missing = run(demo_db, "show", "group-nope")
    assert (missing.exit_code, missing.output.strip()) == (
        1,
        "error: no stream 'group-nope' (see: kimcore log)",
    )


def test_export_to_a_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    result = run(demo_db, "export", "--format", "jsonl", "--output", str(out))
    assert result.exit_code == 0
    lines = out.read_text().splitlines()
    assert f"{len(lines)} events exported as jsonl" in result.output
    assert [json.loads(line)["position"] for line in lines] == list(range(1, len(lines) + 1))


def test_project_rebuild(demo_db: Path) -> None:
    result = run(demo_db, "project", "rebuild", "forum_directory")
    assert result.exit_code == 0, result.output
    assert "forum_directory:" in result.output
    assert "events read in" in result.output
    every = run(demo_db, "project", "rebuild", "--all")
    assert every.exit_code == 0, every.output
    for name in ("group_registry", "forum_directory", "report_facts"):
        assert name in every.output
    bad = run(demo_db, "project", "rebuild", "nope")
    assert bad.exit_code == 2
    assert "no read model 'nope' (known: activity_report" in bad.output
    neither = run(demo_db, "project", "rebuild")
    assert neither.exit_code == 2
    assert "--all" in neither.output


def test_verify_passes_and_reports_problems_by_position(demo_db: Path, tmp_path: Path) -> None:
    ok = run(demo_db, "verify")
    assert ok.exit_code == 0
    assert "every event is in order and decodes" in ok.output
    broken = tmp_path / "broken.db"
    broken.write_bytes(demo_db.read_bytes())
    with closing(sqlite3.connect(broken)) as conn, conn:  # closed, after the commit
        conn.execute("UPDATE kimcore_events SET data = x'7b7d' WHERE position = 5")
        conn.execute("UPDATE kimcore_events SET stream_version = 90 WHERE position = 7")
    result = run(broken, "verify")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("position 5 (")
    assert "cannot decode" in lines[0]
    assert any(
        line.startswith("position 7 (") and "stream version 90, expected 7" in line
        for line in lines
    )
    assert lines[-1] == f"error: {len(lines) - 1} problem(s) found"


def test_plugins_lists_packages_and_what_they_register() -> None:
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0
    assert "kimcore.builtin" in result.output
    assert "sink types: jsonl, nats, webhook" in result.output


def test_errors_are_one_line_unless_debug(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = run(missing, "log")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith("error: StoreError: ")
    scheme = CliRunner().invoke(cli, ["--store", "redis://x", "log"])
    assert scheme.output.strip() == (
        "error: StoreError: 'redis://x': no store for the URL scheme 'redis'"
        " (known: memory, postgres, postgresql, sqlite)"
    )
    debug = CliRunner().invoke(cli, ["--debug", "--store", "redis://x", "log"])
    assert debug.exit_code == 1
    assert debug.exception is not None
    assert type(debug.exception).__name__ == "StoreError"


def test_every_refusal_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list\n" * 200)
    cases = [
        (["--store", f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}", "verify"], 1),
        (["--store", f"sqlite:///{not_a_db}", "verify"], 1),
        (["--store", f"sqlite:///{demo_db}", "log", "--limit", "-1"], 2),
        (["--store", f"sqlite:///{demo_db}", "log", "--after", "-5"], 2),
        (["demo", "--db", str(tmp_path / "d.db"), "--villages", "-2"], 2),
        (["demo", "--db", str(tmp_path / "d.db"), "--groups", "0"], 2),
        (["log", "--no-such-option"], 2),
        (["no-such-command"], 2),
    ]
    for args, code in cases:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == code, (args, result.output)
        assert result.output.count("\n") == 1, (args, result.output)
        assert result.output.startswith("error: "), (args, result.output)
        assert "Traceback" not in result.output


def test_version() -> None:
    import kimcore

    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"kimcore {kimcore.__version__}\n")


def test_log_and_show_speak_json_lines_for_scripts(demo_db: Path) -> None:
    log = run(demo_db, "log", "--json", "--limit", "5", "--type", "GroupFormed")
    assert log.exit_code == 0, log.output
    lines = [json.loads(line) for line in log.stdout.splitlines()]
    assert len(lines) == 5
    assert {line["event_type"] for line in lines} == {"GroupFormed"}
    stream = lines[0]["stream_id"]
    show = run(demo_db, "show", stream, "--json")
    events = [json.loads(line) for line in show.stdout.splitlines()]
    assert [e["stream_version"] for e in events] == list(range(1, len(events) + 1))
    assert events[0] == lines[0]


def test_a_reader_that_leaves_early_stops_the_export_quietly(demo_db: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-c", "from kimcore.cli import main; main()"]
    export = subprocess.Popen(
        [*command, "--store", f"sqlite:///{demo_db}", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout is not None
    export.stdout.readline()
    export.stdout.close()  # what `| head -1` does
    _, errors = export.communicate(timeout=60)
    assert export.returncode != 0
    assert errors == b""


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[object], None]]:
    """Installs a plugin object as the entry point ``h3bad``, for the process's plugins."""
    from kimcore.plugins import get_plugins

    def install(plugin: object) -> None:
        class Point:
            name = "h3bad"
            value = "h3bad:plugin"
            dist = None

            def load(self) -> object:
                return plugin

        monkeypatch.setattr("kimcore.plugins.manager.entry_points", lambda group: [Point()])
        get_plugins.cache_clear()

    yield install
    get_plugins.cache_clear()


def test_a_hook_argument_the_hook_does_not_offer_is_one_line(
    installed: Callable[[object], None],
) -> None:
    class Typo:
        @hookimpl
        def kimcore_read_models(self, catalog: object) -> list[object]:
            return []

    installed(Typo())
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(
        "error: PluginFailed: plugin 'h3bad' is not valid: hook 'kimcore_read_models'"
    )
    assert "{'catalog'}" in result.output


class _Breaking:
    """A read model whose ``apply`` raises at the first event it is given."""

    name = "breaking"
    version = 1
    personal_data = False

    def __init__(self) -> None:
        from kimcore.projections import Column, Table

        self.tables = (
            Table(name="breaking", columns=(Column(name="id", type="text"),), key=("id",)),
        )

    def apply(self, tables: object, recorded: object) -> None:
        raise RuntimeError("no such column: budget")


class _BreakingPlugin:
    @hookimpl
    def kimcore_read_models(self) -> list[object]:
        return [_Breaking()]


def test_a_read_model_that_raises_is_one_line_naming_it_and_its_plugin(
    demo_db: Path, tmp_path: Path, installed: Callable[[object], None]
) -> None:
    db = tmp_path / "kim.db"
    db.write_bytes(demo_db.read_bytes())
    installed(_BreakingPlugin())
    said = (
        "error: PluginFailed: read model 'breaking' of plugin 'h3bad' failed:"
        " RuntimeError: no such column: budget\n"
    )
    result = run(db, "project", "rebuild", "breaking")
    assert (result.exit_code, result.output) == (1, said)
    every = run(db, "project", "rebuild", "--all")
    assert (every.exit_code, every.output) == (1, said)
    debug = run(db, "--debug", "project", "rebuild", "breaking")
    assert debug.exit_code == 1
    assert isinstance(debug.exception, PluginFailed)
    assert isinstance(debug.exception.__cause__, RuntimeError)  # where it was raised, shown
    demo = CliRunner().invoke(cli, ["demo", "--story", "--db", str(tmp_path / "story.db")])
    assert (demo.exit_code, demo.output) == (1, said)


def test_an_import_whose_read_models_fail_to_catch_up_still_says_what_it_recorded(
    tmp_path: Path, installed: Callable[[object], None]
) -> None:
    installed(_BreakingPlugin())
    template = tmp_path / "register.csv"
    assert run(tmp_path / "kim.db", "import", "--template", str(template)).exit_code == 0
    result = run(tmp_path / "kim.db", "import", str(template))
    assert result.exit_code == 0  # every row recorded: the read models catch up later
    assert "recorded 8 rows" in result.stdout
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1
    assert warning[0].startswith("warning: the read models were not caught up (PluginFailed:")


def test_kimcores_own_read_model_that_raises_says_so_in_one_line(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimcore.plugins import get_plugins

    db = tmp_path / "kim.db"
    db.write_bytes(demo_db.read_bytes())
    facts = next(m for m in get_plugins().read_models() if m.name == "report_facts")

    def broken(self: object, tables: object, recorded: object) -> None:
        raise KeyError("technique")

    monkeypatch.setattr(type(facts), "apply", broken)
    result = run(db, "project", "rebuild", "report_facts")
    assert result.exit_code == 1
    assert result.output == (
        "error: ProjectionError: read model 'report_facts' (kimcore's own) failed:"
        " KeyError: 'technique' (a bug: --debug shows where)\n"
    )


class _Everywhere:
    """Registers what kimcore's built-in plugin does not: a region catalogue and a route."""

    @hookimpl
    def kimcore_region_catalogues(self) -> list[object]:
        import kimcore as k

        return [
            k.domain.RegionCatalogue(name="Palangka Raya", covers=frozenset({"62.71"}), regions={})
        ]

    @hookimpl
    def kimcore_routes(self) -> list[object]:
        from starlette.routing import Route

        return [Route("/api/h3bad/boom", lambda request: None)]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_plugins_lists_everything_each_plugin_registers_under_every_hook(
    installed: Callable[[object], None], lang: str
) -> None:
    from kimcore.cli.operate import _HOOK_ID, hook_names
    from kimcore.plugins import hookspecs

    installed(_Everywhere())
    result = CliRunner().invoke(cli, ["--lang", lang, "plugins"])
    assert result.exit_code == 0, result.output
    shown = " ".join(re.sub("[│┃]", " ", result.output).split())  # the table's lines, joined
    # every hook the specs declare, a new one too, is shown with what is registered under it
    assert set(hook_names()) == {n for n in dir(hookspecs) if n.startswith("kimcore_")}
    for hook in hook_names():
        label = _HOOK_ID[hook] if lang == "id" else hook.removeprefix("kimcore_")
        assert f"{label.replace('_', ' ')}: " in shown, hook
    if lang == "en":
        assert "region catalogues: Palangka Raya" in shown
        assert "routes: /api/h3bad/boom" in shown
        assert "deciders: forum, government_body, group" in shown
        assert "read models: activity_report, forum_directory," in shown


def test_plugins_without_the_web_extra_says_routes_need_it(
    installed: Callable[[object], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *a: None if name == "starlette" else found(name, *a),
    )
    installed(_Everywhere())
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "routes: (needs kimcore[web])" in " ".join(re.sub("[│┃]", " ", result.output).split())
