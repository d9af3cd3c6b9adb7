"""``GET /openapi.json``: the service's OpenAPI 3.1 document, made from the app's own routes.

Every route of the app is in it (a plugin's too, with what its docstring says). Command bodies
and event data are the JSON Schemas of their attrs classes, as ``/api/schema`` serves them
(``kimcore.wire.json_schema``, with the policy's catalogue: techniques, channels and
partnership types as enums), each under ``components/schemas`` (``FormGroup``,
``event.GroupFormed``); errors are ``Problem`` (RFC 9457). ``servers`` is the prefix the app
is served under, so a docs page's "try it out" calls the right place when mounted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kimcore import _json
from kimcore._version import __version__
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.web.answers import ANSWERS
from kimcore.web.charts import CHARTS
from kimcore.web.http import known_params, reader, service_of
from kimcore.web.service import Service
from kimcore.wire import json_schema

__all__ = ["document", "openapi"]

_PARAM = re.compile(r"\{([^}:]+)(:[^}]*)?\}")
_PROBLEMS = {
    "400": "The request is malformed (a parameter named in the problem).",
    "401": "No token, or one this service does not know.",
    "403": "The token lacks the scope.",
    "404": "Nothing there.",
    "405": "The route does not take this method (Allow says which).",
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def _header(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "schema": {"type": "string"}, "description": description}


def _json_answer(name: str, description: str, **media: dict[str, Any]) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
    return {"description": description, "content": content | media}


_FRESH_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send it back as If-None-Match."},
    "Kimcore-Checkpoint": {"schema": {"type": "integer"}},
    "Kimcore-Head": {"schema": {"type": "integer"}},
    "Kimcore-Behind": {"schema": {"type": "integer"}},
}
_CONDITIONAL = _header("If-None-Match", "An ETag of an earlier answer: 304 if still current.")
_REGION = _query("region", {"type": "string"}, "A region code and those within it.")
_PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, "Rows."),
    _query("offset", {"type": "integer", "minimum": 0, "default": 0}, "Rows to skip."),
    _query("cursor", {"type": "string"}, "The next page's cursor, from the page before."),
    _query("order", {"type": "string"}, "A sortable column; -column for descending."),
    _query("sort", {"type": "string"}, "A sortable column, ascending."),
    _query("sort_desc", {"type": "string"}, "A sortable column, descending."),
    _query("q", {"type": "string"}, "Rows whose name holds this text (A-Z in either case)."),
    {
        "name": "facet",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
        "description": "Count the rows the filters keep by this column's values (repeatable).",
    },
    _query("region", {"type": "string"}, "A region code and every region within it."),
    _query("format", {"enum": ["json", "csv"], "default": "json"}, "csv: every row, as CSV."),
    {
        "name": "filters",
        "in": "query",
        "style": "form",
        "explode": True,
        "schema": {"type": "object", "additionalProperties": {"type": "string"}},
        "description": "Any column by its value (?stage=registered); _null: missing,"
        " _notnull: present; column__gt, __gte, __lt, __lte: a range.",
    },
]
_CSV = {"text/csv": {"schema": {"type": "string"}}}
_XLSX = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "contentMediaType": "application/octet-stream"}
    }
}
_HTML = {"description": "An HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}}


def _operations(service: Service) -> dict[str, dict[str, Any]]:
    """What each route of kimcore's takes and answers, by route name."""
    tables = sorted(service.tables)
    commands = sorted(service.commands)
    events = sorted(cls.event_name for cls in service.codec.registry)
    rows = _json_answer("Rows", "A page of rows.", **_CSV) | {"headers": _FRESH_HEADERS}
    return {
        "home": {"responses": {"200": _HTML}},
        "kim_page": {"responses": {"200": _HTML}},
        "index": {"responses": {"200": _json_answer("Index", "The service.")}},
        "models": {"responses": {"200": _json_answer("Tables", "Every table.")}},
        "model": {
            "parameters": [_path("table", {"enum": tables}), *_PAGING, _CONDITIONAL],
            "responses": {"200": rows, "304": {"description": "Not modified."}},
        },
        "kims": {
            "parameters": [*_PAGING, _CONDITIONAL],
            "responses": {"200": rows, "304": {"description": "Not modified."}},
        },
        "kim": {
            "parameters": [_path("group_id", {"type": "string", "format": "uuid"}), _CONDITIONAL],
            "responses": {
                "200": _json_answer("Kim", "The KIM.") | {"headers": _FRESH_HEADERS},
                "304": {"description": "Not modified."},
            },
        },
        "reports": {"responses": {"200": _json_answer("Reports", "Every report.")}},
        "report": {
            "parameters": [
                _path("name", {"enum": sorted(REPORTS)}),
                _query("level", {"enum": list(LEVELS), "default": "regency"}, "Count by."),
                _query("as_of", {"type": "string"}, "YYYY-MM-DD, or a log position: 1234."),
                _REGION,
                _query("format", {"enum": ["json", "csv", "xlsx"], "default": "json"}, "Form."),
                _query("lang", {"enum": ["en", "id"], "default": "en"}, "Headings' language."),
                _CONDITIONAL,
            ],
            "responses": {
                "200": _json_answer("Report", "The report.", **_CSV, **_XLSX)
                | {"headers": _FRESH_HEADERS},
                "304": {"description": "Not modified."},
            },
        },
        "charts": {"responses": {"200": _json_answer("Charts", "Every chart.")}},
        "chart": {
            "parameters": [_path("name", {"enum": sorted(CHARTS)}), _REGION],
            "responses": {
                "200": _json_answer("Chart", "The chart's counts.") | {"headers": _FRESH_HEADERS}
            },
        },
        "chart_image": {
            "parameters": [_path("name", {"enum": sorted(CHARTS)}), _REGION],
            "responses": {
                "200": {
                    "description": "The chart drawn, with its counts said in words.",
                    "content": {"image/svg+xml": {"schema": {"type": "string"}}},
                    "headers": _FRESH_HEADERS,
                }
            },
        },
        "log": {
            "parameters": [
                _query("after", {"type": "integer", "minimum": 0, "default": 0}, "A position."),
                _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "Events."),
            ],
            "responses": {"200": _json_answer("Log", "A page of the log.")},
        },
        "log_stream": {
            "parameters": [
                _query("after", {"type": "integer", "minimum": 0}, "A position to start after."),
                _header("Last-Event-ID", "The last position received: resume after it."),
            ],
            "responses": {
                "200": {
                    "description": "Server-Sent Events: id the position, data a LogLine.",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}},
                }
            },
        },
        "schema": {"responses": {"200": _json_answer("Schemas", "Where the schemas are.")}},
        "command_schema": {
            "parameters": [_path("name", {"enum": commands})],
            "responses": {"200": _json_answer("JsonSchema", "The command's JSON Schema.")},
        },
        "event_schema": {
            "parameters": [_path("name", {"enum": events})],
            "responses": {"200": _json_answer("JsonSchema", "The event data's JSON Schema.")},
        },
        "command": {
            "parameters": [
                _path("name", {"enum": commands}),
                _header("Idempotency-Key", "A UUID: the command's id; sent again, no repeat."),
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [{"$ref": f"#/components/schemas/{c}"} for c in commands]
                        }
                    }
                },
            },
            "responses": {
                "201": _json_answer("Recorded", "Recorded now."),
                "200": _json_answer("Recorded", "Nothing to record, or recorded before."),
                "409": _problem("Another write came first (retries spent)."),
                "413": _problem("The body is over 10 MB."),
                "422": _problem("The rules refuse it: the rule, and every bad field."),
            },
            "security": [{"bearer": []}],
        },
        "import": {
            "parameters": [
                _query("dry_run", {"type": "boolean", "default": False}, "Check, record nothing."),
                _query("name", {"type": "string"}, "The register's name in the report."),
            ],
            "requestBody": {"required": True, "content": {**_CSV, **_XLSX}},
            "responses": {
                "200": _json_answer("ImportReport", "Every row's outcome."),
                "413": _problem("The body is over 10 MB."),
                "415": _problem("Not CSV nor XLSX."),
            },
            "security": [{"bearer": []}],
        },
        "import_template": {
            "parameters": [
                _path("format", {"enum": ["csv", "xlsx"]}),
                _query("lang", {"enum": ["en", "id"], "default": "en"}, "Headings' language."),
            ],
            "responses": {
                "200": {"description": "The register template.", "content": _CSV | _XLSX}
            },
        },
        "daftar_kim": {
            "parameters": [
                _path("format", {"enum": ["csv", "xlsx"]}),
                _query("lang", {"enum": ["en", "id"], "default": "en"}, "Headings' language."),
            ],
            "responses": {
                "200": {
                    "description": "The list of KIMs, in the import's layout.",
                    "content": _CSV | _XLSX,
                },
                "401": _problem("No token."),
                "403": _problem("The token has no personal scope."),
            },
            "security": [{"bearer": []}],
        },
        "catalogue": {"responses": {"200": _json_answer("Catalogue", "The catalogue.")}},
        "rules": {"responses": {"200": _json_answer("Rules", "Every rule.")}},
        "rule": {
            "parameters": [_path("rule", {"type": "string"})],
            "responses": {"200": _json_answer("Rule", "The rule.")},
        },
        "openapi": {
            "responses": {
                "200": {
                    "description": "This document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            }
        },
        "docs": {"responses": {"200": _HTML}},
        "docs_script": {
            "responses": {
                "200": {
                    "description": "The docs page's script.",
                    "content": {"text/javascript": {"schema": {"type": "string"}}},
                }
            }
        },
        "docs_static": {
            "parameters": [_path("file", {"type": "string"})],
            "responses": {"200": {"description": "Swagger UI's files, from its package."}},
        },
    }


def _path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _problem(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


def _hoist(schema: dict[str, Any], name: str, into: dict[str, Any]) -> None:
    """*schema* as ``components/schemas/name``, its ``$defs`` beside it, references moved."""
    text = _json.dumps(schema).decode().replace('"#/$defs/', '"#/components/schemas/')
    moved: dict[str, Any] = _json.loads(text.encode())
    for key in ("$schema", "$id"):
        moved.pop(key, None)
    for def_name, definition in moved.pop("$defs", {}).items():
        into.setdefault(def_name, definition)
    into[name] = moved


def _routes(routes: Iterable[BaseRoute]) -> Iterable[Route]:
    for route in routes:
        if isinstance(route, Route):
            yield route


def openapi(request: Request) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the app *request* reached, its URLs under its prefix."""
    service = service_of(request)
    schemas: dict[str, Any] = {}
    for name, cls in service.commands.items():
        _hoist(json_schema(cls, catalogue=service.catalogue), name, schemas)
    for cls in service.codec.registry:
        _hoist(json_schema(cls), f"event.{cls.event_name}", schemas)
    schemas.update(ANSWERS)
    known = _operations(service)
    paths: dict[str, dict[str, Any]] = {}
    for route in _routes(request.app.routes):
        path = _PARAM.sub(lambda m: "{" + m.group(1) + "}", route.path)
        spec = known.get(route.name, {})
        doc = (route.endpoint.__doc__ or route.name).strip().split("\n\n", 1)
        methods = sorted((route.methods or {"GET"}) - {"HEAD"})
        for method in methods:
            responses = dict(spec.get("responses", {"200": {"description": "The answer."}}))
            responses.update({s: _problem(d) for s, d in _PROBLEMS.items() if s not in responses})
            operation: dict[str, Any] = {
                "operationId": route.name
                if len(methods) == 1
                else f"{route.name}_{method.lower()}",
                "summary": " ".join(doc[0].split()),
                "tags": [_tag(path)],
                "responses": responses,
            }
            if len(doc) > 1:
                operation["description"] = doc[1].strip()
            for key in ("parameters", "requestBody", "security"):
                if key in spec:
                    operation[key] = spec[key]
            # A route no entry describes (a plugin's) still names its path's parameters.
            given = {p["name"] for p in operation.get("parameters", ())}
            missing = sorted({name for name, _ in _PARAM.findall(path)} - given)
            if missing:
                operation["parameters"] = [
                    *operation.get("parameters", ()),
                    *(_path(name, {"type": "string"}) for name in missing),
                ]
            paths.setdefault(path, {})[method.lower()] = operation
    root = request.scope.get("root_path", "").rstrip("/")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kimcore",
            "version": __version__,
            "summary": "Records of Indonesia's KIM community information groups, over HTTP.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": root or "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _tag(path: str) -> str:
    parts = path.strip("/").split("/")
    if parts[0] != "api":
        return "page" if parts[0] in ("", "kim") else "docs"
    return parts[1] if len(parts) > 1 else "service"


def document(request: Request) -> Response:
    """``GET /openapi.json``: the OpenAPI 3.1 document of every route."""
    reader(request)
    known_params(request)
    return Response(_json.dumps(openapi(request)), media_type="application/json")
