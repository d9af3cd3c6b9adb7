"""The reports an office hands on: KIMs, members, activities, partnerships and products by region.

Each report counts the rows of [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts] by
region at a level cut from the Kemendagri code (province ``62``, regency ``62.71``, district
``62.71.01``, village ``62.71.01.1002``). Its columns, with their meanings in English and the
headings an Indonesian office reads, are a stable API: `docs/reports.md` lists them all, and a test
keeps that page true.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from kimcore import _json
from kimcore.domain.views.report_facts import (
    FACT_ACTIVITIES,
    FACT_GROUPS,
    FACT_MEMBERS,
    FACT_PARTNERSHIPS,
    FACT_PRODUCTS,
)
from kimcore.domain.views.tables import Row, Table
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.values import AdindaFunction

__all__ = ["LEVELS", "REPORTS", "Report", "ReportColumn", "region_at"]

LEVELS: Mapping[str, int] = {"province": 1, "regency": 2, "district": 3, "village": 4}
Rows = Callable[[Table], list[Row]]


def region_at(code: str, level: str) -> str:
    """The code of the region at *level* that holds *code* (``unknown`` stays as it is)."""
    if level not in LEVELS:
        raise InvalidValue("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
    if code == "unknown":
        return code
    return ".".join(code.split(".")[: LEVELS[level]])


@attrs.frozen
class ReportColumn:
    """A column of a report: its name, type, and what it means, in English and Indonesian."""

    name: str
    type: Literal["text", "int"]
    meaning: str
    heading_id: str  # the Indonesian column heading (judul kolom)


@attrs.frozen
class Report:
    """A named report: its columns and how its rows are counted from the facts."""

    name: str
    title: str
    title_id: str
    columns: tuple[ReportColumn, ...]
    count: Callable[[Rows, str], list[dict[str, Any]]] = attrs.field(repr=False)

    def rows(self, rows: Rows, level: str = "regency") -> list[dict[str, Any]]:
        """The report's rows at *level*, sorted by their text columns."""
        region_at("", level)  # checks the level
        made = self.count(rows, level)
        texts = [c.name for c in self.columns if c.type == "text"]
        return sorted(made, key=lambda row: tuple(str(row[name]) for name in texts))


def _region(code: str) -> ReportColumn:
    return ReportColumn(
        code, "text", "Kemendagri code of the region at the report's level", "Kode wilayah"
    )


def _n(name: str, meaning: str, heading: str) -> ReportColumn:
    return ReportColumn(name, "int", meaning, heading)


def _t(name: str, meaning: str, heading: str) -> ReportColumn:
    return ReportColumn(name, "text", meaning, heading)


def _kims(rows: Rows, level: str) -> list[dict[str, Any]]:
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for m in rows(FACT_MEMBERS):
        members[m["group_id"]][m["gender"] or "unknown"] += 1
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for g in rows(FACT_GROUPS):
        tally = found[region_at(g["region_code"], level)]
        if g["ended_on"] is not None:
            tally["ended"] += 1
            continue
        tally["kims"] += 1
        tally[g["stage"]] += 1
        tally[g["kind"] if g["kind"] != "none" else "no_channels"] += 1
        tally[g["area"]] += 1
        tally["mapped"] += g["mapped_on"] is not None
        tally["members"] += g["member_count"]
        tally["men"] += members[g["group_id"]]["man"]
        tally["women"] += members[g["group_id"]]["woman"]
    counted = [c.name for c in KIMS.columns if c.type == "int"]
    return [
        {"region_code": region, **{name: tally[name] for name in counted}}
        for region, tally in found.items()
    ]


def _members(rows: Rows, level: str) -> list[dict[str, Any]]:
    where = {
        g["group_id"]: region_at(g["region_code"], level)
        for g in rows(FACT_GROUPS)
        if g["ended_on"] is None
    }
    found: Counter[tuple[str, str, str]] = Counter()
    for m in rows(FACT_MEMBERS):
        if m["group_id"] in where:
            found[where[m["group_id"]], m["category"], m["gender"] or "unknown"] += 1
    return [
        {"region_code": r, "category": c, "gender": g, "members": n}
        for (r, c, g), n in found.items()
    ]


_FUNCTIONS = tuple(f.value for f in AdindaFunction)
# ADINDA's own words: Akses, DIskusi, Implementasi, Networking, Diseminasi, Aspirasi.
_ADINDA_ID = (
    "Fungsi akses",
    "Fungsi diskusi",
    "Fungsi implementasi",
    "Fungsi jejaring",
    "Fungsi diseminasi",
    "Fungsi aspirasi",
)


def _activities(rows: Rows, level: str) -> list[dict[str, Any]]:
    found: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for a in rows(FACT_ACTIVITIES):
        key = (
            region_at(a["region_code"], level),
            a["family"],
            a["technique"],
            a["delivery"],
            a["held_on"][:7],
        )
        tally = found[key]
        tally["activities"] += 1
        tally["attendance"] += a["attendance"]
        for function in _json.loads(a["functions"]):
            tally[function] += 1
    names = ("region_code", "family", "technique", "delivery", "month")
    counted = ("activities", "attendance", *_FUNCTIONS)
    return [
        {**dict(zip(names, key, strict=True)), **{n: tally[n] for n in counted}}
        for key, tally in found.items()
    ]


def _partnerships(rows: Rows, level: str) -> list[dict[str, Any]]:
    found: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for p in rows(FACT_PARTNERSHIPS):
        tally = found[region_at(p["region_code"], level), p["partnership_type"], p["sector"]]
        tally["signed"] += 1
        tally["active"] += p["ended_on"] is None
    return [
        {
            "region_code": r,
            "partnership_type": t,
            "sector": s,
            "signed": tally["signed"],
            "active": tally["active"],
        }
        for (r, t, s), tally in found.items()
    ]


def _products(rows: Rows, level: str) -> list[dict[str, Any]]:
    found: Counter[tuple[str, ...]] = Counter()
    for p in rows(FACT_PRODUCTS):
        found[
            region_at(p["region_code"], level),
            p["product_type"],
            p["channel"],
            p["published_on"][:7],
        ] += 1
    return [
        {"region_code": r, "product_type": t, "channel": c, "month": m, "products": n}
        for (r, t, c, m), n in found.items()
    ]


KIMS = Report(
    name="kims",
    title="KIMs by region: stage, kind, area, mapping and members",
    title_id="Rekapitulasi KIM per wilayah",
    columns=(
        _region("region_code"),
        _n(
            "kims",
            "KIMs that have not ended (dissolved, merged, or split without continuing)",
            "Jumlah KIM",
        ),
        _n("formed", "of them, formed and not yet confirmed by decree", "Terbentuk"),
        _n("confirmed", "of them, confirmed by decree and not yet registered", "Dikukuhkan"),
        _n("registered", "of them, registered with the communication office", "Terdaftar"),
        _n("analog", "of them, informing through analog channels only", "Analog"),
        _n("digital", "of them, through digital channels only", "Digital"),
        _n("hybrid", "of them, through both", "Hibrida"),
        _n("no_channels", "of them, with no channel recorded", "Tanpa saluran"),
        _n("urban", "of them, in an urban area", "Perkotaan"),
        _n("rural", "of them, in a rural area", "Perdesaan"),
        _n(
            "mapped",
            "of them, mapped by the office (Permenkominfo No. 4 of 2024, art. 24)",
            "Terpetakan",
        ),
        _n("members", "their members", "Jumlah anggota"),
        _n("men", "of the members, men", "Laki-laki"),
        _n("women", "of the members, women", "Perempuan"),
        _n("ended", "KIMs that ended", "KIM berakhir"),
    ),
    count=_kims,
)
MEMBERS = Report(
    name="members",
    title="Members of the KIMs by region, background and gender",
    title_id="Anggota KIM per wilayah, unsur masyarakat dan jenis kelamin",
    columns=(
        _region("region_code"),
        _t("category", "the member's first background (youth, adult, pupil, farmer…)", "Unsur"),
        _t("gender", "man, woman, or unknown where not recorded", "Jenis kelamin"),
        _n("members", "members of KIMs that have not ended", "Jumlah anggota"),
    ),
    count=_members,
)
ACTIVITIES = Report(
    name="activities",
    title="Activities by region, technique, delivery and month, with their ADINDA functions",
    title_id="Kegiatan per wilayah, teknik, cara dan bulan, dengan fungsi ADINDA",
    columns=(
        _region("region_code"),
        _t(
            "family",
            "the technique's family (empowerment, dissemination, education…)",
            "Rumpun teknik",
        ),
        _t("technique", "the technique (teknik) the activity used", "Teknik"),
        _t("delivery", "in person, online or hybrid", "Cara"),
        _t("month", "the month it was held, YYYY-MM", "Bulan"),
        _n("activities", "activities held by KIMs and forums of the region", "Jumlah kegiatan"),
        _n("attendance", "people who attended them", "Jumlah peserta"),
        *(
            _n(
                f.value,
                f"of the activities, those serving the {f.value} function",
                f"Fungsi {f.value}",
            )
            for f in AdindaFunction
        ),
    ),
    count=_activities,
)
PARTNERSHIPS = Report(
    name="partnerships",
    title="Partnerships by region, type and partner's sector",
    title_id="Kemitraan per wilayah, jenis dan sektor mitra",
    columns=(
        _region("region_code"),
        _t(
            "partnership_type",
            "analog-, regulation- or experience-based, or a plugin's",
            "Jenis kemitraan",
        ),
        _t(
            "sector", "the partner's sector (government, private, academic, media…)", "Sektor mitra"
        ),
        _n("signed", "partnerships signed", "Ditandatangani"),
        _n("active", "of them, not ended", "Berjalan"),
    ),
    count=_partnerships,
)
PRODUCTS = Report(
    name="products",
    title="Information products by region, type, channel and month",
    title_id="Produk informasi per wilayah, jenis, saluran dan bulan",
    columns=(
        _region("region_code"),
        _t("product_type", "the kind of product (news, video, infographic…)", "Jenis produk"),
        _t("channel", "the channel it was published through", "Saluran"),
        _t("month", "the month it was published, YYYY-MM", "Bulan"),
        _n("products", "information products published", "Jumlah produk"),
    ),
    count=_products,
)
REPORTS: Mapping[str, Report] = {
    r.name: r for r in (KIMS, MEMBERS, ACTIVITIES, PARTNERSHIPS, PRODUCTS)
}
