"""``GET /docs``: the API to try in a browser (Swagger UI); the catalogue and the rules.

Swagger UI's files come from a Python package (``swagger-ui-bundle-v2``, in the ``web``
extra), served by the app itself: the page loads nothing from any other site, and runs no
inline script (a strict Content-Security-Policy allows it).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from kimcore import _json
from kimcore.web.http import HttpError, known_params, reader, service_of
from kimcore.web.problems import rule_titles
from kimcore.wire import json_schema

__all__ = [
    "DOCS_POLICY",
    "catalogue",
    "docs_page",
    "docs_script",
    "docs_static",
    "rule",
    "rules_index",
]

# The page's own Content-Security-Policy: scripts and styles from this app only (Swagger UI
# sets some styles inline), its icons inline, its calls to this app; nothing framed.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The files of Swagger UI the page uses; nothing else of the package is served.
_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "favicon-32x32.png": "image/png",
}


def _bundle() -> Path:
    try:
        import swagger_ui_bundle  # noqa: PLC0415 - the web extra's, needed by this page only
    except ImportError:
        raise HttpError(
            404,
            "the docs page needs the web extra: pip install 'kimcore[web]'",
            rule="not-found",
            message_id="Halaman dokumentasi memerlukan paket tambahan web",
        ) from None
    return Path(str(swagger_ui_bundle.swagger_ui_path))


def _path(request: Request, name: str, **params: str) -> str:
    return request.url_for(name, **params).path


def docs_page(request: Request) -> Response:
    """``GET /docs``: every route, to read and try (Swagger UI, from its package)."""
    reader(request)
    known_params(request)
    _bundle()
    css = escape(_path(request, "docs_static", file="swagger-ui.css"))
    icon = escape(_path(request, "docs_static", file="favicon-32x32.png"))
    scripts = "".join(
        f'<script src="{escape(_path(request, n, **p))}"></script>'
        for n, p in (
            ("docs_static", {"file": "swagger-ui-bundle.js"}),
            ("docs_static", {"file": "swagger-ui-standalone-preset.js"}),
            ("docs_script", {}),
        )
    )
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>kimcore API</title><link rel="stylesheet" href="{css}">'
        f'<link rel="icon" href="{icon}"></head>'
        f'<body><div id="swagger-ui"></div>{scripts}</body></html>',
        headers={"Content-Security-Policy": DOCS_POLICY},
    )


def docs_script(request: Request) -> Response:
    """``GET /docs/init.js``: starts Swagger UI on this app's ``/openapi.json``."""
    reader(request)
    known_params(request)
    url = json.dumps(_path(request, "openapi"))
    script = (
        "window.ui = SwaggerUIBundle({"
        f"url: {url}, dom_id: '#swagger-ui', deepLinking: true,"
        " presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],"
        " layout: 'StandaloneLayout'});\n"
    )
    return Response(script, media_type="text/javascript")


def docs_static(request: Request) -> Response:
    """``GET /docs/static/{file}``: one of Swagger UI's files, from its package."""
    reader(request)
    known_params(request)
    name = request.path_params["file"]
    if name not in _FILES:
        raise HttpError(404, f"no file {name!r} here", rule="not-found")
    return FileResponse(
        _bundle() / name,
        media_type=_FILES[name],
        headers={"Cache-Control": "public, max-age=86400"},
    )


def catalogue(request: Request) -> Response:
    """``GET /api/catalogue``: the techniques, channels and partnership types the policy knows.

    Commands name them (``HoldActivity.technique``, a channel's ``name``,
    ``SignPartnership.partnership_type``); each partnership type says its terms' schema.
    """
    reader(request)
    known_params(request)
    found = service_of(request).catalogue
    body = {
        "techniques": [
            {"name": t.name, "family": t.family.value, "description": t.description}
            for t in sorted(found.techniques.values(), key=lambda t: t.name)
        ],
        "channels": [
            {"name": c.name, "kind": c.kind.value}
            for c in sorted(found.channels.values(), key=lambda c: c.name)
        ],
        "partnership_types": [
            {
                "name": p.name,
                "description": p.description,
                "partner_sectors": sorted(s.value for s in p.partner_sectors),
                "terms": json_schema(p.terms_type),
            }
            for p in sorted(found.partnership_types.values(), key=lambda p: p.name)
        ],
    }
    return Response(_json.dumps(body), media_type="application/json")


def rules_index(request: Request) -> Response:
    """``GET /api/rules``: every rule an answer may name, with what it means in both languages."""
    reader(request)
    known_params(request)
    rules = [
        {"rule": code, **words, "url": str(request.url_for("rule", rule=code))}
        for code, words in rule_titles().items()
    ]
    return Response(_json.dumps({"rules": rules}), media_type="application/json")


def rule(request: Request) -> Response:
    """``GET /api/rules/{rule}``: one rule (the ``type`` of a problem that names it)."""
    reader(request)
    known_params(request)
    code = request.path_params["rule"]
    words = rule_titles().get(code)
    if words is None:
        raise HttpError(
            404, f"no rule {code!r}", rule="not-found", message_id=f"Aturan {code!r} tidak dikenal"
        )
    return Response(_json.dumps({"rule": code, **words}), media_type="application/json")
