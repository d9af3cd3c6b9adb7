"""What every subcommand shares: the console, one-line failures, opening the store, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

import kimcore as k
from kimcore.adapters.beside import models_beside, own_connection
from kimcore.adapters.url import sqlite_path
from kimcore.cli import logs
from kimcore.domain.errors import DomainError
from kimcore.domain.policy import Policy
from kimcore.domain.policy_file import read_policy
from kimcore.errors import PluginError, PluginFailed, ProjectionError
from kimcore.events.errors import EventError
from kimcore.plugins import BUILTIN
from kimcore.projections import ModelStore, OnePassProjector, ReadModel
from kimcore.vocabulary.errors import StoreError

__all__ = [
    "EXPECTED",
    "application",
    "catch_up_read_models",
    "fail",
    "id_number",
    "lang_of",
    "lang_option",
    "log_to",
    "models_for",
    "open_from",
    "out",
    "policy_of",
    "progress",
    "read_model_failed",
    "read_models",
    "say",
    "speaks_indonesian",
]

# What a user can cause; anything else is a bug and keeps its traceback.
EXPECTED = (DomainError, StoreError, EventError, PluginError, ProjectionError, OSError)

out = Console(highlight=False)


def lang_option(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--lang en|id``: *what* in English (the column names) or in Indonesian.

    Unset, the command speaks the language of ``kimcore --lang`` (``lang_of``).
    """
    return click.option(
        "--lang",
        type=click.Choice(["en", "id"]),
        default=None,
        help=f"{what}: column names, or Indonesian headings and words."
        "  [default: kimcore --lang, else en]",
    )


def lang_of(ctx: click.Context, given: str | None = None) -> str:
    """The language a command speaks: its ``--lang``, else ``kimcore --lang`` (KIMCORE_LANG)."""
    return given or ctx.meta.get("kimcore.lang") or "en"


def id_number(n: float, decimals: int = 0) -> str:
    """*n* as Indonesian writes it: thousands grouped by a point, a decimal comma (1.115; 1,1)."""
    return f"{n:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def speaks_indonesian() -> bool:
    """Whether the running command speaks Indonesian (``kimcore --lang id``)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and lang_of(ctx) == "id"


def say(english: str, indonesian: str) -> str:
    """*english* or *indonesian*, as the running command speaks (``kimcore --lang``)."""
    return indonesian if speaks_indonesian() else english


def fail(message: str) -> NoReturn:
    """Say *message* on one line and exit 1."""
    click.echo(f"{say('error', 'kesalahan')}: {message}", err=True)
    sys.exit(1)


def log_to(ctx: click.Context, level: str, fmt: str, *, quiet: Iterable[str] = ()) -> None:
    """Log at *level* in *fmt* for the rest of the command (``kimcore.cli.logs.configure``).

    An earlier set-up of the same command is undone first (``serve`` sets its own level); the
    last is undone when the command ends, so one run inside a test leaves no handler behind.
    """
    earlier = ctx.meta.pop("kimcore.log_undo", None)
    if earlier is not None:
        earlier()
    undo = logs.configure(level, fmt, quiet=quiet)
    ctx.meta["kimcore.log_undo"] = undo
    ctx.call_on_close(undo)


def open_from(ctx: click.Context, *, create: bool = False) -> k.EventStore:
    """The store ``--store`` names, closed when the command ends.

    A SQLite file must exist unless *create* (a command that records, such as an import).
    """
    url: str = ctx.obj
    if url.startswith("sqlite:///") and not create:
        path = Path(sqlite_path(url))
        if not path.exists():
            raise StoreError(
                say(
                    f"{path} does not exist (make one with: kimcore demo --db {path})",
                    f"{path} tidak ada (buat dengan: kimcore demo --db {path})",
                )
            )
    store = k.open_store(url)
    ctx.call_on_close(store.close)
    return store


def policy_of(ctx: click.Context) -> Policy:
    """The policy in force: the defaults and the plugins' catalogue, with ``--policy FILE``'s.

    Read once per command (the group reads it first, so a bad file fails every command).
    """
    found: Policy | None = ctx.meta.get("kimcore.policy")
    if found is None:
        base = Policy(catalogue=k.get_plugins().catalogue())
        path: Path | None = ctx.meta.get("kimcore.policy_file")
        found = read_policy(path, base) if path is not None else base
        ctx.meta["kimcore.policy"] = found
    return found


def application(ctx: click.Context, store: k.EventStore) -> k.Application:
    """An application over *store* deciding under the policy in force (``policy_of``)."""
    return k.Application(store, policy=policy_of(ctx))


def models_for(store: k.EventStore) -> ModelStore:
    """A store's read models, where it keeps them (``kimcore.adapters.beside.models_beside``).

    Not a memory store's: a command's read models would die with the command.
    """
    if isinstance(store, k.MemoryStore):
        raise StoreError(f"{type(store).__name__}: read models need a SQLite or PostgreSQL store")
    return models_beside(store)


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
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


def read_models() -> list[ReadModel]:
    """The read models a service keeps: every plugin's, kimcore's own among them."""
    return k.get_plugins().read_models()


def catch_up_read_models(store: k.EventStore) -> None:
    """Project into the store's read models what they have not seen, where it keeps them.

    After a command that records (an import), so the reports and lists that read them (the
    region names) say what was recorded. A read model a running service projects (it holds
    its lease) is left to it; a memory store keeps none.
    """
    try:
        beside = models_for(store)
    except StoreError:
        return
    models = own_connection(beside)  # read models commit as a projector's do
    if models is not beside:
        beside.close()
    chosen = read_models()
    leases = {m.name: models.lease(m.name) for m in chosen}
    try:
        here = [m for m in chosen if leases[m.name].acquire()]
        if here:
            one_pass = OnePassProjector(store, here, models, codec=k.get_plugins().codec())
            one_pass.prepare()
            lowest = min(one_pass.committed(m.name) for m in here)
            with progress("projecting the read models", store.count_after(lowest, 10**15)) as on:
                one_pass.on_page = lambda _position: on(one_pass.events_read)
                one_pass.run(on_error=read_model_failed)
    finally:
        for lease in leases.values():
            lease.release()
        models.close()


def read_model_failed(name: str, exc: Exception) -> NoReturn:
    """Raise what read model *name* raised as an error naming it, and its plugin.

    An ``on_error`` for a one-pass projector run by a command: a plugin's read model that
    raises is a `PluginFailed` naming both, kimcore's own a `ProjectionError` saying so. What
    the store, the codec or the file system raised is not the read model's and stays as it is.
    The traceback stays on the error's cause, for ``--debug``.
    """
    if isinstance(exc, (StoreError, EventError, OSError)):
        raise exc
    found = [
        c for c in k.get_plugins().contributions("kimcore_read_models") if c.record.name == name
    ]
    said = f"{type(exc).__name__}: {exc}"
    if found and found[0].plugin != BUILTIN:
        raise PluginFailed(f"read model {name!r} of {found[0].source} failed: {said}") from exc
    raise ProjectionError(
        f"read model {name!r} (kimcore's own) failed: {said} (a bug: --debug shows where)"
    ) from exc
