"""``kimcore report``: a report as of any date or position, as CSV, XLSX or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import kimcore as k
from kimcore.cli.common import fail, lang_of, lang_option, models_for, open_from, out, progress
from kimcore.domain.region_catalogue import RegionCatalogues
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.reporting import (
    build_report,
    parse_as_of,
    region_names,
    write_csv,
    write_json,
    write_xlsx,
)

__all__ = ["report"]

_WRITERS = {"csv": write_csv, "json": write_json}
_FORMATS = sorted([*_WRITERS, "xlsx"])


def _names(store: k.EventStore, catalogues: RegionCatalogues, level: str) -> dict[str, str]:
    """Region names from the catalogues and, where the store keeps them, the read models."""
    try:
        models = models_for(store)
    except k.errors.StoreError:
        return region_names(None, catalogues)
    try:
        return region_names(models, catalogues, villages=level == "village")
    finally:
        models.close()


def _written(lang: str, count: int, name: str, output: Path) -> str:
    if lang == "id":
        return f"{count} baris laporan {name} ditulis ke {output}"
    return f"{count} rows of {name} written to {output}"


@click.command()
@click.argument("name", type=click.Choice(sorted(REPORTS)))
@click.option(
    "--level",
    type=click.Choice(list(LEVELS)),
    default="regency",
    show_default=True,
    help="The level of region the rows count by.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE|POSITION",
    help="As the log stood then: events recorded by the end of DATE (YYYY-MM-DD, UTC),"
    " or up to a log POSITION. Default: now.",
)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="csv", show_default=True)
@lang_option("Column headings")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.pass_context
def report(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    name: str,
    level: str,
    as_of: str | None,
    fmt: str,
    lang: str | None,
    output: Path | None,
) -> None:
    """Write the report NAME (kims, members, activities, partnerships, products, mapping)."""
    lang = lang_of(ctx, lang)
    store = open_from(ctx)
    plugins = k.get_plugins()
    moment = parse_as_of(as_of)
    with progress(f"reading the log for {name}", store.head_position()) as on_page:
        table = build_report(
            store,
            name,
            level=level,
            as_of=moment,
            codec=plugins.codec(),
            techniques=tuple(plugins.catalogue().techniques.values()),
            on_page=on_page,
            names=_names(store, plugins.catalogue().regions, level),
        )
    if fmt == "xlsx":
        if output is None and sys.stdout.isatty():
            fail(
                "buku kerja XLSX tidak untuk terminal: sebutkan berkasnya dengan -o FILE.xlsx"
                if lang == "id"
                else "an XLSX workbook is not for a terminal: name a file with -o FILE.xlsx"
            )
        write_xlsx(table, output or sys.stdout.buffer, lang=lang)
        if output is not None:
            out.print(_written(lang, len(table.rows), name, output), style=None)
        return
    write = _WRITERS[fmt]
    if output is None:
        write(table, sys.stdout, lang=lang)
    else:
        with output.open("w", encoding="utf-8", newline="") as f:
            write(table, f, lang=lang)
        out.print(_written(lang, len(table.rows), name, output), style=None)
