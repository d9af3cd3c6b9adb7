"""What every route shares: the caller's grant, query parameters read by name, JSON errors.

Every failure is one RFC 9457 problem details body (``application/problem+json``, made in
[`kimcore.web.problems`][kimcore.web.problems]) with the status that says what happened: 400
a malformed request, 401 no token or an unknown one, 403 a token without the scope, 404
nothing there, 405 a method the route does not take, 409 a conflict, 413 a body too big, 422 a
command the rules refuse.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kimcore import _json
from kimcore.domain.messages import RULES_ID, for_indonesian
from kimcore.spreadsheets import csv_chunks
from kimcore.vocabulary.errors import DomainError, InvalidValue
from kimcore.web.access import Grant
from kimcore.web.headers import PERSONAL_SHOWN
from kimcore.web.problems import FieldProblem, problem_response
from kimcore.web.service import Service
from kimcore.wire import InvalidFields

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "XLSX",
    "HttpError",
    "csv_response",
    "error_response",
    "given_once",
    "grant_of",
    "json_response",
    "known_params",
    "may",
    "plain_query",
    "query_bool",
    "query_choice",
    "query_int",
    "query_lang",
    "query_region",
    "reader",
    "require",
    "service_of",
    "whole_number",
    "xlsx_response",
]

_log = logging.getLogger("kimcore.web")


_SAID_ID = {
    400: "Permintaan tidak sah",
    401: "Perlu token akses",
    403: "Token tidak berhak atas permintaan ini",
    404: "Yang diminta tidak ditemukan",
    405: "Metode ini tidak diizinkan di sini",
    409: "Data berubah bersamaan; kirim perintah sekali lagi",
    413: "Berkas atau isi permintaan terlalu besar",
    415: "Jenis berkas tidak didukung",
    422: "Perintah ditolak oleh aturan KIM",
    500: "Layanan gagal; lognya menjelaskan sebabnya",
    503: "Layanan belum siap",
}


class HttpError(Exception):
    """A request answered with *status* and one problem details body.

    ``errors`` lists every bad field (``{"field", "rule", "message"}``) when there are any.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        rule: str = "http",
        field: str | None = None,
        message_id: str | None = None,
        headers: dict[str, str] | None = None,
        errors: list[FieldProblem] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.rule, self.field = status, message, rule, field
        # Indonesian alone, as an office reads it: the status said, never the English message.
        self.message_id = message_id or _SAID_ID.get(status, "Permintaan tidak dapat dilayani")
        self.headers = headers or {}
        self.errors = errors or []

    @classmethod
    def refused(cls, error: DomainError, status: int = 422) -> HttpError:
        """A domain refusal: its rule, every bad field, the message in English and Indonesian."""
        field = getattr(error, "field", None)
        problems = error.problems if isinstance(error, InvalidFields) else ()
        if len(problems) > 1:
            fields = ", ".join(p.field for p in problems)
            message = f"{len(problems)} fields are not valid: {fields}"
            message_id = f"[{error.rule}] {RULES_ID[error.rule]}: {fields}"
        else:
            message, message_id = str(error), for_indonesian(error)
        bad = problems or ((error,) if isinstance(error, InvalidValue) else ())
        errors = [
            {
                "field": p.field,
                "rule": p.rule,
                "message": p.detail.split(": ", 1)[-1],
                "message_id": for_indonesian(p),
            }
            for p in bad
        ]
        return cls(
            status, message, rule=error.rule, field=field, message_id=message_id, errors=errors
        )


def error_response(error: HttpError, request: Request | None = None) -> Response:
    """The one problem details body of *error* (its ``type`` and ``instance`` from *request*)."""
    return problem_response(
        request,
        status=error.status,
        rule=error.rule,
        detail=error.message,
        message_id=error.message_id,
        field=error.field,
        errors=error.errors,
        headers=error.headers,
    )


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """*body* as JSON, with kimcore's encoder (UUIDs, dates, and ``ensure_ascii`` off)."""
    return Response(
        _json.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def csv_response(
    headings: Sequence[str],
    rows: Iterable[Sequence[object]],
    filename: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """Rows as a CSV download named *filename* (with *headers* besides), streamed.

    *rows* is read as the download is sent, a few hundred at a time: a generator that pages
    through a table keeps memory flat however many rows there are. Text a spreadsheet program
    would take for a formula gets a leading apostrophe (`kimcore.spreadsheets.neutralised`).
    """
    return StreamingResponse(
        csv_chunks(headings, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    workbook: bytes, filename: str, headers: dict[str, str] | None = None
) -> Response:
    """An XLSX workbook as a download named *filename* (with *headers* besides)."""
    return Response(
        workbook,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})},
    )


def service_of(request: Request) -> Service:
    """The service the app was made for."""
    service: Service = request.app.state.service
    return service


def grant_of(request: Request) -> Grant | None:
    """The grant of the request's bearer token; a token no grant matches is a 401."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HttpError(
            401,
            "the Authorization header must be 'Bearer <token>'",
            rule="unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    grant = service_of(request).tokens.grant_for(token.strip())
    if grant is None:
        # Someone holds a token this service does not know: a stale one, or a guess.
        client = request.client.host if request.client else "?"
        _log.warning(
            "%s %s from %s: a token no entry matches", request.method, request.url.path, client
        )
        raise HttpError(
            401,
            "this token is not known here",
            rule="unauthenticated",
            message_id="Token ini tidak dikenal",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return grant


def require(request: Request, scope: str) -> Grant:
    """The caller's grant if it holds *scope*; else 401 (no token) or 403 (not this scope)."""
    grant = grant_of(request)
    if grant is None:
        raise HttpError(
            401,
            f"this needs a token with the {scope!r} scope",
            rule="unauthenticated",
            message_id=f"Perlu token dengan cakupan \u201c{scope}\u201d",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if scope not in grant.scopes:
        raise HttpError(
            403,
            f"token {grant.name!r} has no {scope!r} scope",
            rule="forbidden",
            message_id=f"Token \u201c{grant.name}\u201d tidak memiliki cakupan \u201c{scope}\u201d",
        )
    plain_query(request)
    _note(request, scope)
    return grant


def plain_query(request: Request) -> None:
    """A 400 naming the first query parameter holding NUL; nothing else is checked here.

    Every value a route passes on may reach SQL, and PostgreSQL refuses text holding NUL
    (the rest a column cannot hold each route refuses, naming what it expected).
    """
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise HttpError.refused(
                InvalidValue(name.replace("\x00", ""), "must not hold a NUL character"), 400
            )


def reader(request: Request) -> Service:
    """The service, for a read: a token sent must be known; with reads private, hold ``read``.

    Its query parameters are checked (`plain_query`) once the caller is.
    """
    service = service_of(request)
    if service.private_reads:
        require(request, "read")
    else:
        grant_of(request)  # a token nobody configured is refused, even where none is needed
        plain_query(request)
    return service


def may(request: Request, scope: str) -> bool:
    """Whether the caller's token holds *scope* (no token: no)."""
    grant = grant_of(request)
    held = grant is not None and scope in grant.scopes
    if held:
        _note(request, scope)
    return held


def _note(request: Request, scope: str) -> None:
    """Mark an answer that may show personal data, for `SecurityHeaders` to keep it uncached."""
    if scope == "personal":
        request.scope.setdefault("state", {})[PERSONAL_SHOWN] = True


# The whole numbers a request may carry: what every store keeps in 64 bits.
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
_WHOLE = re.compile(r"-?[0-9]+")


def whole_number(name: str, text: str, low: int = 0, high: int = INT64_MAX) -> int:
    """*text* as a whole number from *low* to *high* (64 bits at most), or a 400 naming *name*.

    ASCII digits after an optional ``-``, nothing else: ``int`` alone would take ``١٢``,
    ``1_0`` and spaces, which no store and no other reader of the URL takes for a number.
    """
    # Bounded before int(): a thousand digits would be parsed only to be refused.
    short = len(text) <= len(str(INT64_MIN))
    value = int(text) if short and _WHOLE.fullmatch(text) else None
    if value is None or not low <= value <= high:
        raise HttpError.refused(
            InvalidValue(name, f"must be a whole number >= {low} and <= {high}, got {text!r}"),
            400,
        )
    return value


def query_int(request: Request, name: str, default: int, low: int, high: int = INT64_MAX) -> int:
    """A whole-number query parameter within its bounds (`whole_number`), or a 400 naming it."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    return whole_number(name, text, low, high)


def known_params(request: Request, *names: str, repeatable: Iterable[str] = ()) -> None:
    """A 400 naming the first query parameter not among *names*, or one given twice.

    Only those in *repeatable* may come more than once: of a value given twice, which one a
    route would act on is a guess, and a guess at ``dry_run`` records a register for real.
    """
    _check_params(request, set(names), repeatable)


def given_once(request: Request, *, repeatable: Iterable[str] = ()) -> None:
    """A 400 naming the first query parameter given twice (but those in *repeatable*).

    For a route whose parameters are not a fixed list (a table's columns and their ranges).
    """
    _check_params(request, None, repeatable)


def _check_params(request: Request, allowed: set[str] | None, repeatable: Iterable[str]) -> None:
    many = set(repeatable)
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if allowed is not None and name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise HttpError.refused(
                InvalidValue(name, f"is not a parameter of this route (known: {known})"), 400
            )
        if name in seen and name not in many:
            raise HttpError.refused(InvalidValue(name, "is given more than once"), 400)
        seen.add(name)


def query_choice(request: Request, name: str, choices: Sequence[str], default: str) -> str:
    """A query parameter that must be one of *choices* (absent: *default*), or a 400 naming it."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if value not in choices:
        raise HttpError.refused(
            InvalidValue(name, f"must be one of {', '.join(choices)}, got {value!r}"), 400
        )
    return value


def query_lang(request: Request) -> Literal["en", "id"]:
    """``lang``: ``en`` (the default) or ``id`` headings, or a 400 naming it."""
    return "id" if query_choice(request, "lang", ("en", "id"), "en") == "id" else "en"


def query_bool(request: Request, name: str, default: bool = False) -> bool:
    """``true``/``1`` or ``false``/``0`` (absent: *default*), or a 400 naming the parameter.

    In any case (``True``: what a client library writes for a boolean); nothing else, not
    even ``yes`` or an empty value: a guess at ``dry_run`` records a register for real.
    """
    value = request.query_params.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false", "1", "0"):
        raise HttpError.refused(
            InvalidValue(name, f"must be true, false, 1 or 0, got {value!r}"), 400
        )
    return value.lower() in ("true", "1")


_REGION = re.compile(r"\d{1,4}(\.\d{1,4}){0,3}")


def query_region(request: Request) -> str:
    """The ``region`` query parameter: empty for everywhere, else a Kemendagri code (or a 400)."""
    region = request.query_params.get("region", "").strip()
    if region and not _REGION.fullmatch(region):
        raise HttpError.refused(
            InvalidValue("region", f"must be a Kemendagri code like 62.71, got {region!r}"), 400
        )
    return region
