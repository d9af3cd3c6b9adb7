"""Errors over HTTP as RFC 9457 problem details, and the rules they name, as routes.

Every failure answers ``application/problem+json``::

    {"type": "https://host/api/rules/invalid-value", "title": "A field is not valid",
     "status": 422, "detail": "2 fields are not valid: party, held_on",
     "instance": "/api/commands/HoldActivity",
     "rule": "invalid-value", "message_id": "[invalid-value] Isian tidak sah: ...",
     "field": "party",
     "errors": [{"field": "party", "rule": "invalid-value", "message": "must be a JSON object"},
                {"field": "held_on", "rule": "invalid-value", "message": "must be a date ..."}]}

``type`` is the rule's own route (``GET /api/rules/{rule}`` says what it means in English
and Indonesian); ``rule``, ``message_id``, ``field`` and ``errors`` are extension members.
The ``error`` member that held the same before is kept for one release (deprecated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import NoMatchFound

from kimcore import _json
from kimcore.domain.messages import RULES_ID
from kimcore.vocabulary.errors import DomainError

__all__ = [
    "PROBLEM",
    "FieldProblem",
    "problem_response",
    "rule_titles",
]

PROBLEM = "application/problem+json"

# The rules the HTTP layer itself answers with (the domain's come from its error classes).
HTTP_RULES: Mapping[str, tuple[str, str]] = {
    "http": ("The request cannot be answered", "Permintaan tidak dapat dilayani"),
    "not-found": ("Nothing is there", "Tidak ditemukan"),
    "method-not-allowed": ("The method is not allowed here", "Metode tidak diizinkan di sini"),
    "unauthenticated": ("A known bearer token is needed", "Perlu token yang dikenal"),
    "forbidden": ("The token lacks the scope", "Token tidak memiliki cakupan yang diperlukan"),
    "conflict": ("Another write came first", "Konflik dengan penulisan lain"),
    "idempotency-key-reused": (
        "The Idempotency-Key was sent before with another command",
        "Idempotency-Key sudah dipakai untuk perintah lain",
    ),
    "too-large": ("The body is too large", "Isi permintaan terlalu besar"),
    "unsupported-media-type": ("The body's type is not accepted", "Jenis isi tidak diterima"),
    "internal": ("The service failed", "Layanan gagal; catatan log menjelaskan sebabnya"),
}

FieldProblem = dict[str, str]
"""One bad field: ``{"field", "rule", "message"}`` (and ``message_id`` when known)."""


def _domain_errors(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _domain_errors(sub)


# A docstring's cross-references (``[`Limits`][kimcore.spreadsheets.Limits]``) and code marks
# are the documentation site's markup: a problem's title is read as plain text.
_REFERENCE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")


def _plain(doc: str) -> str:
    return _REFERENCE.sub(r"\1", doc).replace("`", "")


def rule_titles() -> dict[str, dict[str, str]]:
    """Every rule code an answer may name: its English title and its Indonesian words.

    The domain's rules are read off its error classes (plugins' too, once imported), the
    HTTP layer's from `HTTP_RULES`.
    """
    found: dict[str, dict[str, str]] = {}
    for cls in (DomainError, *_domain_errors(DomainError)):
        code = cls.__dict__.get("rule")
        if not isinstance(code, str) or code in found:
            continue
        doc = (cls.__doc__ or code).strip().split("\n\n", 1)[0]
        found[code] = {"title": _plain(" ".join(doc.split())), "title_id": RULES_ID.get(code, "")}
    for code, (title, title_id) in HTTP_RULES.items():
        found.setdefault(code, {"title": title, "title_id": title_id})
    return dict(sorted(found.items()))


def _type(request: Request | None, code: str) -> str:
    if request is None:
        return "about:blank"
    try:
        return str(request.url_for("rule", rule=code))
    except NoMatchFound:  # a host's router, without kimcore's routes
        return "about:blank"


def problem_response(
    request: Request | None,
    *,
    status: int,
    rule: str,
    detail: str,
    message_id: str,
    field: str | None = None,
    errors: Sequence[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """One problem details body (RFC 9457) with kimcore's extension members."""
    titles = rule_titles()
    title = titles[rule]["title"] if rule in titles else HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": _type(request, rule),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path if request is not None else None,
        "rule": rule,
        "message_id": message_id,
        "field": field,
        "errors": list(errors),
        # Deprecated: the body before problem details, kept for one release.
        "error": {
            "status": status,
            "rule": rule,
            "field": field,
            "message": detail,
            "message_id": message_id,
        },
    }
    return Response(
        _json.dumps(body), status_code=status, media_type=PROBLEM, headers=dict(headers or {})
    )
