"""Writing over HTTP: commands as JSON, and registers to import; both need the ``write`` scope.

``POST /api/commands/{name}`` takes the command's fields as a JSON object (its
schema is at ``/api/schema/commands/{name}``). An ``Idempotency-Key`` header
holding a UUID becomes the command's id: sending the same command again with
the same key records nothing and answers 200 with what the first one recorded, however many
events were recorded since (201 is for a command recorded by this request).
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import uuid
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from kimcore.adapters.export import record_line
from kimcore.register import import_register, register_table, template_table
from kimcore.spreadsheets import Deadline, TooLarge, read_table, write_xlsx
from kimcore.vocabulary.errors import ConcurrencyConflict, DomainError, InvalidValue
from kimcore.web.http import (
    XLSX,
    HttpError,
    csv_response,
    json_response,
    known_params,
    may,
    query_bool,
    query_lang,
    reader,
    require,
    service_of,
    xlsx_response,
)
from kimcore.wire import structure_command

__all__ = ["MAX_BODY", "command", "daftar_kim", "import_", "import_template"]

_log = logging.getLogger("kimcore.web")

MAX_BODY = 10 * 1024 * 1024  # a register of some ten thousand rows fits; a mistake does not
COMMAND_LABEL = "command"  # the metadata label naming the command a keyed request sent


async def _body(request: Request, most: int = MAX_BODY) -> bytes:
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > most:
        raise HttpError.refused(TooLarge("body", f"is over {most} bytes", bound=most), 413)
    chunks, total = [], 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > most:
                raise HttpError.refused(TooLarge("body", f"is over {most} bytes", bound=most), 413)
            chunks.append(chunk)
    except ClientDisconnect:
        # The client's doing (a dropped upload), not the service's: nobody reads the answer,
        # and nothing was recorded.
        _log.info("%s %s: the client left before its body ended", request.method, request.url.path)
        raise HttpError(
            400,
            "the client closed the connection before the body ended",
            field="body",
            message_id="Koneksi ditutup sebelum isi permintaan selesai dikirim",
        ) from None
    return b"".join(chunks)


def _same_command(name: str, earlier: str | None, key: str | None) -> None:
    """Refuse a key whose first recording was of another command than *name*.

    Events recorded without the label (by Python, or before the service wrote it) say nothing,
    and are taken as the first sending's.
    """
    if earlier is None or earlier == name:
        return
    raise HttpError(
        422,
        f"Idempotency-Key {key} was sent before with {earlier}, not {name}: a retry sends the"
        " same command again; another command needs a new key",
        rule="idempotency-key-reused",
        field="Idempotency-Key",
        message_id=f"Idempotency-Key {key} sudah dipakai untuk perintah {earlier}; perintah lain"
        " perlu kunci baru",
    )


async def command(request: Request) -> Response:
    """``POST /api/commands/{name}``: 201 with what was recorded, 422 refused, 409 conflict."""
    require(request, "write")
    service = service_of(request)
    known_params(request)
    name = request.path_params["name"]
    if name not in service.commands:
        raise HttpError(
            404, f"no command {name!r}; known: {', '.join(service.commands)}", rule="not-found"
        )
    try:
        data = json.loads(await _body(request))
    except RecursionError:  # nested deeper than the parser goes: no command is
        raise HttpError.refused(InvalidValue("body", "is nested too deeply"), 400) from None
    except ValueError as exc:
        raise HttpError.refused(InvalidValue("body", f"is not JSON: {exc}"), 400) from None
    key = request.headers.get("idempotency-key")
    try:
        command_id = uuid.UUID(key) if key else None
    except ValueError:
        raise HttpError.refused(
            InvalidValue("Idempotency-Key", f"must be a UUID, got {key!r}"), 400
        ) from None
    personal = may(request, "personal")

    try:
        made = structure_command(name, data, service.commands, service.catalogue)
        app = await service.aio.app()
        # The events a keyed command records name it, so that the key sent again with another
        # command is told from a retry: the store finds a key's events by the key alone.
        extra = {COMMAND_LABEL: name} if command_id is not None else None
        recorded = await app.handle(made, command_id=command_id, extra=extra)
        if command_id is not None and recorded and not recorded.new:
            _same_command(name, recorded[0].metadata.extra.get(COMMAND_LABEL), key)
        if personal or not recorded:
            lines = [record_line(service.codec, r) for r in recorded]
        else:
            # Read back as the log holds it, personal fields sealed: a resent command's answer
            # is the first one's, and the scope, not having sent them, decides who reads them.
            first = recorded[0]
            stored = await app.store.read_stream(first.stream_id, first.stream_version)
            lines = await service.aio.lines(stored[: len(recorded)], personal=False)
    except ConcurrencyConflict as conflict:  # retries spent too
        raise HttpError(
            409,
            str(conflict),
            rule="conflict",
            message_id="Data berubah bersamaan dengan perintah ini; kirim perintah sekali lagi",
        ) from None
    except DomainError as error:
        raise HttpError.refused(error) from None
    # 201: recorded now; 200: nothing to record, or recorded by the same command before (the
    # application says which: a head read around the call lags on PostgreSQL).
    return json_response({"command": name, "recorded": lines}, status=201 if recorded.new else 200)


async def import_(request: Request) -> Response:
    """``POST /api/import?dry_run=true``: a register as CSV or XLSX; every row's outcome."""
    require(request, "write")
    service = service_of(request)
    known_params(request, "dry_run", "name")
    dry_run = query_bool(request, "dry_run")
    # Media types are case-insensitive (RFC 9110 section 8.3.1): TEXT/CSV is text/csv.
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = {
        "text/csv": ".csv",
        XLSX: ".xlsx",
    }.get(kind)
    if suffix is None:
        raise HttpError(
            415,
            f"send the register as text/csv or as an XLSX workbook, not {kind or 'nothing'!r}",
            rule="unsupported-media-type",
            message_id="Kirim register sebagai berkas CSV (text/csv) atau buku kerja XLSX;"
            f" jenis berkas yang dikirim: {kind or 'tidak ada'}",
        )
    body = await _body(request, service.limits.max_bytes)

    def run() -> dict[str, Any]:
        deadline = Deadline(service.limits)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"register{suffix}"
            path.write_bytes(body)
            table = read_table(path, deadline=deadline)
        name = request.query_params.get("name", f"register{suffix}")
        report = import_register(service.app, table, dry_run=dry_run, name=name, deadline=deadline)
        return report.as_dict()

    try:
        report = await run_in_threadpool(run)
    except TooLarge as error:  # a bound of docs/http.md#security
        raise HttpError.refused(error, 413) from None
    except DomainError as error:
        raise HttpError.refused(error) from None
    return json_response(report)  # refused rows are in the report, each with its rule


def import_template(request: Request) -> Response:
    """``GET /api/import/template.csv`` or ``.xlsx`` (``?lang=id`` for Indonesian headings)."""
    reader(request)
    fmt = request.path_params["format"]
    if fmt not in ("csv", "xlsx"):
        raise HttpError(
            404, f"no template.{fmt}; there are template.csv and template.xlsx", rule="not-found"
        )
    known_params(request, "lang")
    headings, rows = template_table(query_lang(request))
    if fmt == "csv":
        return csv_response(headings, rows, "kim-register.csv")
    out = io.BytesIO()
    write_xlsx(out, "Register KIM", headings, rows)
    return xlsx_response(out.getvalue(), "kim-register.xlsx")


def daftar_kim(request: Request) -> Response:
    """``GET /api/daftar-kim.csv`` or ``.xlsx``: the list of KIMs in the import's layout.

    ``?lang=id`` for the Indonesian headings, words and day-first dates. The list holds the
    members' names and contacts, so it needs a token of the ``personal`` scope.
    """
    service = reader(request)
    require(request, "personal")
    fmt = request.path_params["format"]
    if fmt not in ("csv", "xlsx"):
        raise HttpError(
            404,
            f"no daftar-kim.{fmt}; there are daftar-kim.csv and daftar-kim.xlsx",
            rule="not-found",
        )
    known_params(request, "lang")
    headings, rows = register_table(service.app, query_lang(request))
    if fmt == "csv":
        return csv_response(headings, rows, "daftar-kim.csv")
    out = io.BytesIO()
    write_xlsx(out, "Daftar KIM", headings, rows)
    return xlsx_response(out.getvalue(), "daftar-kim.xlsx")
