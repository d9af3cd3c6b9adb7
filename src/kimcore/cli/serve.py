"""``kimcore serve``: the HTTP service and the office's page, on uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import click

import kimcore as k
from kimcore.cli import logs
from kimcore.cli.common import log_to, out, policy_of, say
from kimcore.spreadsheets import ENVIRONMENT, Limits

__all__ = ["serve"]

# What each bound of an upload is, for --help (kimcore.spreadsheets.Limits; docs/http.md).
_BOUNDS = {
    "max_bytes": "an import's body, in bytes",
    "max_inflated": "an XLSX's members once unzipped, in bytes, together",
    "max_ratio": "how many times an XLSX member of 1 MiB or more inflates",
    "max_sheets": "the sheets of an XLSX",
    "max_rows": "an import's rows that hold something",
    "max_columns": "an import's headings",
    "max_cells": "rows times headings",
    "max_seconds": "the seconds reading and recording an import take",
}


def _bounds(command: Callable[..., None]) -> Callable[..., None]:
    """An option for each bound: ``--import-max-rows`` (``KIMCORE_IMPORT_MAX_ROWS``) and so on."""
    defaults = Limits()
    for field, meaning in reversed(_BOUNDS.items()):
        command = click.option(
            f"--import-{field.replace('_', '-')}",
            field,
            type=click.FloatRange(min=0, min_open=True)
            if field == "max_seconds"
            else click.IntRange(min=1),
            envvar=ENVIRONMENT[field],
            default=getattr(defaults, field),
            show_default=True,
            help=f"Bound on {meaning} (env {ENVIRONMENT[field]}).",
        )(command)
    return command


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--tokens",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    envvar="KIMCORE_TOKENS",
    help="The token file (JSON: names, SHA-256 of each token, scopes; docs/http.md)."
    " Without one, nothing can be written and no personal data read (env KIMCORE_TOKENS).",
)
@click.option(
    "--private-reads", is_flag=True, help="Every read needs a token with the 'read' scope too."
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    envvar="KIMCORE_CORS",
    metavar="ORIGIN",
    help="An origin whose pages may call the API (https://portal.example, or *); repeat for"
    " more (env KIMCORE_CORS, space-separated). Cookies are never allowed: tokens go in"
    " the Authorization header.",
)
@click.option(
    "--log-level",
    type=click.Choice(logs.LEVELS),
    help="kimcore's and uvicorn's log level, as the global --log-level.  [default: info]",
)
@click.option(
    "--log-format",
    type=click.Choice(logs.FORMATS),
    help="text or json, as the global --log-format.",
)
@_bounds
@click.pass_context
def serve(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    /,
    host: str,
    port: int,
    tokens: Path | None,
    private_reads: bool,
    cors: tuple[str, ...],
    log_level: str | None,
    log_format: str | None,
    **bounds: float,
) -> None:
    """Serve the store over HTTP: the API for other apps, the page for an office.

    Needs the web extra: pip install 'kimcore[web]'. The API's routes are in
    docs/http.md and at /docs (OpenAPI at /openapi.json); the page is at /.
    """
    try:
        import uvicorn  # noqa: PLC0415 - the web extra, loaded only to serve

        from kimcore.web import Tokens, create_app  # noqa: PLC0415
        from kimcore.web.mount import cors_origins  # noqa: PLC0415
    except ImportError as exc:
        raise k.errors.InvalidValue(
            "serve", f"needs the web extra ({exc.name} is missing): pip install 'kimcore[web]'"
        ) from None
    chosen_level, chosen_format = ctx.meta.get("kimcore.log", (None, "text"))
    log_to(ctx, log_level or chosen_level or "info", log_format or chosen_format)
    grants = Tokens.from_file(tokens) if tokens is not None else Tokens()
    cors = cors_origins(cors)  # a wrong origin is refused before the store opens
    listening = _listen(host, port)  # and a port in use: one line, before anything starts
    port = listening.getsockname()[1]  # the one the system chose, for --port 0
    try:
        store = k.open_store(ctx.obj)
        limits = Limits(**bounds)  # type: ignore[arg-type]
        app = create_app(
            store,
            tokens=grants,
            private_reads=private_reads,
            cors=cors,
            limits=limits,
            policy=policy_of(ctx),
        )
    except BaseException:
        listening.close()
        raise
    count = len(grants.grants)
    out.print(
        say(
            f"serving {ctx.obj} on http://{host}:{port}/ ({count} token(s)); Ctrl-C stops",
            f"melayani {ctx.obj} di http://{host}:{port}/ ({count} token); tekan Ctrl-C untuk"
            " berhenti",
        ),
        style=None,
    )
    # A live stream would hold a graceful stop open for ever: give it a few seconds.
    # log_config=None: uvicorn's loggers are left to the set-up above, and write through it.
    config = uvicorn.Config(app, log_config=None, timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to *host* and *port*, or `InvalidValue` naming ``port`` and why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as exc:
        raise k.errors.InvalidValue("host", f"cannot listen on {host}: {exc.strerror}") from None
    try:
        # As uvicorn binds its own: a port its last run left in TIME_WAIT is taken again.
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        # Listening now, not when uvicorn starts: two sockets may both bind one port with
        # SO_REUSEADDR while neither listens, so a second service would pass unseen.
        listening.listen(2048)  # uvicorn's own backlog
    except OSError as exc:
        listening.close()
        raise k.errors.InvalidValue(
            "port", f"cannot listen on {host}:{port}: {exc.strerror}"
        ) from None
    listening.set_inheritable(True)
    return listening
