"""Operating the store from the command line: read models, exports, checks, keys, copies."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

import kimcore as k
from kimcore.adapters.beside import own_connection
from kimcore.adapters.kek import new_kek_text
from kimcore.cli.common import (
    fail,
    id_number,
    lang_of,
    lang_option,
    models_for,
    open_from,
    out,
    progress,
    read_model_failed,
    read_models,
    say,
    speaks_indonesian,
)
from kimcore.cli.register import export_list
from kimcore.cli.verify import verify_store
from kimcore.plugins._hooks import HOOKS, IN_ORDER
from kimcore.projections import ModelStore, OnePassProjector

__all__ = ["copy", "export", "keys", "plugins", "project", "verify"]

_EVERY = 10**15  # count the whole log


@click.group()
def project() -> None:
    """Read models: rebuild them from the log."""


@project.command("rebuild")
@click.argument("names", metavar="NAME...", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Rebuild every read model of the service.")
@click.pass_context
def rebuild(ctx: click.Context, names: tuple[str, ...], every: bool) -> None:
    """Empty read models NAME... (or --all) and project the whole log into them, in one pass.

    The read models are those the plugins register, kimcore's own among them. A read model
    a running service projects (it holds its lease) is emptied here and rebuilt by that
    service at once; the command shows its progress until it is done.
    """
    if every == bool(names):
        raise click.UsageError(
            say(
                "name the read models to rebuild, or pass --all",
                "sebutkan model baca yang dibangun ulang, atau pakai --all",
            )
        )
    known = read_models()
    unknown = sorted(set(names) - {m.name for m in known})
    if unknown:
        names_known = ", ".join(m.name for m in known)
        raise click.UsageError(
            say(
                f"no read model {', '.join(map(repr, unknown))} (known: {names_known})",
                f"tidak ada model baca {', '.join(unknown)} (yang ada: {names_known})",
            )
        )
    store = open_from(ctx)
    chosen = [m for m in known if every or m.name in names]
    beside = models_for(store)
    models = own_connection(beside)  # read models commit as a projector's do
    if models is not beside:
        beside.close()
    leases = {m.name: models.lease(m.name) for m in chosen}
    here = [m for m in chosen if leases[m.name].acquire()]
    elsewhere = [m for m in chosen if m not in here]
    total = store.count_after(0, _EVERY)
    try:
        if here:
            _rebuild_here(store, here, models, total)
        for model in elsewhere:
            models.reset(model.name, model.version, model.tables)
            out.print(
                say(
                    f"{model.name}: emptied; the service that projects it rebuilds it",
                    f"{model.name}: dikosongkan; layanan yang memproyeksikannya membangunnya lagi",
                )
            )
        if elsewhere:
            _follow(store, [m.name for m in elsewhere], models, total)
    finally:
        for lease in leases.values():
            lease.release()
        models.close()


def _rebuild_here(store: k.EventStore, chosen: list[Any], models: ModelStore, total: int) -> None:
    one_pass = OnePassProjector(store, chosen, models, codec=k.get_plugins().codec())
    started = time.monotonic()
    names = ", ".join(m.name for m in chosen)
    with progress(f"rebuilding {names}", total) as on_page:
        one_pass.on_page = lambda _position: on_page(one_pass.events_read)
        read = one_pass.rebuild(on_error=read_model_failed)
    took = max(time.monotonic() - started, 1e-6)
    out.print(
        say(
            f"{names}: {read:,} events read in {took:.1f} s ({read / took:,.0f} events/s)",
            f"{names}: {id_number(read)} peristiwa dibaca dalam {id_number(took, 1)} detik"
            f" ({id_number(read / took)} peristiwa/detik)",
        ),
        soft_wrap=True,
    )


def _follow(store: k.EventStore, names: list[str], models: ModelStore, total: int) -> None:
    """Show the progress of rebuilds another process runs, until they reach the head."""
    head = store.head_position()
    with progress(f"rebuilding {', '.join(names)} (by the service)", total) as on_page:
        while True:
            lowest = min(models.checkpoint(name) for name in names)
            on_page(total - store.count_after(lowest, _EVERY))
            if lowest >= head:
                break
            time.sleep(0.5)
    out.print(f"{', '.join(names)}: rebuilt to position {head}")


@click.command()
@click.argument("what", type=click.Choice(["log", "daftar-kim"]), default="log", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "xlsx"]),
    default=None,
    help="The log: jsonl. The list of KIMs: csv or xlsx (default: the output's suffix, else csv).",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.option("--personal-data", is_flag=True, help="Include personal data the keys still open.")
@lang_option("The list of KIMs' headings and words")
@click.pass_context
def export(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    what: str,
    fmt: str | None,
    output: Path | None,
    personal_data: bool,
    lang: str | None,
) -> None:
    """Export the global log, or the office's list of KIMs (WHAT: log or daftar-kim).

    The log (the default): decoded, one JSON object a line. The list of KIMs: in the
    import's layout, as CSV or XLSX (--lang id: Indonesian headings and words). The list
    imports back with ``kimcore import`` (docs/import.md); it holds the members' names and
    contacts, so it is read with their keys.
    """
    if what == "daftar-kim":
        export_list(ctx, fmt, output, lang_of(ctx, lang))
        return
    if fmt not in (None, "jsonl"):
        raise click.UsageError(
            say(
                f"the log is exported as jsonl, not {fmt}",
                f"log diekspor sebagai jsonl, bukan {fmt}",
            )
        )
    fmt = "jsonl"
    store = open_from(ctx)
    codec = k.get_plugins().codec()
    if output is None:
        count = k.stores.export_jsonl(
            store, sys.stdout.buffer, codec=codec, personal_data=personal_data
        )
    else:
        with output.open("wb") as f:
            count = k.stores.export_jsonl(store, f, codec=codec, personal_data=personal_data)
    click.echo(
        say(f"{count} events exported as {fmt}", f"{count} peristiwa diekspor sebagai {fmt}"),
        err=True,
    )


@click.command()
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Check every stored event: order, versions, decodability. Exit 1 on a problem."""
    store = open_from(ctx)
    problems = 0
    with progress("verifying", store.head_position()) as on_page:
        for problem in verify_store(store, k.get_plugins().codec(), on_page=on_page):
            problems += 1
            click.echo(
                f"position {problem.position} ({problem.stream_id} v{problem.stream_version}):"
                f" {problem.message}",
                err=True,
            )
    if problems:
        fail(say(f"{problems} problem(s) found", f"{problems} masalah ditemukan"))
    out.print(
        say(
            "every event is in order and decodes",
            "setiap peristiwa berurutan dan dapat dibaca",
        )
    )


@click.group()
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
    store = open_from(ctx)
    wrapper = getattr(store.keys, "wrapper", None)
    if wrapper:
        out.print(
            say(f"keys wrapped by KEK {wrapper.key_id}", f"kunci dibungkus KEK {wrapper.key_id}")
        )
    else:
        out.print(say("keys are not wrapped", "kunci tidak dibungkus"))
    pending = store.erasure_pending()
    out.print(
        say(
            f"erasure pending: {'yes' if pending else 'no'}",
            f"penghapusan tertunda: {'ya' if pending else 'tidak'}",
        )
    )


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
    store = open_from(ctx)
    rotate_to = getattr(store, "rotate_kek", None)
    if rotate_to is None:
        fail(
            say(
                f"{type(store).__name__} keeps no keys at rest to rotate",
                f"{type(store).__name__} tidak menyimpan kunci yang dapat dirotasi",
            )
        )
    provider, _, argument = target.partition(":")
    new = k.get_plugins().kek(provider, argument)
    count = rotate_to(new)
    out.print(
        say(
            f"{count:,} key(s) now wrapped by KEK {new.key_id}; no event was touched",
            f"{id_number(count)} kunci kini dibungkus KEK {new.key_id}; tidak ada peristiwa"
            " yang diubah",
        )
    )


@click.command()
def plugins() -> None:
    """What plugins are loaded, from which package, and what they register."""
    loaded = k.get_plugins()
    table = Table(
        say("plugin", "pengaya"), say("package", "paket"), say("registers", "mendaftarkan")
    )
    registers: dict[str, list[str]] = {}
    for hook in hook_names():
        english = hook.removeprefix("kimcore_")
        label = (_HOOK_ID.get(hook, english) if speaks_indonesian() else english).replace("_", " ")
        if hook == "kimcore_routes" and importlib.util.find_spec("starlette") is None:
            # Routes are made only with the web extra: their plugins import Starlette.
            for plugin, _package, hooks in loaded.describe():
                if hook in hooks:
                    registers.setdefault(plugin, []).append(
                        say(f"{label}: (needs kimcore[web])", f"{label}: (perlu kimcore[web])")
                    )
            continue
        by_plugin: dict[str, list[str]] = {}
        for contribution in loaded.contributions(hook):
            by_plugin.setdefault(contribution.plugin, []).append(_name(contribution.record))
        for plugin, names in by_plugin.items():
            shown = names if hook in IN_ORDER else sorted(names)
            registers.setdefault(plugin, []).append(f"{label}: {', '.join(shown)}")
    for plugin, package, _hooks in loaded.describe():
        cells = (plugin, package or "kimcore", "\n".join(registers.get(plugin, [])))
        table.add_row(*map(escape, cells))  # a name or "kimcore[web]" is text, not rich's markup
    out.print(table)


def hook_names() -> list[str]:
    """Every hook, in the order the plugin manager checks their records: none left out."""
    return list(HOOKS)


# What each hook registers, as the Indonesian table heads it.
_HOOK_ID = {
    "kimcore_partnership_types": "jenis kemitraan",
    "kimcore_techniques": "teknik",
    "kimcore_channels": "saluran",
    "kimcore_event_types": "jenis peristiwa",
    "kimcore_upcasters": "peningkat versi peristiwa",
    "kimcore_store_types": "jenis penyimpanan",
    "kimcore_sink_types": "jenis tujuan kiriman",
    "kimcore_kek_providers": "penyedia KEK",
    "kimcore_deciders": "pemutus perintah",
    "kimcore_region_catalogues": "katalog wilayah",
    "kimcore_read_models": "model baca",
    "kimcore_routes": "rute HTTP",
}


def _name(record: Any) -> str:
    if isinstance(getattr(record, "path", None), str):  # a route: by its path
        return str(record.path)
    return str(getattr(record, "event_name", None) or record.name)


@click.command()
@click.option("--from", "source_url", required=True, help="The store to copy (any URL).")
@click.option("--to", "target_url", required=True, help="An empty store, or one this copy began.")
@click.option("--page-size", type=click.IntRange(1, 100_000), default=1000, show_default=True)
def copy(source_url: str, target_url: str, page_size: int) -> None:
    """Copy a whole store to another (SQLite to PostgreSQL, or back), resumable, then check it.

    Every event in order with its ids and metadata, the subjects' keys, the
    erasures and the snapshots. Run it again after an interruption: it goes on
    where it stopped. At the end both logs are compared event by event.
    """
    with (
        k.open_store(source_url) as source,
        k.open_store(target_url) as target,
        progress("copying", source.head_position()) as on_page,
    ):
        report = k.stores.copy_store(
            source, target, codec=k.get_plugins().codec(), page_size=page_size, on_page=on_page
        )
    r = report
    out.print(
        say(
            f"{r.events:,} events in {r.streams:,} streams ({r.copied_now:,} copied now),"
            f" {r.subjects_with_keys:,} subjects' keys, {r.forgotten:,} forgotten,"
            f" {r.snapshots:,} snapshots; both logs match, digest {r.digest}",
            f"{id_number(r.events)} peristiwa dalam {id_number(r.streams)} aliran"
            f" ({id_number(r.copied_now)} disalin kini), kunci {id_number(r.subjects_with_keys)}"
            f" subjek, {id_number(r.forgotten)} dilupakan, {id_number(r.snapshots)} cuplikan"
            f" keadaan; kedua log sama, nilai hash {r.digest}",
        ),
        soft_wrap=True,
    )
