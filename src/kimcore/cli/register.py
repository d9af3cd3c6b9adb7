"""``kimcore import``: record an office's KIM register from a CSV or XLSX file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import kimcore as k
from kimcore.cli.common import application, lang_of, lang_option, open_from, out, say
from kimcore.register import import_register, write_template

__all__ = ["import_"]


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
        raise click.UsageError("name the register FILE to import (or --template FILE)")
    if not file.exists():
        raise k.errors.InvalidValue("file", f"{file} does not exist")
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
    if report.refused:
        sys.exit(1)
