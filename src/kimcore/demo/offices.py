"""The demo's practice: musyawarah, webinar, products, the offices' mapping and programmes.

The programmes are the offices' partnership with their KIMs (art. 24(6)), monitoring and
evaluation among them.

Recorded after the groups, forums and year of activities of
[`kimcore.demo.dataset`][kimcore.demo.dataset], through the same domain rules.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import kimcore as k

PROVINCE_OFFICE = "Diskominfosantik Provinsi Kalimantan Tengah"


def record_practice(
    do: Callable[[k.Command], None],
    *,
    groups: list[tuple[k.PartyRef, k.Region, str]],
    forums: list[uuid.UUID],
    office_of: Callable[[str], k.CommunicationOffice],
    app: k.Application,
    make_id: Callable[..., uuid.UUID],
    year: int,
) -> dict[str, int]:
    """Record the practice of the demo's year; return how many of each fact."""
    counts = {"musyawarah": 0, "products": 0, "mappings": 0, "reports": 0, "webinars": 1}
    counts |= {"programmes": 0, "evaluations": 0}
    province = k.Region(code="62", name="Kalimantan Tengah")
    office = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=k.domain.office_id_for("62"))
    webinar = k.HoldActivity(
        party=office,
        activity_id=make_id("webinar-forum-kim"),
        technique="webinar",
        functions=frozenset({k.AdindaFunction.ACCESS, k.AdindaFunction.NETWORK}),
        delivery=k.Delivery.HYBRID,
        topic="Pembentukan Forum KIM kabupaten/kota",
        held_on=dt.date(year, 2, 20),
        place="Aula Diskominfosantik, Palangka Raya",
        link="https://zoom.example.id/forum-kim-kalteng",
        attendance=30 + len(groups),
        participants=tuple(ref for ref, _, _ in groups[:20]),
    )
    do(webinar)
    for ref, _, _ in groups[:20]:
        do(
            k.commands.TakePartInActivity(
                party=ref,
                activity_id=webinar.activity_id,
                organiser=office,
                organiser_name=PROVINCE_OFFICE,
                technique="webinar",
                topic=webinar.topic,
                delivery=webinar.delivery,
                held_on=webinar.held_on,
                attendees=2,
            )
        )
    for forum_id in forums:
        state = app.forum(forum_id)
        if state is None or state.level is not k.ForumLevel.REGENCY or not state.members:
            continue
        delegates = tuple(k.PartyRef(kind=kind, id=m) for m, kind in sorted(state.members.items()))
        do(
            k.commands.HoldMusyawarah(
                forum_id=forum_id,
                musyawarah_id=make_id("musyawarah", forum_id),
                held_on=dt.date(year, 11, 20),
                place=f"Aula {state.region.name}",
                delegates=delegates,
                resolutions=("Evaluasi program kerja tahun berjalan",),
            )
        )
        counts["musyawarah"] += 1
    mapped: dict[str, list[uuid.UUID]] = {}
    for index, (ref, village, regency_code) in enumerate(groups):
        channel, where = (
            ("website", {"url": f"https://kim.example.id/{index}"})
            if index % 2
            else (
                "notice_board",
                {"place": f"Papan informasi {village.name}"},
            )
        )
        do(
            _product(
                ref,
                product_id=make_id("product", ref.id),
                channel=channel,
                where=where,
                office=office_of(regency_code),
                year=year,
            )
        )
        counts["products"] += 1
        group = app.group(ref.id)
        if group is not None and group.office is not None:
            do(mapping_of(office_of(regency_code), ref.id, index, year))
            mapped.setdefault(regency_code, []).append(ref.id)
    for regency_code, ids in sorted(mapped.items()):
        report_id = make_id("mapping-report", regency_code)
        regency_office = office_of(regency_code)
        do(
            k.commands.ReportMapping(
                office=regency_office,
                report_id=report_id,
                year=year,
                groups=tuple(ids),
                reported_on=dt.date(year, 12, 10),
            )
        )
        do(
            k.commands.CoordinateMapping(
                province=province,
                office_name=PROVINCE_OFFICE,
                report_office=regency_office,
                report_id=report_id,
                coordinated_on=dt.date(year, 12, 20),
            )
        )
        counts["mappings"] += len(ids)
        counts["reports"] += 1
        for command in partnership_programmes(regency_office, ids, year, make_id):
            do(command)
            held = isinstance(command, k.commands.HoldPartnershipProgramme)
            counts["programmes" if held else "evaluations"] += 1
    return counts


_FINDINGS = (
    ("Papan informasi dan grup WhatsApp diperbarui setiap pekan", "Aktif"),
    ("Produk informasi rutin; dokumentasi kegiatan belum tertib", "Baik"),
    ("Pengurus jarang bertemu; laporan kegiatan belum ada", "Perlu pembinaan"),
)


def partnership_programmes(
    office: k.CommunicationOffice,
    groups: list[uuid.UUID],
    year: int,
    make_id: Callable[..., uuid.UUID],
    *,
    evaluated: int | None = None,
) -> list[k.Command]:
    """The office's year with its registered KIMs *groups* (art. 24(6)).

    A technical guidance (bimtek) for all of them in August, then in October a monitoring
    and evaluation programme of the first *evaluated* (all, without it), each evaluated.
    """
    code = office.region.code
    bimtek = k.commands.HoldPartnershipProgramme(
        office=office,
        programme_id=make_id("programme", "bimtek", code, year),
        form=k.values.CommunicationPartnershipForm.CAPACITY_BUILDING,
        title=f"Bimtek pengelolaan media informasi KIM {year}",
        groups=tuple(groups),
        held_on=dt.date(year, 8, 14),
    )
    sampled = tuple(groups[:evaluated])
    monev = k.commands.HoldPartnershipProgramme(
        office=office,
        programme_id=make_id("programme", "monev", code, year),
        form=k.values.CommunicationPartnershipForm.MONITORING_EVALUATION,
        title=f"Monitoring dan evaluasi KIM {year}",
        groups=sampled,
        held_on=dt.date(year, 10, 7),
    )
    commands: list[k.Command] = [bimtek, monev]
    for index, group_id in enumerate(sampled):
        finding, result = _FINDINGS[group_id.int % len(_FINDINGS)]
        commands.append(
            k.commands.EvaluateGroup(
                office=office,
                evaluation_id=make_id("evaluation", group_id, year),
                group_id=group_id,
                evaluated_on=dt.date(year, 10, 7 + index % 14),
                findings=(finding,),
                result=result,
                programme_id=monev.programme_id,
            )
        )
    return commands


def _product(
    ref: k.PartyRef,
    *,
    product_id: uuid.UUID,
    channel: str,
    where: dict[str, Any],
    office: k.CommunicationOffice,
    year: int,
) -> k.commands.PublishInformation:
    return k.commands.PublishInformation(
        party=ref,
        product_id=product_id,
        product_type=k.values.ProductType.ARTICLE
        if channel == "website"
        else k.values.ProductType.LEAFLET,
        title="Jadwal posyandu dan imunisasi",
        topic="Jadwal posyandu",
        channel=channel,
        programme="Gerakan cegah stunting",
        with_office=office if channel == "website" else None,
        reach=120,
        published_on=dt.date(year, 9, 15),
        **where,
    )


def mapping_of(
    office: k.CommunicationOffice, group_id: uuid.UUID, index: int, year: int
) -> k.commands.MapGroup:
    """The office's mapping of its KIM *group_id*: its types (a set), issues and ratings."""
    ratings = list(k.values.Rating)
    profile = k.values.MappingProfile(
        # Every third KIM is of both types (art. 23(2): "dan/atau").
        community_types=frozenset(k.values.CommunityType)
        if index % 3 == 0
        else frozenset({list(k.values.CommunityType)[index % 2]}),
        audiences=("warga desa", "pemuda"),
        media=("WhatsApp", "papan informasi"),
        content_types=("kesehatan", "pertanian"),
        fields=("kesehatan",),
        public_issues=("stunting", "harga pupuk") if index % 2 else ("stunting",),
        strength=ratings[index % 3],
        influence=ratings[(index + 1) % 3],
        priority=ratings[(index + 2) % 3],
    )
    return k.commands.MapGroup(
        office=office, group_id=group_id, profile=profile, mapped_on=dt.date(year, 11, 1)
    )
