"""The ``kimcore`` command: see the event store and operate it without writing code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

import kimcore as k
from kimcore import _json
from kimcore.adapters.errors import StoreError
from kimcore.adapters.export import record_line
from kimcore.adapters.kek import new_kek_text
from kimcore.adapters.url import sqlite_path
from kimcore.cli.dataset import REGENCIES, DatasetSize, build_dataset
from kimcore.cli.verify import verify_store
from kimcore.domain.errors import DomainError
from kimcore.events.errors import EventError
from kimcore.events.protection import PrefetchedKeys
from kimcore.plugins import PluginError
from kimcore.projections import (
    ModelStore,
    PostgresModels,
    ProjectionError,
    Projector,
    SqliteModels,
    portal_models,
)
from kimcore.projections.read_models import ACTIVITY_REPORT, FORUMS, GROUPS, PARTNERSHIPS

__all__ = ["cli"]

DEFAULT_STORE = "sqlite:///kimcore.db"
# What a user can cause; anything else is a bug and keeps its traceback.
EXPECTED = (DomainError, StoreError, EventError, PluginError, ProjectionError, OSError)

out = Console(highlight=False)


class _Cli(click.Group):
    """Errors are one line and exit 1; ``--debug`` shows the traceback instead.

    A wrong option or argument is one line too, and exits 2 as click's own do.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as exc:
            name = exc.ctx.command_path if exc.ctx is not None else "kimcore"
            click.echo(f"error: {exc.format_message()} (see: {name} --help)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: interrupted", err=True)
            sys.exit(130)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader left: main() stops quietly
        except EXPECTED as exc:
            if ctx.meta.get("kimcore.debug"):
                raise
            _fail(f"{type(exc).__name__}: {exc}")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group(cls=_Cli)
@click.option(
    "--store",
    "url",
    envvar="KIMCORE_STORE",
    default=DEFAULT_STORE,
    show_default=True,
    help="The event store: memory://, sqlite:///FILE or postgresql://… (env KIMCORE_STORE).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(
    k.__version__, "--version", prog_name="kimcore", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, url: str, debug: bool) -> None:
    """Record and share the life of Indonesia's KIM: see and operate a kimcore event store."""
    ctx.meta["kimcore.debug"] = debug
    ctx.obj = url


def _open(ctx: click.Context) -> k.EventStore:
    url: str = ctx.obj
    if url.startswith("sqlite:///"):
        path = Path(sqlite_path(url))
        if not path.exists():
            raise StoreError(f"{path} does not exist (make one with: kimcore demo --db {path})")
    store = k.open_store(url)
    ctx.call_on_close(store.close)
    return store


def _models(store: k.EventStore) -> ModelStore:
    """A store's read models live beside its events: the same SQLite file, or its own schema.

    A PostgreSQL store's go to its ``models_schema`` (``<schema>_models`` unless
    the URL names one), over the store's own connection parameters, so two
    stores in one database never touch each other's read models.
    """
    if isinstance(store, k.SqliteStore):
        return SqliteModels(store.path)
    postgres = sys.modules.get("kimcore.adapters.postgres")  # loaded if the store is one
    if postgres is not None and isinstance(store, postgres.PostgresStore):
        return PostgresModels(store.conninfo, schema=store.models_schema)
    raise StoreError(f"{type(store).__name__}: read models need a SQLite or PostgreSQL store")


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar over log positions; yields the callback a projector calls per page."""
    errors = Console(stderr=True)
    with Progress(
        TextColumn(label),
        BarColumn(),
        TaskProgressColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,  # no bar, and no blank line, in a pipe or a log
    ) as progress:
        task = progress.add_task(label, total=max(total, 1))
        yield lambda position: progress.update(task, completed=position)


# -- demo -------------------------------------------------------------------------


@cli.command()
@click.option(
    "--db", type=click.Path(path_type=Path), default=Path("kimcore-demo.db"), show_default=True
)
@click.option("--replace", is_flag=True, help="Replace the file if it exists.")
@click.option(
    "--villages",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Villages per district.",
)
@click.option(
    "--groups", type=click.IntRange(1, 20), default=1, show_default=True, help="KIMs per village."
)
@click.option("--seed", default=2024, show_default=True)
def demo(db: Path, replace: bool, villages: int, groups: int, seed: int) -> None:
    """Build a realistic data set into a new SQLite file and print a summary.

    KIMs across the districts of Central Kalimantan, forums at every level,
    partnerships and a year of activities, all through the domain's rules;
    then the portal's read models, projected into the same file.
    """
    if db.exists():
        if not replace:
            _fail(f"{db} exists; pass --replace to make it anew, or --db for another file")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    store = k.open_store(url)
    app = k.Application(store)
    size = DatasetSize(villages_per_district=villages, groups_per_village=groups, seed=seed)
    errors = Console(stderr=True)
    with Progress(console=errors, transient=True, disable=not errors.is_terminal) as progress:
        task = progress.add_task("recording", total=None)
        summary = build_dataset(app, size, tick=lambda: progress.advance(task))
    models = _models(store)
    head = store.head_position()
    for model in portal_models():
        with _progress(f"projecting {model.name}", head) as on_page:
            Projector(store, model, models, on_page=on_page).rebuild()
    out.print(
        f"[bold]{db}[/]: {summary.events:,} events — {summary.groups} KIMs with"
        f" {summary.members} members, {summary.forums} forums, {summary.partnerships}"
        f" partnerships, {summary.activities} activities"
    )
    _summary_tables(models)
    out.print(
        f"\nExplore it: kimcore --store {url} log --type GroupFormed"
        f"\n(or export KIMCORE_STORE={url} once, for every command after it)"
    )
    models.close()
    store.close()


def _summary_tables(models: ModelStore) -> None:
    by_regency: dict[str, list[int]] = {}
    for row in models.rows(GROUPS):
        counts = by_regency.setdefault(row["region_code"][:5], [0, 0, 0])
        counts[0] += 1
        counts[1] += row["member_count"]
        counts[2] += row["stage"] == "registered"
    names = {code: name for code, name, _, _ in REGENCIES}
    table = Table("regency / city", "KIMs", "members", "registered", title="KIMs by regency")
    for code, (groups, members, registered) in sorted(by_regency.items()):
        table.add_row(names.get(code, code), str(groups), str(members), str(registered))
    out.print(table)
    levels = Table("level", "forums", "member groups/forums", title="Forum KIM by level")
    for level in ("national", "province", "regency", "district"):
        rows = models.rows(FORUMS, {"level": level})
        levels.add_row(level, str(len(rows)), str(sum(r["member_count"] for r in rows)))
    out.print(levels)
    kinds: dict[str, int] = {}
    for row in models.rows(PARTNERSHIPS):
        kinds[row["partnership_type"]] = kinds.get(row["partnership_type"], 0) + 1
    partnerships = Table("type", "partnerships", title="Partnerships by type")
    for name, count in sorted(kinds.items()):
        partnerships.add_row(name, str(count))
    out.print(partnerships)
    months: dict[str, list[int]] = {}
    for row in models.rows(ACTIVITY_REPORT):
        month = months.setdefault(row["month"], [0, 0])
        month[0] += row["activities"]
        month[1] += row["attendance"]
    activities = Table("month", "activities", "attendance", title="Activities by month")
    for month_name, (count, attendance) in sorted(months.items()):
        activities.add_row(month_name, str(count), f"{attendance:,}")
    out.print(activities)


# -- reading ----------------------------------------------------------------------------

JSON_HELP = "One JSON object a line (as export writes them), for scripts."


def _json_line(codec: k.Codec, recorded: k.RecordedEvent[k.Event]) -> None:
    sys.stdout.buffer.write(_json.dumps(record_line(codec, recorded)) + b"\n")


def _brief(data: dict[str, Any]) -> str:
    parts = []
    for key, value in data.items():
        if key.endswith("_id") or isinstance(value, dict | list):
            continue
        parts.append(f"{key}={value}")
    line = ", ".join(parts)
    return line if len(line) <= 80 else line[:79] + "…"


@cli.command()
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@click.option("--stream", help="Only streams whose id starts with this.")
@click.option(
    "--after",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Start after this position.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="At most this many events.",
)
@click.option("--personal-data", is_flag=True, help="Open personal fields (else [redacted]).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_context
def log(  # noqa: PLR0917 - click passes each option as an argument
    ctx: click.Context,
    types: tuple[str, ...],
    stream: str | None,
    after: int,
    limit: int,
    personal_data: bool,
    as_json: bool,
) -> None:
    """The global log, oldest first, filterable by type and stream."""
    store = _open(ctx)
    codec = k.get_plugins().codec()
    known = {cls.event_name for cls in codec.registry}
    unknown = sorted(set(types) - known)
    if unknown:
        _fail(f"unknown event type(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    table = Table("position", "type", "recorded at", "stream @ version / data")
    shown = 0
    while shown < limit and (page := store.read_all(after, 1000)):
        keys = (
            PrefetchedKeys.for_payloads(store.keys, (s.data for s in page))
            if personal_data
            else None
        )
        for stored in page:
            after = stored.position
            if (types and stored.event_type not in types) or (
                stream and not stored.stream_id.startswith(stream)
            ):
                continue
            if as_json:
                _json_line(codec, codec.decode(stored, keys))
                shown += 1
                if shown == limit:
                    break
                continue
            event = codec.decode_event(stored, keys)
            table.add_row(
                str(stored.position),
                stored.event_type,
                stored.recorded_at.strftime("%Y-%m-%d %H:%M"),
                f"{stored.stream_id} @ {stored.stream_version}\n{_brief(codec.to_data(event))}",
            )
            shown += 1
            if shown == limit:
                break
    if as_json:
        return
    out.print(table)
    out.print(f"{shown} event(s); next page: --after {after}")


@cli.command()
@click.argument("stream_id")
@click.option("--personal-data", is_flag=True, help="Open personal fields (else [redacted]).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_context
def show(ctx: click.Context, stream_id: str, personal_data: bool, as_json: bool) -> None:
    """One stream's events, in order."""
    store = _open(ctx)
    codec = k.get_plugins().codec()
    events = store.read_stream(stream_id)
    if not events:
        _fail(f"no stream {stream_id!r} (see: kimcore log)")
    keys = (
        PrefetchedKeys.for_payloads(store.keys, (s.data for s in events)) if personal_data else None
    )
    if as_json:
        for stored in events:
            _json_line(codec, codec.decode(stored, keys))
        return
    table = Table("v", "position", "type", "recorded at", "data", title=stream_id)
    for stored in events:
        data = codec.to_data(codec.decode_event(stored, keys))
        table.add_row(
            str(stored.stream_version),
            str(stored.position),
            stored.event_type,
            stored.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            _brief(data),
        )
    out.print(table)


# -- operating -----------------------------------------------------------------------


@cli.group()
def project() -> None:
    """Read models: rebuild them from the log."""


@project.command("rebuild")
@click.argument("name", type=click.Choice([m.name for m in portal_models()]))
@click.pass_context
def rebuild(ctx: click.Context, name: str) -> None:
    """Empty read model NAME and project the whole log into it again."""
    store = _open(ctx)
    model = next(m for m in portal_models() if m.name == name)
    models = _models(store)
    with _progress(f"rebuilding {name}", store.head_position()) as on_page:
        handled = Projector(store, model, models, on_page=on_page).rebuild()
    out.print(f"{name}: {handled:,} events projected")
    models.close()


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.option("--personal-data", is_flag=True, help="Include personal data the keys still open.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, personal_data: bool) -> None:
    """Export the global log, decoded, one JSON object a line."""
    store = _open(ctx)
    codec = k.get_plugins().codec()
    keys: Any = store.keys if personal_data else None
    if output is None:
        count = k.export_jsonl(store, sys.stdout.buffer, codec=codec, keys=keys)
    else:
        with output.open("wb") as f:
            count = k.export_jsonl(store, f, codec=codec, keys=keys)
    click.echo(f"{count} events exported as {fmt}", err=True)


@cli.command()
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Check every stored event: order, versions, decodability. Exit 1 on a problem."""
    store = _open(ctx)
    problems = 0
    with _progress("verifying", store.head_position()) as on_page:
        for problem in verify_store(store, k.get_plugins().codec(), on_page=on_page):
            problems += 1
            click.echo(
                f"position {problem.position} ({problem.stream_id} v{problem.stream_version}):"
                f" {problem.message}",
                err=True,
            )
    if problems:
        _fail(f"{problems} problem(s) found")
    out.print("every event is in order and decodes")


@cli.group()
def keys() -> None:
    """Key-encryption keys: make one, see how the store's keys are kept, rotate."""


@keys.command("new-kek")
def new_kek() -> None:
    """Print a new random key-encryption key (base64), for KIMCORE_KEK or a kek file."""
    click.echo(new_kek_text())


@keys.command("status")
@click.pass_context
def keys_status(ctx: click.Context) -> None:
    """How the store keeps its subjects' keys: wrapped by which KEK, how many, how many erased."""
    store = _open(ctx)
    wrapper = getattr(store.keys, "wrapper", None)
    out.print(f"keys wrapped by KEK {wrapper.key_id}" if wrapper else "keys are not wrapped")
    out.print(f"erasure pending: {'yes' if store.erasure_pending() else 'no'}")


@keys.command("rotate")
@click.option(
    "--to",
    "target",
    required=True,
    help="The new KEK: PROVIDER:ARGUMENT, such as env:NEW_KEK or file:/etc/kimcore/kek.new.",
)
@click.pass_context
def rotate(ctx: click.Context, target: str) -> None:
    """Wrap every key with a new KEK (the current one from --store's kek= or KIMCORE_KEK)."""
    store = _open(ctx)
    rotate_to = getattr(store, "rotate_kek", None)
    if rotate_to is None:
        _fail(f"{type(store).__name__} keeps no keys at rest to rotate")
    provider, _, argument = target.partition(":")
    new = k.get_plugins().kek(provider, argument)
    count = rotate_to(new)
    out.print(f"{count:,} key(s) now wrapped by KEK {new.key_id}; no event was touched")


@cli.command()
def plugins() -> None:
    """What plugins are loaded, from which package, and what they register."""
    loaded = k.get_plugins()
    table = Table("plugin", "package", "registers")
    registers: dict[str, dict[str, list[str]]] = {}
    for hook in (
        "kimcore_partnership_types",
        "kimcore_techniques",
        "kimcore_channels",
        "kimcore_event_types",
        "kimcore_upcasters",
        "kimcore_store_types",
        "kimcore_sink_types",
        "kimcore_kek_providers",
    ):
        for contribution in loaded.contributions(hook):
            label = hook.removeprefix("kimcore_").replace("_", " ")
            names = registers.setdefault(contribution.plugin, {}).setdefault(label, [])
            names.append(_name(contribution.record))
    for plugin, package, _hooks in loaded.describe():
        lines = [
            f"{label}: {', '.join(names)}" for label, names in registers.get(plugin, {}).items()
        ]
        table.add_row(plugin, package or "kimcore", "\n".join(lines))
    out.print(table)


def _name(record: Any) -> str:
    return str(getattr(record, "event_name", None) or record.name)
