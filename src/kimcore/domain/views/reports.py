"""The reports an office hands on: KIMs, members, activities, partnerships and products by region.

And the office's mapping of its KIMs, a row a KIM
([`mapping_report`][kimcore.domain.views.mapping_report]). The shape they share is in
[`kimcore.domain.views.report_shape`][kimcore.domain.views.report_shape].

Each report counts the rows of [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts] by
region at a level cut from the Kemendagri code (province ``62``, regency ``62.71``, district
``62.71.01``, village ``62.71.01.1002``). Its columns, with their meanings in English and the
headings an Indonesian office reads, are a stable API: `docs/reports.md` lists them all, and a test
keeps that page true.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from kimcore.domain.views import report_tables as facts
from kimcore.domain.views._report_counts import (
    ACTIVITIES,
    KIM_ENDED,
    KIM_GROUPS,
    KIM_MEMBERS,
    MEMBERS,
    PARTNERSHIPS,
    PRODUCTS,
)
from kimcore.domain.views.mapping_report import MAPPING_REPORT
from kimcore.domain.views.report_shape import (
    LEVELS,
    Report,
    ReportColumn,
    Rows,
    Tallies,
    cut_at,
    int_column,
    placed,
    region_at,
    region_columns,
    text_column,
)
from kimcore.domain.views.tables import Row
from kimcore.domain.views.tally import Tally
from kimcore.vocabulary.channels import AdindaFunction

__all__ = ["LEVELS", "REPORTS", "Report", "ReportColumn", "region_at"]

_region, _n, _t, _cut, _placed = region_columns, int_column, text_column, cut_at, placed


def _counted(
    facts: list[Row], level: str, by: tuple[str, ...], sums: Mapping[str, Callable[[Row], int]]
) -> list[dict[str, Any]]:
    """*facts* counted by their region at *level* and the columns *by*: each of *sums* added up.

    A row a region and values of *by*, with ``region_code``, *by*'s columns and a column for
    each of *sums* (the sum over its facts of what the function gives for one).
    """
    found: dict[tuple[Any, ...], Counter[str]] = defaultdict(Counter)
    for fact in facts:
        tally = found[(region_at(fact["region_code"], level), *(fact[name] for name in by))]
        for name, value in sums.items():
            tally[name] += value(fact)
    return [
        {
            **dict(zip(("region_code", *by), key, strict=True)),
            **{name: tally[name] for name in sums},
        }
        for key, tally in found.items()
    ]


def _one(_fact: Row) -> int:
    return 1


def _listed(query: Tally) -> Callable[[Tallies, str], list[dict[str, Any]]]:
    """A report's ``tally`` whose rows are *query*'s at the level, as they come, placed."""

    def tally(tallies: Tallies, level: str) -> list[dict[str, Any]]:
        return [_placed(row) for row in tallies(query, _cut(level))]

    return tally


# -- KIMs ---------------------------------------------------------------------------


def _kims(rows: Rows, level: str) -> list[dict[str, Any]]:
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for g in rows(facts.FACT_GROUPS):
        tally = found[region_at(g["region_code"], level)]
        if g["ended"]:
            tally["ended"] += 1
            continue
        tally["kims"] += 1
        tally[g["stage"]] += 1
        tally[g["kind"] if g["kind"] != "none" else "no_channels"] += 1
        tally[g["area"]] += 1
        tally["mapped"] += g["mapped"]
    for m in rows(facts.FACT_MEMBERS):  # only the members of KIMs that have not ended
        tally = found[region_at(m["region_code"], level)]
        tally["members"] += 1
        tally["men"] += m["gender"] == "man"
        tally["women"] += m["gender"] == "woman"
    return _kim_rows(found)


def _kims_tallied(tallies: Tallies, level: str) -> list[dict[str, Any]]:
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for query in (KIM_GROUPS, KIM_ENDED, KIM_MEMBERS):
        for row in tallies(query, _cut(level)):
            placed = _placed(row)
            found[placed.pop("region_code")].update(placed)
    return _kim_rows(found)


def _kim_rows(found: Mapping[str, Counter[str]]) -> list[dict[str, Any]]:
    counted = [c.name for c in KIMS_REPORT.columns if c.type == "int"]
    return [
        {"region_code": region, **{name: tally[name] for name in counted}}
        for region, tally in found.items()
    ]


# -- members ------------------------------------------------------------------------


def _members(rows: Rows, level: str) -> list[dict[str, Any]]:
    members = [{**m, "gender": m["gender"] or "unknown"} for m in rows(facts.FACT_MEMBERS)]
    return _counted(members, level, ("category", "gender"), {"members": _one})


def _members_tallied(tallies: Tallies, level: str) -> list[dict[str, Any]]:
    return [
        {**_placed(row), "gender": row["gender"] or "unknown"}
        for row in tallies(MEMBERS, _cut(level))
    ]


# -- activities ---------------------------------------------------------------------

# ADINDA's own words: Akses, DIskusi, Implementasi, Networking, Diseminasi, Aspirasi.
_ADINDA_ID = (
    "Fungsi akses",
    "Fungsi diskusi",
    "Fungsi implementasi",
    "Fungsi jejaring",
    "Fungsi diseminasi",
    "Fungsi aspirasi",
)
_ACTIVITY_KEY = ("region_code", "family", "technique", "delivery", "month")


# What an activity adds to its row: one, its attendance, and 1 for each function it served.
_ACTIVITY_SUMS: Mapping[str, Callable[[Row], int]] = {
    "activities": _one,
    "attendance": itemgetter("attendance"),
    **{function: itemgetter(column) for function, column in facts.FUNCTION_COLUMNS.items()},
}


def _activities(rows: Rows, level: str) -> list[dict[str, Any]]:
    return _counted(rows(facts.FACT_ACTIVITIES), level, _ACTIVITY_KEY[1:], _ACTIVITY_SUMS)


# -- partnerships -------------------------------------------------------------------


def _partnerships(rows: Rows, level: str) -> list[dict[str, Any]]:
    return _counted(
        rows(facts.FACT_PARTNERSHIPS),
        level,
        ("partnership_type", "sector"),
        {"signed": _one, "active": lambda p: int(not p["ended"])},
    )


# -- products -----------------------------------------------------------------------


def _products(rows: Rows, level: str) -> list[dict[str, Any]]:
    by = ("product_type", "channel", "month")
    return _counted(rows(facts.FACT_PRODUCTS), level, by, {"products": _one})


KIMS_REPORT = Report(
    name="kims",
    title="KIMs by region: stage, kind, area, mapping and members",
    title_id="Rekapitulasi KIM per wilayah",
    columns=(
        *_region("region_code"),
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
    tally=_kims_tallied,
)
MEMBERS_REPORT = Report(
    name="members",
    title="Members of the KIMs by region, background and gender",
    title_id="Anggota KIM per wilayah, unsur masyarakat dan jenis kelamin",
    columns=(
        *_region("region_code"),
        _t("category", "the member's first background (youth, adult, pupil, farmer…)", "Unsur"),
        _t("gender", "man, woman, or unknown where not recorded", "Jenis kelamin"),
        _n("members", "members of KIMs that have not ended", "Jumlah anggota"),
    ),
    count=_members,
    tally=_members_tallied,
)
ACTIVITIES_REPORT = Report(
    name="activities",
    title="Activities by region, technique, delivery and month, with their ADINDA functions",
    title_id="Kegiatan per wilayah, teknik, cara dan bulan, dengan fungsi ADINDA",
    columns=(
        *_region("region_code"),
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
            _n(f.value, f"of the activities, those serving the {f.value} function", heading)
            for f, heading in zip(AdindaFunction, _ADINDA_ID, strict=True)
        ),
    ),
    count=_activities,
    tally=_listed(ACTIVITIES),
)
PARTNERSHIPS_REPORT = Report(
    name="partnerships",
    title="Partnerships by region, type and partner's sector",
    title_id="Kemitraan per wilayah, jenis dan sektor mitra",
    columns=(
        *_region("region_code"),
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
    tally=_listed(PARTNERSHIPS),
)
PRODUCTS_REPORT = Report(
    name="products",
    title="Information products by region, type, channel and month",
    title_id="Produk informasi per wilayah, jenis, saluran dan bulan",
    columns=(
        *_region("region_code"),
        _t("product_type", "the kind of product (news, video, infographic…)", "Jenis produk"),
        _t("channel", "the channel it was published through", "Saluran"),
        _t("month", "the month it was published, YYYY-MM", "Bulan"),
        _n("products", "information products published", "Jumlah produk"),
    ),
    count=_products,
    tally=_listed(PRODUCTS),
)
REPORTS: Mapping[str, Report] = {
    r.name: r
    for r in (
        KIMS_REPORT,
        MEMBERS_REPORT,
        ACTIVITIES_REPORT,
        PARTNERSHIPS_REPORT,
        PRODUCTS_REPORT,
        MAPPING_REPORT,
    )
}
