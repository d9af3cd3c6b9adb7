"""A register typed as clerks type it: every office's word reads, out-of-order rows say why."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register
from kimcore.register.layout import CHOICES, columns_markdown, group_id_of, words_markdown
from kimcore.spreadsheets import SheetRow
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.words import WORDS, accepted, channel_names, normalise, parse

NAMES = [c.name for c in COLUMNS]
KINDS = sorted(WORDS, key=lambda kind: kind.__name__)
MEMBERS = [member for kind in KINDS for member in kind]


def _table(rows: list[dict[str, str]]) -> tuple[list[str], list[SheetRow]]:
    return NAMES, [SheetRow(line=i, cells=dict(row)) for i, row in enumerate(rows, start=2)]


def _spellings(word: str) -> st.SearchStrategy[str]:
    """*word* as a clerk may type it: any case, spaces, hyphens or underscores between words."""
    parts = word.split()
    return st.tuples(
        st.lists(
            st.sampled_from([" ", "  ", "-", "_", "/"]), min_size=len(parts), max_size=len(parts)
        ),
        st.sampled_from([str.upper, str.lower, str.title, str.capitalize]),
        st.sampled_from(["", " ", "."]),
    ).map(
        lambda t: (
            " " * len(t[2].strip())
            + t[1]("".join(p + sep for p, sep in zip(parts, [*t[0][:-1], ""], strict=True)))
            + t[2]
        )
    )


@given(st.sampled_from([(w, m) for kind in KINDS for w, m in accepted(kind).items()]), st.data())
def test_every_accepted_word_reads_as_its_value_in_any_case_and_spacing(
    pair: tuple[str, enum.Enum], data: st.DataObject
) -> None:
    word, member = pair
    typed = data.draw(_spellings(word))
    assert parse(type(member), typed, "cell") is member


@given(st.sampled_from(MEMBERS), st.sampled_from(["id", "en", "value"]))
def test_every_value_and_label_reads_back(member: enum.Enum, how: str) -> None:
    said = str(member.value) if how == "value" else label(member, how)  # type: ignore[arg-type]
    assert parse(type(member), said, "cell") is member


def test_no_word_names_two_values_of_one_enumeration() -> None:
    for kind, table in WORDS.items():
        seen: dict[str, enum.Enum] = {}
        for member in kind:
            own = {normalise(s) for s in (str(member.value), label(member), label(member, "en"))}
            for word in own | {normalise(w) for w in table.get(member, ())}:
                assert seen.setdefault(word, member) is member, (kind, word)


def test_an_unknown_word_is_refused_naming_the_words_accepted() -> None:
    with pytest.raises(k.errors.InvalidValue) as refused:
        parse(k.values.Gender, "X", "gender")
    message = str(refused.value)
    assert "gender" in message
    assert all(word in message for word in ("laki laki", "pria", "perempuan", "wanita", "l", "p"))


def test_the_clerks_words_of_the_issue_read() -> None:
    read = {
        "desa": k.values.Settlement.VILLAGE,
        "Kelurahan": k.values.Settlement.URBAN_WARD,
        "Pedesaan": k.values.Area.RURAL,
        "perdesaan": k.values.Area.RURAL,
        "PERKOTAAN": k.values.Area.URBAN,
        "orang tua": k.MemberCategory.ADULT,
        "Dewasa": k.MemberCategory.ADULT,
        "mahasiswa": k.MemberCategory.UNIVERSITY_STUDENT,
        "L": k.values.Gender.MAN,
        "P": k.values.Gender.WOMAN,
        "Laki-laki": k.values.Gender.MAN,
        "pria": k.values.Gender.MAN,
        "Perempuan": k.values.Gender.WOMAN,
        "wanita": k.values.Gender.WOMAN,
        "Kepala Desa": k.values.Authority.VILLAGE_HEAD,
        "lurah": k.values.Authority.LURAH,
        "Camat": k.values.Authority.CAMAT,
        "Bupati": k.values.Authority.REGENT,
        "Wali Kota": k.values.Authority.MAYOR,
        "ketua": k.values.OfficerRole.CHAIR,
        "Sekretaris": k.values.OfficerRole.SECRETARY,
        "bendahara": k.values.OfficerRole.TREASURER,
        "Seksi": k.values.OfficerRole.SECTION,
    }
    for word, member in read.items():
        assert parse(type(member), word, "cell") is member, word
    assert parse(k.values.ForumLevel, "Kabupaten", "f") is k.values.ForumLevel.REGENCY
    assert parse(k.values.ForumLevel, "kota", "f") is k.values.ForumLevel.REGENCY


def test_labels_of_equal_values_in_two_enumerations_stay_apart() -> None:
    assert label(k.values.CompetitionLevel.NATIONAL) == "Nasional"
    assert label(k.values.ForumLevel.NATIONAL) == "Nasional (Forum KIM Nusantara)"
    assert label(k.Delivery.HYBRID) == "Hibrida (luring dan daring)"
    assert label(k.values.GroupKind.HYBRID) == "Hibrida (analog dan digital)"


def test_channels_read_by_their_words() -> None:
    known = ("meeting", "notice_board", "social_media", "website", "instant_messaging")
    assert channel_names("Pertemuan; papan pengumuman, WhatsApp, Media Sosial.", known, "c") == (
        "meeting",
        "notice_board",
        "instant_messaging",
        "social_media",
    )
    with pytest.raises(k.errors.InvalidValue, match="papan pengumuman"):
        channel_names("merpati pos", known, "channels")


def _office_rows() -> list[dict[str, str]]:
    """The template's register as an office writes it: only its own words."""
    words = {
        "kim": {"settlement": "Kel.", "area": "Perkotaan", "decree_authority": "Lurah"},
        1: {"category": "Orang Tua", "gender": "P", "post": "Ketua"},
        2: {"category": "pemuda", "gender": "L", "post": "sekretaris"},
        3: {"category": "Pedagang", "gender": "wanita"},
        4: {"category": "NELAYAN", "gender": "pria"},
    }
    rows = [dict(r) for r in TEMPLATE_ROWS]
    for row in rows:
        key: object = "kim" if row["record"] == "kim" else int(row.get("member_ref") or 0)
        row.update(words.get(key, {}))
        if row["record"] in ("forum", "forum_member"):
            row["forum_level"] = "Kecamatan"
        if row["record"] == "kim":
            row["channels"] = "pertemuan, papan pengumuman, grup WA"
    for row in rows:
        for column, value in row.items():
            if column.endswith(("_on", "_date")) and value:
                row[column] = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return rows


def test_a_register_in_an_offices_own_words_imports_whole() -> None:
    app = k.Application(k.MemoryStore())
    report = import_register(app, _table(_office_rows()))
    assert report.refused == (), report.refused
    group = app.group(group_id_of("KIM-6271-001"))
    assert group is not None
    assert group.stage.value == "registered"
    assert {c.name for c in group.channels} == {"meeting", "notice_board", "instant_messaging"}


def test_rows_out_of_date_order_are_refused_by_the_date_order_rule() -> None:
    rows = [dict(r) for r in TEMPLATE_ROWS]
    rows[5]["joined_on"] = "2022-06-15"  # a join typed with last year, before the KIM's forming
    report = import_register(k.Application(k.MemoryStore()), _table(rows))
    (refused,) = report.refused
    assert (refused.line, refused.rule) == (7, "date-order")
    rows = [dict(r) for r in TEMPLATE_ROWS]
    rows[1]["decree_date"] = "2022-03-01"  # the decree before the forming: the KIM row refused
    report = import_register(k.Application(k.MemoryStore()), _table(rows))
    assert {r.rule for r in report.refused if r.line == 3} == {"date-order"}
    assert "unknown-aggregate" not in {r.rule for r in report.refused}


def test_a_date_after_today_is_refused_unless_the_policy_allows_it() -> None:
    rows = [dict(r) for r in TEMPLATE_ROWS if r["record"] != "activity"]  # held in July
    rows[5]["joined_on"] = "2023-06-15"
    today = dt.date(2023, 6, 1)
    report = import_register(k.Application(k.MemoryStore()), _table(rows), today=today)
    (refused,) = report.refused
    assert refused.line == 7
    assert "after today" in (refused.message or "")
    lenient = k.Policy(rules=k.domain.Rules(refuse_future_dates=False))
    report = import_register(
        k.Application(k.MemoryStore(), policy=lenient), _table(rows), today=today
    )
    assert report.refused == ()


def test_the_import_page_shows_the_code_tables() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text()
    assert columns_markdown() in page
    assert words_markdown() in page
    assert len(CHOICES) == 11  # and an activity row's fungsi, a KIM's status, alasan_keluar
