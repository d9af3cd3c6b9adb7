"""The JSON Schemas of the service's answers, for its OpenAPI document.

The bodies of commands and events are not written here: they are read off their attrs
classes (``kimcore.wire.json_schema``), as ``/api/schema`` serves them. What is here are the
answers the routes put together around them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ANSWERS", "INDEX_LINKS"]

# The routes ``GET /api`` links to, by name: the index and its schema below list the same ones.
INDEX_LINKS = (
    "models",
    "kims",
    "reports",
    "charts",
    "log",
    "log_stream",
    "schema",
    "catalogue",
    "rules",
    "openapi",
    "docs",
)

_ROW = {"type": "object", "additionalProperties": True}
_URL = {"type": "string", "format": "uri"}
_NEXT = {"anyOf": [_URL, {"type": "null"}], "description": "The next page, or null."}
_FRESH = {
    "checkpoint": {"type": "integer", "description": "The log position the read model reached."},
    "head": {"type": "integer", "description": "The log's last position."},
    "behind": {"type": "integer", "description": "Events still to project (counted to 10,000)."},
}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": sorted(properties),
    }


ANSWERS: dict[str, dict[str, Any]] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details, with kimcore's extension members.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "rule": {"type": "string", "description": "The rule's code (GET /api/rules)."},
            "message_id": {"type": "string", "description": "The same in Indonesian."},
            "field": {"type": ["string", "null"], "description": "The first bad field."},
            "errors": {
                "type": "array",
                "description": "Every bad field, by its path (founders[1].category).",
                "items": {
                    "type": "object",
                    "properties": {
                        "field": {"type": "string"},
                        "rule": {"type": "string"},
                        "message": {"type": "string"},
                        "message_id": {"type": "string"},
                    },
                    "required": ["field", "rule", "message"],
                },
            },
            "error": {"type": "object", "deprecated": True, "description": "The old body."},
        },
        "required": ["type", "title", "status", "detail", "rule", "message_id", "errors"],
    },
    "Index": _object(
        {
            "service": {"const": "kimcore"},
            "version": {"type": "string"},
            "health": {"type": "object"},
            **dict.fromkeys(INDEX_LINKS, _URL),
        },
        "What the service is, where everything is, and each read model's health.",
    ),
    "Tables": _object(
        {"head": {"type": "integer"}, "tables": {"type": "array", "items": _ROW}},
        "Every read-model table: its columns, key, checkpoint, personal columns, URL.",
    ),
    "Rows": _object(
        {
            "table": {"type": "string"},
            **_FRESH,
            "total": {"type": "integer"},
            "offset": {"type": "integer"},
            "limit": {"type": "integer"},
            "next": _NEXT,
            "rows": {"type": "array", "items": _ROW},
        },
        "A page of a read-model table's rows (list columns as arrays); with facet=,"
        " facets: {column: [{value, count}]}.",
    ),
    "Kim": _object(
        {
            "group": {"anyOf": [_ROW, {"type": "null"}]},
            "version": {"type": "integer"},
            **_FRESH,
            "members": {"type": "array", "items": _ROW},
            "timeline": {"type": "array", "items": {"$ref": "#/components/schemas/LogLine"}},
        },
        "One KIM, its members, and its timeline from the log.",
    ),
    "Reports": _object(
        {"levels": {"type": "array", "items": {"type": "string"}}, "reports": {"type": "array"}},
        "Every report, its columns, the levels it counts by.",
    ),
    "Report": _object(
        {
            "report": {"type": "string"},
            "title": {"type": "string"},
            "level": {"type": "string"},
            "as_of": {"type": ["string", "null"]},
            "events_read": {"type": "integer"},
            "position": {"type": "integer"},
            **_FRESH,
            "columns": {"type": "array", "items": _ROW},
            "rows": {"type": "array", "items": _ROW},
        },
        "A report's rows, counted as of a moment.",
    ),
    "Charts": _object(
        {
            "charts": {
                "type": "array",
                "items": _object(
                    {
                        "name": {"type": "string"},
                        "title": {"type": "string"},
                        "title_id": {"type": "string"},
                        "url": _URL,
                        "image": _URL,
                    },
                    "A chart: its titles, its data's URL and its picture's (SVG).",
                ),
            }
        },
        "Every chart the page draws.",
    ),
    "Chart": {
        **_object(
            {
                "chart": {"type": "string"},
                "title": {"type": "string"},
                "title_id": {"type": "string"},
                "region": {"type": ["string", "null"], "description": "The region asked for."},
                "level": {"type": "string", "description": "What a row is (a level, a month…)."},
                "series": {
                    "type": "array",
                    "items": _object(
                        {"name": {"type": "string"}, "label_id": {"type": "string"}},
                        "A count each row holds: its key in values, its label.",
                    ),
                },
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "key": {"type": "string"},
                            "label": {"type": "string"},
                            "values": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
                        "required": ["key", "label", "values"],
                        "additionalProperties": True,
                    },
                },
                "total": {"type": "integer"},
                **_FRESH,
            },
            "A chart's counts: a row a bar (or a tile of the map), a value a series.",
        ),
        "additionalProperties": True,
    },
    "LogLine": {
        "type": "object",
        "description": "One event of the log; data's schema is the event type's (/api/schema).",
        "properties": {
            "position": {"type": "integer"},
            "event_type": {"type": "string"},
            "stream_id": {"type": "string"},
            "data": {"type": "object"},
        },
        "required": ["position", "event_type", "data"],
        "additionalProperties": True,
    },
    "Log": _object(
        {
            "after": {"type": "integer"},
            "head": {"type": "integer"},
            "next": _NEXT,
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/LogLine"}},
        },
        "A page of the global log.",
    ),
    "Recorded": _object(
        {
            "command": {"type": "string"},
            "recorded": {"type": "array", "items": {"$ref": "#/components/schemas/LogLine"}},
        },
        "What a command recorded (nothing: it changed nothing).",
    ),
    "ImportReport": {
        "type": "object",
        "description": "Every row's outcome, in the file's order, each refusal with its rule.",
        "additionalProperties": True,
    },
    "Schemas": _object(
        {
            "commands": {"type": "object", "additionalProperties": _URL},
            "events": {"type": "object", "additionalProperties": _URL},
        },
        "Where the JSON Schema of every command and event is.",
    ),
    "JsonSchema": {"type": "object", "description": "A JSON Schema (draft 2020-12)."},
    "Catalogue": _object(
        {
            "techniques": {"type": "array", "items": _ROW},
            "channels": {"type": "array", "items": _ROW},
            "partnership_types": {"type": "array", "items": _ROW},
        },
        "What the policy's catalogue names: techniques, channels, partnership types.",
    ),
    "Rules": _object(
        {"rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}},
        "Every rule an answer may name.",
    ),
    "Rule": _object(
        {
            "rule": {"type": "string"},
            "title": {"type": "string"},
            "title_id": {"type": "string"},
        },
        "A rule: its code and what it means, in English and Indonesian.",
    ),
}
