"""A KIM's page: what it is now (its seat, profile, stage, members) and its timeline."""

from __future__ import annotations

import uuid
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kimcore.domain.identity import AggregateRef
from kimcore.web.http import HttpError, known_params, reader
from kimcore.web.page_parts import (
    STAGES,
    _region_names,
    cut_code,
    mounted_at,
    page_response,
    table_html,
)
from kimcore.web.page_profile import profile_facts

__all__ = ["EVENT_LABELS", "kim_page"]

# The timeline's words for what happened, Indonesian then English.
EVENT_LABELS = {
    "GroupFormed": ("KIM dibentuk", "formed"),
    "MemberJoined": ("Anggota bergabung", "member joined"),
    "MemberLeft": ("Anggota keluar", "member left"),
    "OfficerAppointed": ("Pengurus diangkat", "officer appointed"),
    "OfficerRelieved": ("Pengurus diberhentikan", "officer relieved"),
    "GroupConfirmed": ("Dikukuhkan dengan SK", "confirmed by decree"),
    "GroupRegistered": ("Terdaftar di Diskominfo", "registered"),
    "ChannelsChanged": ("Saluran informasi diubah", "channels changed"),
    "BoundsChanged": ("Batas jumlah anggota diubah", "membership bounds changed"),
    "GroupProfileChanged": ("Profil KIM diubah", "profile changed"),
    "CompetitionResultRecorded": ("Hasil lomba dicatat", "competition result"),
    "GroupDissolved": ("KIM dibubarkan", "dissolved"),
    "GroupMerged": ("KIM digabung", "merged"),
    "GroupSplit": ("KIM dipecah", "split"),
    "SeatRecoded": ("Kode wilayah diubah", "seat re-coded"),
    "PartnershipSigned": ("Kemitraan ditandatangani", "partnership signed"),
    "PartnershipEnded": ("Kemitraan berakhir", "partnership ended"),
    "ActivityHeld": ("Kegiatan diselenggarakan", "activity held"),
    "ActivityAttended": ("Mengikuti kegiatan", "took part in an activity"),
    "InformationPublished": ("Informasi diterbitkan", "information published"),
    "GroupMapped": ("Dipetakan", "mapped"),
    "MemberForgotten": ("Data pribadi dihapus", "personal data erased"),
}


def _day_in(data: dict[str, Any]) -> str | None:
    """The first ``…_on`` day of *data*, its own fields before those of the values it holds."""
    for name, value in data.items():
        if name.endswith("_on") and isinstance(value, str):
            return value
    for value in data.values():
        if isinstance(value, dict) and (found := _day_in(value)) is not None:
            return found
    return None


def _when(line: dict[str, Any]) -> str:
    """The day an event says it happened (a confirmation's: its decree's), else its record day."""
    return _day_in(line["data"]) or str(line["recorded_at"])[:10]


def kim_page(request: Request) -> Response:
    """``GET /kim/{group_id}``: what a KIM is now, and everything that happened to it."""
    service = reader(request)
    known_params(request)
    root = mounted_at(request)
    try:
        group_id = uuid.UUID(request.path_params["group_id"])
    except ValueError:
        raise HttpError(404, "no such KIM", rule="not-found") from None
    stored = service.store.read_stream(AggregateRef(kind="group", id=group_id).stream_id)
    if not stored:
        raise HttpError(404, f"no KIM {group_id} is recorded", rule="not-found")
    lines = service.lines(stored, personal=False)
    rows = service.rows("kim_groups", {"group_id": str(group_id)})
    formed = lines[0]["data"]
    name = rows[0]["name"] if rows else formed.get("name", str(group_id))
    facts = ""
    if rows:
        g = rows[0]
        district = cut_code(g["region_code"], 3)
        facts = (
            "<dl>"
            f"<dt>Desa/kelurahan <span class=en lang=en>(seat)</span></dt>"
            f"<dd>{escape(g['region_name'])} ({escape(g['region_code'])})</dd>"
            + profile_facts(g, _region_names(service, "", [district]).get(district))
            + f"<dt>Tahap <span class=en lang=en>(stage)</span></dt>"
            f"<dd>{escape(STAGES.get(g['stage'], g['stage']))}</dd>"
            f"<dt>Anggota <span class=en lang=en>(members)</span></dt><dd>{g['member_count']}</dd>"
            f"<dt>Nomor registrasi <span class=en lang=en>(registration)</span></dt>"
            f"<dd>{escape(g['registration_number'] or '—')}</dd>"
            "</dl>"
        )
    timeline = [
        [
            escape(_when(line)),
            f"{escape(EVENT_LABELS.get(line['event_type'], (line['event_type'],))[0])}"
            f' <span class="en" lang="en">({escape(line["event_type"])})</span>',
        ]
        # In the order things happened (a decree dated before it was recorded sits where
        # its date puts it), and in log order within a day.
        for line in sorted(lines, key=lambda line: (_when(line), line["position"]))
    ]
    body = (
        f'<p><a href="{root}/">← Semua KIM (all KIMs)</a></p>'
        + facts
        + table_html(
            "Riwayat (timeline)",
            [
                ("Tanggal <span class=en lang=en>(date)</span>", False),
                ("Peristiwa <span class=en lang=en>(event)</span>", False),
            ],
            timeline,
            "Belum ada peristiwa (nothing yet).",
        )
    )
    return page_response(str(name), "KIM timeline", body)
