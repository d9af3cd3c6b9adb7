"""Reading over HTTP: read-model tables, KIMs, reports, the global log, the JSON Schemas.

Reads of what KIMs publish are open unless the service was started with
reads private (then they need the ``read`` scope). Personal data (members'
names and contacts) is served only to a token with the ``personal`` scope,
and never for a subject whose key is destroyed: those fields read as
``[redacted]`` whatever the token.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import attrs
from starlette.requests import Request
from starlette.responses import Response

from kimcore import _json
from kimcore.domain.identity import AggregateRef
from kimcore.domain.views.query import Query, within
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.domain.views.tables import Row
from kimcore.reporting import parse_as_of, report_document, write_xlsx
from kimcore.vocabulary.errors import DomainError, InvalidValue
from kimcore.vocabulary.personal import REDACTED
from kimcore.web import rows as table_rows
from kimcore.web._report_cache import GZIP_FROM
from kimcore.web.caching import unchanged
from kimcore.web.http import (
    HttpError,
    csv_response,
    given_once,
    json_response,
    known_params,
    may,
    query_choice,
    query_int,
    query_lang,
    query_region,
    reader,
    service_of,
    xlsx_response,
)
from kimcore.web.service import Freshness, Service
from kimcore.wire import json_schema

__all__ = [
    "command_schema",
    "event_schema",
    "kim",
    "kims",
    "log",
    "model",
    "models_index",
    "report",
    "reports_index",
    "schema_index",
]

# Read-model columns that hold personal data, by table: the member's name.
PERSONAL_COLUMNS = {"kim_members": ("name",)}
# Rows read at a time by a CSV download.
CSV_PAGE = 1000


def _bad(field: str, message: str) -> HttpError:
    return HttpError.refused(InvalidValue(field, message), 400)


def _query(request: Request, table: str) -> tuple[Query, tuple[str, ...]]:
    """The query a read's parameters ask for (`kimcore.web.rows`), and the facets asked."""
    service = service_of(request)
    _, found = service.tables[table]
    params = request.query_params
    given_once(request, repeatable=("facet",))
    hidden = () if may(request, "personal") else PERSONAL_COLUMNS.get(table, ())
    wanted = table_rows.asked(params, found, hidden)
    region = query_region(request) or None
    if region and "region_code" not in found.column_names:
        raise _bad("region", f"{table} has no region_code column to filter by")
    try:
        query = Query(
            table=found,
            where=wanted.where,
            present=wanted.present,
            ranges=wanted.ranges,
            contains=wanted.contains,
            region=region,
            order=wanted.order,
            descending=wanted.descending,
            after=params.get("cursor") or None,
            limit=query_int(request, "limit", 100, 1, 1000),
            offset=query_int(request, "offset", 0, 0),
            count=True,
        )
    except DomainError as error:  # the cursor
        raise HttpError.refused(error, 400) from None
    return query, wanted.facets


def _redactor(request: Request, table: str) -> Callable[[list[Row]], list[Row]]:
    """What hides personal columns of rows from a reader without the ``personal`` scope.

    And from any reader, those of a subject whose key is destroyed: the tombstones are read
    once, at the first page, not once a row (a CSV of every member would ask millions of times).
    """
    allowed = may(request, "personal")
    service = service_of(request)
    columns = PERSONAL_COLUMNS.get(table, ())
    forgotten: set[str] | None = None

    def hide(rows: list[Row]) -> list[Row]:
        nonlocal forgotten
        if not columns or not rows:
            return rows
        if allowed and forgotten is None:
            forgotten = {str(subject) for subject in service.store.keys.forgotten()}
        return [
            {**row, **dict.fromkeys(columns, REDACTED)}
            if forgotten is None or row["member_id"] in forgotten
            else row
            for row in rows
        ]

    return hide


def _every_row(service: Service, query: Query, hide: Callable[[list[Row]], list[Row]]) -> Any:
    """Every row *query* keeps, a page of `CSV_PAGE` at a time: memory stays flat."""
    query = attrs.evolve(query, limit=CSV_PAGE, offset=0, count=False)
    names = query.table.column_names
    while True:
        page = service.query(query)
        for row in hide(page.rows):
            yield [row[c] for c in names]
        if page.next is None:
            return
        query = attrs.evolve(query, after=page.next)


def _page(request: Request, table: str) -> Response:
    service = reader(request)
    if table not in service.tables:
        raise HttpError(404, f"no read-model table {table!r}", rule="not-found")
    query, wanted = _query(request, table)
    fmt = query_choice(request, "format", ("json", "csv"), "json")
    if (answer := unchanged(request)) is not None:
        return answer
    fresh = service.freshness(table)
    hide = _redactor(request, table)
    if fmt == "csv":
        return csv_response(
            query.table.column_names,
            _every_row(service, query, hide),
            f"{table}.csv",
            headers=fresh.headers(),
        )
    page = service.query(query)
    following = None
    if page.next is not None:
        kept = [
            (n, v) for n, v in request.query_params.multi_items() if n not in ("offset", "cursor")
        ]
        following = str(request.url.replace(query=urlencode([*kept, ("cursor", page.next)])))
    headers = {"Link": f'<{following}>; rel="next"'} if following else {}
    body: dict[str, Any] = {
        "table": table,
        **fresh.fields(),
        "total": page.total,
        "total_exact": page.exact,
        "offset": query.offset,
        "limit": query.limit,
        "cursor": query.after,
        "next": following,
        "rows": table_rows.typed(query.table, hide(page.rows)),
    }
    if wanted:
        body["facets"] = table_rows.facets(
            service.models, query, wanted, PERSONAL_COLUMNS.get(table, ())
        )
    return json_response(body, headers=headers | fresh.headers())


def models_index(request: Request) -> Response:
    """``GET /api/models``: every read-model table, its columns and checkpoint."""
    service = reader(request)
    known_params(request)
    return json_response(
        {
            "head": service.store.head_position(),
            "tables": [
                {
                    "name": name,
                    "read_model": model.name,
                    **Freshness.of(service.store, service.checkpoint(name)).fields(),
                    "key": list(table.key),
                    "columns": [
                        {"name": c.name, "type": "list" if c.name in table.lists else c.type}
                        for c in table.columns
                    ],
                    "filterable": list(table.filterable),
                    "sortable": list(table.sortable),
                    "personal": list(PERSONAL_COLUMNS.get(name, ())),
                    "url": str(request.url_for("model", table=name)),
                }
                for name, (model, table) in service.tables.items()
            ],
        }
    )


def model(request: Request) -> Response:
    """``GET /api/models/{table}``: its rows, filtered and paged, or as CSV."""
    return _page(request, request.path_params["table"])


def kims(request: Request) -> Response:
    """``GET /api/kims``: the KIM registry (``kim_groups``), filtered and paged."""
    return _page(request, "kim_groups")


def kim(request: Request) -> Response:
    """``GET /api/kims/{group_id}``: one KIM, its members, and its timeline from the log."""
    service = reader(request)
    known_params(request)
    try:
        group_id = uuid.UUID(request.path_params["group_id"])
    except ValueError:
        raise _bad("group_id", f"is not a UUID: {request.path_params['group_id']!r}") from None
    ref = AggregateRef(kind="group", id=group_id)
    fresh = service.freshness("kim_groups")  # read first: the rows are at least this new
    stored = service.store.read_stream(ref.stream_id)
    if not stored:
        raise HttpError(404, f"no KIM {group_id} is recorded", rule="not-found")
    if (answer := unchanged(request)) is not None:
        return answer
    personal = may(request, "personal")
    timeline = service.lines(stored, personal=personal)
    state, version = service.app.load(ref) if personal else (None, len(stored))
    _, groups = service.tables["kim_groups"]
    _, member_table = service.tables["kim_members"]
    rows = table_rows.typed(groups, service.rows("kim_groups", {"group_id": str(group_id)}))
    members = _redactor(request, "kim_members")(
        table_rows.typed(member_table, service.rows("kim_members", {"group_id": str(group_id)}))
    )
    if state is not None:
        names = {str(m): d.name for m, d in state.members.items()}
        members = [{**m, "name": names.get(m["member_id"], m["name"])} for m in members]
    return json_response(
        {
            "group": rows[0] if rows else None,
            "version": version,
            **fresh.fields(),
            "members": members,
            "timeline": timeline,
        },
        headers=fresh.headers(),
    )


def reports_index(request: Request) -> Response:
    """``GET /api/reports``: every report, its columns, the levels it counts by."""
    reader(request)
    known_params(request)
    return json_response(
        {
            "levels": list(LEVELS),
            "reports": [
                {
                    "name": r.name,
                    "title": r.title,
                    "title_id": r.title_id,
                    "columns": [
                        {
                            "name": c.name,
                            "type": c.type,
                            "meaning": c.meaning,
                            "heading_id": c.heading_id,
                        }
                        for c in r.columns
                    ],
                    "url": str(request.url_for("report", name=r.name)),
                }
                for r in REPORTS.values()
            ],
        }
    )


def report(request: Request) -> Response:
    """``GET /api/reports/{name}?level=&as_of=&region=&format=json|csv|xlsx&lang=en|id``."""
    service = reader(request)
    name = request.path_params["name"]
    if name not in REPORTS:
        raise HttpError(404, f"no report {name!r}; known: {', '.join(REPORTS)}", rule="not-found")
    known_params(request, "level", "region", "lang", "format", "as_of")
    params = request.query_params
    level = params.get("level", "regency")
    lang = query_lang(request)
    fmt = query_choice(request, "format", ("json", "csv", "xlsx"), "json")
    region = query_region(request)
    # Checked before the report is counted, as its 304 is answered: only for a good request.
    if level not in LEVELS:
        raise _bad("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
    try:
        as_of = parse_as_of(params.get("as_of"))
    except DomainError as error:
        raise HttpError.refused(error, 400) from None
    if (answer := unchanged(request)) is not None:
        return answer
    try:
        table, fresh = service.report(name, level, as_of)
        table.headings(lang)
    except DomainError as error:
        raise HttpError.refused(error, 400) from None
    if region:
        table = attrs.evolve(
            table, rows=[r for r in table.rows if within(str(r["region_code"]), region)]
        )
    if fmt == "csv":
        return csv_response(
            table.headings(lang),
            table.lines(lang),
            f"{name}.csv",
            headers=fresh.headers(),
        )
    if fmt == "xlsx":
        out = io.BytesIO()
        write_xlsx(table, out, lang=lang)
        return xlsx_response(out.getvalue(), f"{name}.xlsx", headers=fresh.headers())
    # Compact (the indented JSON of `write_json` took a live report's time over again).
    body = _json.dumps(report_document(table, lang=lang, freshness=fresh.fields()))
    if "gzip" not in request.headers.get("accept-encoding", "") or len(body) < GZIP_FROM:
        return Response(body, media_type="application/json", headers=fresh.headers())
    # Compressed here, once for as long as the answer stays the same (`_report_cache`); the
    # gzip middleware passes an answer already encoded.
    packed = service.reports.gzipped((name, level, lang, region), body)
    headers = {**fresh.headers(), "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return Response(packed, media_type="application/json", headers=headers)


def log(request: Request) -> Response:
    """``GET /api/log?after=&limit=``: the global log a page at a time, decoded."""
    service = reader(request)
    known_params(request, "after", "limit")
    after = query_int(request, "after", 0, 0)
    limit = query_int(request, "limit", 100, 1, 1000)
    page = service.store.read_all(after, limit)
    events = service.lines(page, personal=may(request, "personal"))
    following = None
    if len(page) == limit:
        following = str(
            request.url.replace_query_params(after=str(page[-1].position), limit=str(limit))
        )
    return json_response(
        {"after": after, "head": service.store.head_position(), "next": following, "events": events}
    )


def schema_index(request: Request) -> Response:
    """``GET /api/schema``: where the JSON Schema of every command and event is."""
    service = reader(request)
    known_params(request)
    return json_response(
        {
            "commands": {
                n: str(request.url_for("command_schema", name=n)) for n in service.commands
            },
            "events": {
                cls.event_name: str(request.url_for("event_schema", name=cls.event_name))
                for cls in sorted(service.codec.registry, key=lambda c: c.event_name)
            },
        }
    )


def command_schema(request: Request) -> Response:
    """``GET /api/schema/commands/{name}``: what ``POST /api/commands/{name}`` accepts."""
    service = reader(request)
    known_params(request)
    cls = service.commands.get(request.path_params["name"])
    if cls is None:
        raise HttpError(404, f"no command {request.path_params['name']!r}", rule="not-found")
    return json_response(json_schema(cls, id_=str(request.url), catalogue=service.catalogue))


def event_schema(request: Request) -> Response:
    """``GET /api/schema/events/{name}``: the ``data`` of an event of that type, as served."""
    service = reader(request)
    known_params(request)
    name = request.path_params["name"]
    if name not in service.codec.registry:
        raise HttpError(404, f"no event type {name!r}", rule="not-found")
    return json_response(json_schema(service.codec.registry.get(name), id_=str(request.url)))
