"""The tables of the report facts: every KIM, member, activity, partnership and product.

Declared apart from [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts], which fills
them, so the reports' counts (`kimcore.domain.views._report_counts`) can name them too.
"""

from __future__ import annotations

from kimcore.domain.views.history import historical
from kimcore.domain.views.tables import Table, columns_of
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


FACT_GROUPS = historical(
    "kim_fact_groups",
    columns_of("group_id region_code area stage kind mapped:int ended:int"),
    ("group_id",),
)
FACT_MEMBERS = historical(
    "kim_fact_members",
    columns_of("group_id member_id region_code category gender"),
    ("group_id", "member_id"),
)
# The column counting the activities that served each ADINDA function.
FUNCTION_COLUMNS = {f.value: f"fn_{f.value}" for f in AdindaFunction}
# ``month`` is YYYY-MM, when it was held; a function's column is 1 when it served the function.
FACT_ACTIVITIES = historical(
    "kim_fact_activities",
    columns_of(
        "activity_id party_kind region_code family technique delivery month attendance:int",
        *(f"{name}:int" for name in FUNCTION_COLUMNS.values()),
    ),
    ("activity_id",),
    changes=False,
)
FACT_PARTNERSHIPS = historical(
    "kim_fact_partnerships",
    columns_of("partnership_id party_kind region_code partnership_type sector ended:int"),
    ("partnership_id",),
)
FACT_PRODUCTS = historical(
    "kim_fact_products",
    columns_of("product_id party_kind region_code product_type channel month"),
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
    columns_of(
        "office_region group_id kim_name region_code",
        *MAPPING_LISTS,
        "strength influence priority mapped_on reported_year",
    ),
    ("office_region", "group_id"),
)
# Each KIM's name, for the rows that list KIMs (no history: never counted).
FACT_KIM_NAMES = Table.of("kim_fact_kim_names", ("group_id",), "group_id name")
# Where each group or forum sits now, to place what it does (no history: never counted).
FACT_PARTIES = Table.of("kim_fact_parties", ("party_id",), "party_id region_code")
# The latest day recorded so far (one row), which the days of the versions never go below.
FACT_CLOCK = Table.of("kim_fact_clock", ("clock",), "clock:int day")
