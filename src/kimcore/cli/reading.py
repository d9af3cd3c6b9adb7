"""Reading the store from the command line: the log, one stream, an export."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

import kimcore as k
from kimcore import _json
from kimcore.adapters.export import record_line
from kimcore.cli.common import fail, open_from, out, say
from kimcore.events.keys import Keys

__all__ = ["log", "show"]


JSON_HELP = "One JSON object a line (as export writes them), for scripts."


def _json_line(codec: k.events.Codec, recorded: k.RecordedEvent[k.Event]) -> None:
    sys.stdout.buffer.write(_json.dumps(record_line(codec, recorded)) + b"\n")


def _brief(data: dict[str, Any]) -> str:
    parts = []
    for key, value in data.items():
        # Ids are the stream's; a None says nothing (and is Python's word, not a reader's).
        if key.endswith("_id") or value is None or isinstance(value, dict | list):
            continue
        parts.append(f"{key}={value}")
    line = ", ".join(parts)
    return line if len(line) <= 80 else line[:79] + "…"


@click.command()
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@click.option("--stream", help="Only streams whose id starts with this.")
@click.option("--after", type=click.IntRange(0), default=0, help="Start after this position [0].")
@click.option("--limit", type=click.IntRange(1), default=50, help="At most this many events [50].")
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
    store = open_from(ctx)
    codec = k.get_plugins().codec()
    known = {cls.event_name for cls in codec.registry}
    unknown = sorted(set(types) - known)
    if unknown:
        types_known = ", ".join(sorted(known))
        fail(
            say(
                f"unknown event type(s) {', '.join(unknown)} (known: {types_known})",
                f"jenis peristiwa tidak dikenal: {', '.join(unknown)} (yang ada: {types_known})",
            )
        )
    table = Table(
        say("position", "posisi"),
        say("type", "jenis"),
        say("recorded at", "dicatat pada"),
        say("stream @ version / data", "aliran @ versi / data"),
    )
    shown = 0
    while shown < limit and (page := store.read_all(after, 1000)):
        keys = (
            Keys.for_payloads(store.keys.get_many, (s.data for s in page))
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
    out.print(
        say(
            f"{shown} event(s); next page: --after {after}",
            f"{shown} peristiwa; halaman berikutnya: --after {after}",
        )
    )


@click.command()
@click.argument("stream_id")
@click.option("--personal-data", is_flag=True, help="Open personal fields (else [redacted]).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_context
def show(ctx: click.Context, stream_id: str, personal_data: bool, as_json: bool) -> None:
    """One stream's events, in order."""
    store = open_from(ctx)
    codec = k.get_plugins().codec()
    events = store.read_stream(stream_id)
    if not events:
        fail(
            say(
                f"no stream {stream_id!r} (see: kimcore log)",
                f"tidak ada aliran {stream_id} (lihat: kimcore log)",
            )
        )
    keys = (
        Keys.for_payloads(store.keys.get_many, (s.data for s in events)) if personal_data else None
    )
    if as_json:
        for stored in events:
            _json_line(codec, codec.decode(stored, keys))
        return
    table = Table(
        "v",
        say("position", "posisi"),
        say("type", "jenis"),
        say("recorded at", "dicatat pada"),
        "data",
        title=stream_id,
    )
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
