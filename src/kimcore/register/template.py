"""A register template to fill in: every column, and example rows that import as they stand."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from kimcore.register.layout import COLUMNS
from kimcore.spreadsheets import write_csv_rows, write_xlsx
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["TEMPLATE_ROWS", "template_table", "write_template"]

_KIM = {"kim_ref": "KIM-6271-001"}
# A district forum, a KIM formed by three founders and confirmed, registered and admitted to it,
# a member who joined later, and an activity it held: what an office's register holds, invented.
TEMPLATE_ROWS: tuple[Mapping[str, str], ...] = (
    {
        "record": "forum",
        "name": "Forum KIM Kecamatan Pahandut",
        "region_code": "62.71.01",
        "region_name": "Pahandut",
        "formed_on": "2023-01-10",
        "forum_level": "district",
    },
    {
        "record": "kim",
        **_KIM,
        "name": "KIM Sukamaju",
        "region_code": "62.71.01.1002",
        "region_name": "Langkai",
        "district_name": "Pahandut",
        "settlement": "urban_ward",
        "area": "urban",
        "formed_on": "2023-02-01",
        "decree_number": "12/KEL-LGK/2023",
        "decree_date": "2023-03-01",
        "decree_authority": "lurah",
        "channels": "meeting; notice_board; instant_messaging",
        "registration_number": "KIM/6271/001",
        "registered_on": "2023-04-03",
        "regency_name": "Kota Palangka Raya",
        "street": "Jl. Tjilik Riwut Km 2 No. 14",
        "rt": "003",
        "rw": "005",
        "public_phone": "0536 322 1234",
        "public_email": "kimsukamaju@gmail.com",
        "website": "https://sukamaju.kim.id",
        "social_accounts": "Instagram: @kimsukamaju; Facebook: facebook.com/kimsukamaju",
    },
    {
        "record": "member",
        **_KIM,
        "member_ref": "1",
        "name": "Siti Rahma",
        "category": "adult",
        "gender": "woman",
        "post": "chair",
        "appointed_on": "2023-02-01",
    },
    {
        "record": "member",
        **_KIM,
        "member_ref": "2",
        "name": "Budi Santoso",
        "category": "youth",
        "gender": "man",
        "post": "secretary",
    },
    {"record": "member", **_KIM, "member_ref": "3", "name": "Dewi Lestari", "category": "trader"},
    {
        "record": "member",
        **_KIM,
        "member_ref": "4",
        "name": "Yusuf Hadi",
        "category": "fisher",
        "gender": "man",
        "joined_on": "2023-06-15",
    },
    {"record": "forum_member", **_KIM, "forum_level": "district", "admitted_on": "2023-05-02"},
    {
        "record": "activity",
        **_KIM,
        "activity_ref": "1",
        "technique": "sarasehan",
        "topic": "Penyuluhan kesehatan ibu dan anak",
        "held_on": "2023-07-20",
        "place": "Balai Kelurahan Langkai",
        "attendance": "45",
    },
)


def template_table(lang: Literal["en", "id"] = "en") -> tuple[list[str], list[list[str]]]:
    """The template's headings (column names, or Indonesian headings) and example rows."""
    headings = [c.heading_id if lang == "id" else c.name for c in COLUMNS]
    rows = [[row.get(c.name, "") for c in COLUMNS] for row in TEMPLATE_ROWS]
    return headings, rows


def write_template(path: Path, lang: Literal["en", "id"] = "en") -> None:
    """Write the template to *path*: ``.csv`` (UTF-8) or ``.xlsx``."""
    headings, rows = template_table(lang)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            write_csv_rows(f, headings, rows)
    elif suffix == ".xlsx":
        write_xlsx(path, "Register KIM", headings, rows)
    else:
        raise InvalidValue("file", f"a template is a .csv or .xlsx file, got {path.name!r}")
