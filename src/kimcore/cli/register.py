"""``kimcore import``: record an office's KIM register from a CSV or XLSX file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import kimcore as k
from kimcore.cli.common import application, lang_option, open_from, out
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
@lang_option("The template's headings")
@click.option("--json", "as_json", is_flag=True, help="Print every row's outcome as JSON.")
@click.pass_context
def import_(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    file: Path | None,
    dry_run: bool,
    template: Path | None,
    lang: str,
    as_json: bool,
) -> None:
    """Record the KIM register in FILE (.csv or .xlsx; layout: docs/import.md).

    Each row is recorded whole or refused; refused rows are listed with their line,
    rule and message in English and Indonesian, and the command exits 1. Importing
    the same file again records nothing new.
    """
    if template is not None:
        write_template(template, "id" if lang == "id" else "en")
        out.print(f"template written to {template}", style=None)
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
            click.echo(f"line {row.line}: {row.message} | {row.message_id}", err=True)
        would = "would record" if dry_run else "recorded"
        out.print(
            f"{file.name}: {would} {report.count('recorded')} rows ({report.events} events),"
            f" {report.count('unchanged')} unchanged, {report.count('refused')} refused",
            style=None,
        )
    if report.refused:
        sys.exit(1)
