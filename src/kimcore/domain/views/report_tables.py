"""The tables of the report facts: every KIM, member, activity, partnership and product.

Declared apart from [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts], which fills
them, so the reports' counts (`kimcore.domain.views._report_counts`) can name them too.
"""

from __future__ import annotations

from kimcore.domain.views.history import historical
from kimcore.domain.views.tables import Column, Table
from kimcore.vocabulary.channels import AdindaFunction

__all__ = [
    "FACT_ACTIVITIES",
    "FACT_CLOCK",
    "FACT_GROUPS",
    "FACT_KIM_NAMES",
    "FACT_MAPPINGS",
    "FACT_MEMBERS",
    "FACT_PARTIES",
    "FACT_PARTNERSHIPS",
    "FACT_PRODUCTS",
    "FUNCTION_COLUMNS",
]


def _columns(*spec: str) -> tuple[Column, ...]:
    ints = ("attendance", "ended", "mapped")
    return tuple(
        Column(name=name, type="int" if name in ints or name.startswith("fn_") else "text")
        for name in spec
    )


FACT_GROUPS = historical(
    "kim_fact_groups",
    _columns("group_id", "region_code", "area", "stage", "kind", "mapped", "ended"),
    ("group_id",),
)
FACT_MEMBERS = historical(
    "kim_fact_members",
    _columns("group_id", "member_id", "region_code", "category", "gender"),
    ("group_id", "member_id"),
)
# The column counting the activities that served each ADINDA function.
FUNCTION_COLUMNS = {f.value: f"fn_{f.value}" for f in AdindaFunction}
FACT_ACTIVITIES = historical(
    "kim_fact_activities",
    _columns(
        "activity_id",
        "party_kind",
        "region_code",
        "family",
        "technique",
        "delivery",
        "month",  # YYYY-MM, when it was held
        "attendance",
        *FUNCTION_COLUMNS.values(),  # 1 when it served the function
    ),
    ("activity_id",),
    changes=False,
)
FACT_PARTNERSHIPS = historical(
    "kim_fact_partnerships",
    _columns("partnership_id", "party_kind", "region_code", "partnership_type", "sector", "ended"),
    ("partnership_id",),
)
FACT_PRODUCTS = historical(
    "kim_fact_products",
    _columns("product_id", "party_kind", "region_code", "product_type", "channel", "month"),
    ("product_id",),
    changes=False,
)
# Each office's latest mapping of each KIM (art. 24): lists as "; "-joined text, the year of
# the latest report that listed it.
MAPPING_LISTS = (
    "community_types",
    "audiences",
    "media",
    "content_types",
    "fields",
    "public_issues",
)
FACT_MAPPINGS = historical(
    "kim_fact_mappings",
    _columns(
        "office_region",
        "group_id",
        "kim_name",
        "region_code",
        *MAPPING_LISTS,
        "strength",
        "influence",
        "priority",
        "mapped_on",
        "reported_year",
    ),
    ("office_region", "group_id"),
)
# Each KIM's name, for the rows that list KIMs (no history: never counted).
FACT_KIM_NAMES = Table(
    name="kim_fact_kim_names",
    columns=_columns("group_id", "name"),
    key=("group_id",),
)
# Where each group or forum sits now, to place what it does (no history: never counted).
FACT_PARTIES = Table(
    name="kim_fact_parties",
    columns=_columns("party_id", "region_code"),
    key=("party_id",),
)
# The latest day recorded so far (one row), which the days of the versions never go below.
FACT_CLOCK = Table(
    name="kim_fact_clock",
    columns=(Column(name="clock", type="int"), Column(name="day", type="text")),
    key=("clock",),
)
