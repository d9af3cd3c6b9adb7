"""A KIM's profile on its page: its secretariat's address and how the public reaches it.

The profile is the body's, not a person's, so the page shows it to everyone: the
street with RT and RW, the village or ward and the district its region code
names, its public telephone and e-mail, its website and social-media accounts.
Indonesian first, English beside it, as on the rest of the office's page.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

__all__ = ["address_line", "profile_facts"]


def _href(address: str) -> str:
    """A web address as a link's target: with its scheme, https when it had none."""
    return address if address.startswith(("http://", "https://")) else f"https://{address}"


def _link(address: str) -> str:
    return f'<a href="{escape(_href(address), quote=True)}" rel="nofollow">{escape(address)}</a>'


def address_line(row: dict[str, Any], district: str | None) -> str | None:
    """The secretariat's address as an office writes it (``Jl. …, RT 003/RW 005, Langkai``)."""
    neighbourhood = " / ".join(
        f"{word} {row[field]}" for word, field in (("RT", "rt"), ("RW", "rw")) if row.get(field)
    )
    parts = [row.get("street"), neighbourhood]
    if any(parts):
        parts += [row["region_name"], f"Kecamatan {district}" if district else None]
        return ", ".join(p for p in parts if p)
    return None


def _fact(heading: str, english: str, value: str) -> str:
    return f"<dt>{heading} <span class=en lang=en>({english})</span></dt><dd>{value}</dd>"


def profile_facts(row: dict[str, Any], district: str | None) -> str:
    """The profile's lines of the KIM's facts (``<dt>``/``<dd>``), those it holds only."""
    html = []
    if district:
        html.append(_fact("Kecamatan", "district", escape(district)))
    address = address_line(row, district)
    if address:
        html.append(_fact("Alamat sekretariat", "secretariat", escape(address)))
    if row.get("public_phone"):
        phone = row["public_phone"]
        target = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
        html.append(_fact("Telepon", "phone", f'<a href="tel:{target}">{escape(phone)}</a>'))
    if row.get("public_email"):
        email = escape(row["public_email"], quote=True)
        html.append(_fact("Surel", "e-mail", f'<a href="mailto:{email}">{email}</a>'))
    if row.get("website"):
        html.append(_fact("Situs web", "website", _link(row["website"])))
    accounts = row.get("social_accounts")
    if accounts:
        items = json.loads(accounts) if isinstance(accounts, str) else accounts
        shown = [
            f"{escape(a['platform'])}: "
            + (escape(a["account"]) if a["account"].startswith("@") else _link(a["account"]))
            for a in items
        ]
        html.append(_fact("Media sosial", "social media", "<br>".join(shown)))
    return "".join(html)
