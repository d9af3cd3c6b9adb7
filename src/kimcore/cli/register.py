"""``kimcore import``: record an office's KIM register from a CSV or XLSX file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

import click

import kimcore as k
from kimcore.cli.common import (
    EXPECTED,
    application,
    catch_up_read_models,
    lang_of,
    lang_option,
    open_from,
    out,
    say,
)
from kimcore.register import export_register, import_register, register_table, write_template
from kimcore.spreadsheets import write_csv_rows

__all__ = ["export_list", "import_"]


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option(
    "--dry-run", is_flag=True, help="Decide every row and say what would happen; write nothing."
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    metavar="FILE.csv|FILE.xlsx",
    help="Write a register template to fill in (every column, example rows), then stop.",
)
@lang_option("The template's headings, the refusals and the summary")
@click.option("--json", "as_json", is_flag=True, help="Print every row's outcome as JSON.")
@click.pass_context
def import_(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    file: Path | None,
    dry_run: bool,
    template: Path | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Record the KIM register in FILE (.csv or .xlsx; layout: docs/import.md).

    Each row is recorded whole or refused; refused rows are listed with their line,
    rule and message (in Indonesian with --lang id; --json gives both), and the
    command exits 1. Importing the same file again records nothing new.
    """
    lang = lang_of(ctx, lang)
    if template is not None:
        write_template(template, "id" if lang == "id" else "en")
        out.print(say(f"template written to {template}", f"templat ditulis ke {template}"))
        return
    if file is None:
        raise click.UsageError(
            say(
                "name the register FILE to import (or --template FILE)",
                "sebutkan berkas register (FILE) yang diimpor (atau --template FILE)",
            )
        )
    if not file.exists():
        raise k.errors.InvalidValue("file", f"{file} does not exist", missing=str(file))
    app = application(ctx, open_from(ctx, create=True))
    report = import_register(app, file, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for row in report.refused:
            if lang == "id":
                click.echo(f"baris {row.line}: {row.message_id}", err=True)
            else:
                click.echo(f"line {row.line}: {row.message}", err=True)
        recorded, unchanged = report.count("recorded"), report.count("unchanged")
        refused = report.count("refused")
        if lang == "id":
            would = "akan mencatat" if dry_run else "mencatat"
            summary = (
                f"{file.name}: {would} {recorded} baris ({report.events} peristiwa),"
                f" {unchanged} tidak berubah, {refused} ditolak"
            )
        else:
            would = "would record" if dry_run else "recorded"
            summary = (
                f"{file.name}: {would} {recorded} rows ({report.events} events),"
                f" {unchanged} unchanged, {refused} refused"
            )
        out.print(summary, style=None)
    if report.events and not dry_run:
        _catch_up(app.store)
    if report.refused:
        sys.exit(1)


def _catch_up(store: k.EventStore) -> None:
    """Catch the read models up after the report is out: what was recorded stays recorded."""
    try:
        catch_up_read_models(store)
    except EXPECTED as exc:
        click.echo(
            say(
                f"warning: the read models were not caught up ({type(exc).__name__}: {exc});"
                " the next kimcore serve or kimcore project rebuild does it",
                f"peringatan: model baca belum diperbarui ({type(exc).__name__}: {exc});"
                " kimcore serve atau kimcore project rebuild berikutnya memperbaruinya",
            ),
            err=True,
        )


def export_list(ctx: click.Context, fmt: str | None, output: Path | None, lang: str) -> None:
    """``kimcore export daftar-kim``: the list of KIMs to *output* (CSV on stdout without one)."""
    chosen: Literal["en", "id"] = "id" if lang == "id" else "en"
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    fmt = fmt or (suffix if suffix in ("csv", "xlsx") else "csv")
    if fmt == "jsonl":
        raise click.UsageError(
            say(
                "the list of KIMs is exported as csv or xlsx, not jsonl",
                "Daftar KIM diekspor sebagai csv atau xlsx, bukan jsonl",
            )
        )
    if output is not None and suffix not in ("csv", "xlsx"):
        raise k.errors.InvalidValue(
            "output", f"the list of KIMs is written to a .csv or .xlsx file, not {output.name!r}"
        )
    if output is not None and suffix != fmt:
        raise k.errors.InvalidValue("output", f"a {fmt} list is written to a .{fmt} file")
    app = application(ctx, open_from(ctx))
    if output is None:
        if fmt == "xlsx":
            raise click.UsageError(
                say(
                    "name the .xlsx file to write with --output",
                    "sebutkan berkas .xlsx yang ditulis dengan --output",
                )
            )
        headings, rows = register_table(app, chosen)
        write_csv_rows(sys.stdout, headings, rows)
        count = len(rows)
    else:
        count = export_register(app, output, chosen)
    click.echo(
        say(
            f"Daftar KIM: {count} rows exported" + (f" to {output}" if output else ""),
            f"Daftar KIM: {count} baris diekspor" + (f" ke {output}" if output else ""),
        ),
        err=True,
    )
