"""The ``kimcore`` command: see the event store and operate it without writing code."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

import kimcore as k
from kimcore.cli import logs, operate, reading
from kimcore.cli._help_id import METAVARS_ID, IndonesianFormatter, in_indonesian
from kimcore.cli.common import (
    EXPECTED,
    fail,
    log_to,
    policy_of,
)
from kimcore.cli.policy import policy
from kimcore.cli.register import import_
from kimcore.cli.report import report
from kimcore.cli.serve import serve
from kimcore.demo.command import demo
from kimcore.domain.errors import DomainError
from kimcore.domain.messages import for_indonesian

__all__ = ["cli"]

DEFAULT_STORE = "sqlite:///kimcore.db"


class _Cli(click.Group):
    """Errors are one line and exit 1; ``--debug`` shows the traceback instead.

    A wrong option or argument is one line too, and exits 2 as click's own do.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            # ``kimcore`` or ``kimcore keys`` alone asks what there is: the help, not an error.
            click.echo(exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            name = exc.ctx.command_path if exc.ctx is not None else "kimcore"
            if _speaks_indonesian(exc.ctx) or (
                exc.ctx is None and self._root_lang(args, kwargs) == "id"
            ):
                said = f"kesalahan: {_usage_id(exc)} (lihat: {name} --help)"
            else:
                said = f"error: {exc.format_message()} (see: {name} --help)"
            click.echo(said, err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: interrupted", err=True)
            sys.exit(130)

    def _root_lang(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
        """The ``--lang`` of the command line ``main`` was given, for an error without context.

        click's parser refuses some command lines (``log --limit`` without its value) before any
        context says what language it speaks.
        """
        given = kwargs.get("args", args[0] if args else None)
        line = sys.argv[1:] if given is None else [str(a) for a in given]
        return _lang_asked(self, click.Context(self), line)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # ``--help`` is eager: it is drawn before ``--lang`` is processed, so read it first.
        if _lang_asked(self, ctx, args) == "id":
            ctx.meta["kimcore.lang"] = "id"
            ctx.formatter_class = IndonesianFormatter
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None and _speaks_indonesian(ctx):
            return in_indonesian(found, ("kimcore", cmd_name))
        return found

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _speaks_indonesian(ctx):
            # The group's own copy, drawn by click.Group's: this override would draw it again.
            click.Group.format_help(in_indonesian(self, ("kimcore",)), ctx, formatter)
        else:
            super().format_help(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader left: main() stops quietly
        except EXPECTED as exc:
            if ctx.meta.get("kimcore.debug"):
                raise
            if ctx.meta.get("kimcore.lang") == "id":
                # A store's, plugin's or file's error says its own words after what failed.
                fail(for_indonesian(exc) if isinstance(exc, DomainError) else str(exc))
            fail(f"{type(exc).__name__}: {exc}")


def _speaks_indonesian(ctx: click.Context | None) -> bool:
    """Whether the command that failed speaks Indonesian (``kimcore --lang id``).

    The group reads its options before a subcommand's: a subcommand's wrong option knows it.
    """
    return ctx is not None and ctx.meta.get("kimcore.lang") == "id"


def _lang_asked(group: click.Group, ctx: click.Context, args: list[str]) -> str | None:
    """The ``--lang`` given before the subcommand, else KIMCORE_LANG's (None if neither).

    A wrong command line is left for click's own parsing to refuse.
    """
    try:
        given, _, _ = group.make_parser(ctx).parse_args(list(args))
    except click.UsageError:
        given = {}
    lang = next(p for p in group.params if p.name == "lang")
    value = given.get("lang")
    if value is None:
        value = lang.resolve_envvar_value(ctx)
    return value if isinstance(value, str) else None


# A required argument's name where its help shows only its choices (``report``'s NAME).
_ARGUMENTS_ID = {"NAME": "LAPORAN"}
# click's own messages that carry no field to say them by (its parser and ``ctx.fail``'s).
_CLICK_SAID: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No such command '(.+)'\."), "tidak ada perintah {0}"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "argumen berlebih: {0}"),
    (re.compile(r"Option '(.+)' requires an argument\."), "opsi {0} perlu nilai"),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\."), "opsi {0} perlu {1} nilai"),
    (re.compile(r"Option '(.+)' does not take a value\."), "opsi {0} tidak memakai nilai"),
    (re.compile(r"Argument '(.+)' takes (\d+) values\."), "argumen {0} perlu {1} nilai"),
)


def _usage_id(exc: click.UsageError) -> str:
    """A wrong command line in Indonesian: click's own messages are English."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        return f"tidak ada opsi {exc.option_name}"
    for pattern, said in _CLICK_SAID:
        found = pattern.fullmatch(exc.message)
        if found is not None:
            return said.format(*found.groups())
    hint = (
        exc.param.get_error_hint(exc.ctx).strip("'")
        if isinstance(exc, click.BadParameter) and (exc.param is not None and exc.ctx is not None)
        else None
    )
    if isinstance(exc, click.exceptions.MissingParameter):
        if isinstance(exc.param, click.Argument) and exc.param.name is not None:
            shown = exc.param.name.upper()
            named = f"argumen {_ARGUMENTS_ID.get(shown, METAVARS_ID.get(shown, shown))}"
            if isinstance(exc.param.type, click.Choice):
                choices = ", ".join(map(str, exc.param.type.choices))
                return f"{named} wajib diisi; pilihannya: {choices}"
            return f"{named} wajib diisi"
        return f"{hint or exc.param_hint or 'isian'} wajib diisi"
    if isinstance(exc, click.BadParameter):
        kind = exc.param.type if exc.param is not None else None
        rule = ""
        if isinstance(kind, click.Choice):
            rule = f": pilihannya {', '.join(map(str, kind.choices))}"
        elif isinstance(kind, click.IntRange) and kind.min is not None:
            rule = f": paling kecil {kind.min}" + (
                f", paling besar {kind.max}" if kind.max is not None else ""
            )
        return f"nilai {hint or exc.param_hint or 'isian'} tidak sah{rule}"
    if exc.message == "Missing command.":  # a group given options but no command
        return "perintah belum disebutkan"
    return exc.format_message()  # kimcore's own usage errors are said in Indonesian already


@click.group(cls=_Cli)
@click.option(
    "--store",
    "url",
    envvar="KIMCORE_STORE",
    default=DEFAULT_STORE,
    show_default=True,
    help="The event store: memory://, sqlite:///FILE or postgresql://… (env KIMCORE_STORE).",
)
@click.option(
    "--policy",
    "policy_file",
    envvar="KIMCORE_POLICY",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The office's policy file (TOML: membership bounds and rule switches; see"
    " `kimcore policy`) every command decides under (env KIMCORE_POLICY).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "id"]),
    envvar="KIMCORE_LANG",
    default="en",
    show_default=True,
    help="The language kimcore speaks to people: its errors, refusals, summaries, report"
    " headings and cells (env KIMCORE_LANG).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option(
    "--log-level",
    type=click.Choice(logs.LEVELS),
    envvar="KIMCORE_LOG_LEVEL",
    help="Show kimcore's log lines from this level up on stderr (env KIMCORE_LOG_LEVEL)."
    "  [default: warning; info for serve]",
)
@click.option(
    "--log-format",
    type=click.Choice(logs.FORMATS),
    envvar="KIMCORE_LOG_FORMAT",
    default="text",
    show_default=True,
    help="A line for people, or one JSON object a line (env KIMCORE_LOG_FORMAT).",
)
@click.version_option(
    k.__version__, "--version", prog_name="kimcore", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    url: str,
    policy_file: Path | None,
    lang: str,
    debug: bool,
    log_level: str | None,
    log_format: str,
) -> None:
    """Record and share the life of Indonesia's KIM: see and operate a kimcore event store."""
    ctx.meta["kimcore.debug"] = debug
    ctx.meta["kimcore.lang"] = lang
    ctx.obj = url
    ctx.meta["kimcore.policy_file"] = policy_file
    if policy_file is not None:
        policy_of(ctx)  # a bad file fails every command, before it does anything
    ctx.meta["kimcore.log"] = (log_level, log_format)
    # The pool's own warnings (a server gone away, reconnecting) would repeat what a
    # command says in its one-line error (serve, which runs on, shows them).
    log_to(ctx, log_level or "warning", log_format, quiet=() if debug else ("psycopg.pool",))


cli.add_command(reading.log)
cli.add_command(reading.show)
cli.add_command(operate.export)
cli.add_command(operate.project)
cli.add_command(operate.verify)
cli.add_command(operate.keys)
cli.add_command(operate.copy)
cli.add_command(operate.plugins)
cli.add_command(report)
cli.add_command(policy)
cli.add_command(import_)
cli.add_command(serve)
cli.add_command(demo)
