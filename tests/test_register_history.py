"""A register's activity rows: a KIM's history before kimcore, which the experience rule counts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register
from kimcore.register.layout import activity_id_of, group_id_of
from kimcore.register.rows import technique_name
from kimcore.spreadsheets import SheetRow

NAMES = [c.name for c in COLUMNS]
REF = "KIM-6271-001"
KIM_ROWS = [dict(r) for r in TEMPLATE_ROWS if r["record"] not in ("activity", "forum_member")]
EXPERIENCE = k.Policy(rules=k.domain.Rules(experience_needs_prior_activity=True))


def _table(rows: list[dict[str, str]]) -> tuple[list[str], list[SheetRow]]:
    return NAMES, [SheetRow(line=i, cells=dict(row)) for i, row in enumerate(rows, start=2)]


def _activity(n: int, topic: str, held_on: str, **cells: str) -> dict[str, str]:
    return {
        "record": "kegiatan",
        "kim_ref": REF,
        "activity_ref": str(n),
        "technique": "Temu Wicara",
        "topic": topic,
        "held_on": held_on,
        "place": "Balai Kelurahan Langkai",
        **cells,
    }


def _sign(topic: str, on: dt.date) -> k.SignPartnership:
    return k.SignPartnership(
        party=k.PartyRef(kind=k.PartyKind.GROUP, id=group_id_of(REF)),
        partnership_id=k.domain.identity.KIMCORE_NAMESPACE,
        partnership_type="experience",
        partner=k.Partner(name="Puskesmas Pahandut", sector=k.Sector.GOVERNMENT),
        terms=k.domain.ExperienceTerms(topic=topic),
        signed_on=on,
    )


def test_an_imported_activity_is_the_kim_s_own_with_its_past_day() -> None:
    app = k.Application(k.MemoryStore())
    rows = [*KIM_ROWS, _activity(1, "Penyuluhan kesehatan ibu dan anak", "20/07/2023")]
    report = import_register(app, _table(rows))
    assert [r.status for r in report.rows] == ["recorded"] * len(rows)
    group = app.group(group_id_of(REF))
    assert group is not None
    held = group.book.held[activity_id_of(REF, "1")]
    assert (held.technique, held.held_on) == ("temu_wicara", dt.date(2023, 7, 20))
    [stored] = [s for s in app.store.read_all(0, 1000) if s.event_type == "ActivityHeld"]
    assert stored.metadata.extra["imported_from"] == "table"
    again = import_register(app, _table(rows))
    assert [r.status for r in again.rows] == ["unchanged"] * len(rows)


@settings(max_examples=25, deadline=None)
@given(
    imported=st.booleans(),
    days_before=st.integers(-30, 400),
    topic=st.sampled_from(["penyuluhan kesehatan", "Penyuluhan Kesehatan ibu", "pertanian"]),
)
def test_the_experience_rule_counts_imported_history(
    imported: bool, days_before: int, topic: str
) -> None:
    app = k.Application(k.MemoryStore(), policy=EXPERIENCE)
    signed_on = dt.date(2024, 6, 1)
    held_on = signed_on - dt.timedelta(days=days_before)
    rows = list(KIM_ROWS)
    if imported:
        rows.append(_activity(1, "Penyuluhan kesehatan ibu dan anak", held_on.isoformat()))
    report = import_register(app, _table(rows), today=dt.date(2025, 1, 1))
    assert report.count("refused") == 0
    counts = imported and days_before > 0 and topic != "pertanian"
    if counts:
        [recorded] = app.handle(_sign(topic, signed_on)).events
        assert isinstance(recorded.event, k.events.PartnershipSigned)
    else:
        with pytest.raises(k.errors.NoPriorActivityOnTopic):
            app.handle(_sign(topic, signed_on))


def test_an_activity_row_is_refused_naming_what_is_wrong() -> None:
    app = k.Application(k.MemoryStore())
    rows = [
        *KIM_ROWS,
        _activity(1, "Literasi digital", "2023-08-01", technique="karaoke"),
        _activity(2, "Literasi digital", "2023-08-01", place=""),
        _activity(3, "Literasi digital", "2023-08-01", attendance="12.5"),
        {**_activity(4, "Literasi digital", "2023-08-01"), "kim_ref": "KIM-TIDAK-ADA"},
        _activity(5, "Literasi digital", "2023-08-01", attendance="1.200", technique="Pelatihan"),
    ]
    report = import_register(app, _table(rows))
    outcomes = {r.line: (r.status, r.rule) for r in report.rows if r.record == "activity"}
    first = len(KIM_ROWS) + 2
    assert outcomes == {
        first: ("refused", "activity-technique"),
        first + 1: ("refused", "activity-delivery"),
        first + 2: ("refused", "invalid-value"),
        first + 3: ("refused", "invalid-value"),
        first + 4: ("recorded", None),
    }
    group = app.group(group_id_of(REF))
    assert group is not None
    assert group.book.held[activity_id_of(REF, "5")].attendance == 1200


def test_technique_words() -> None:
    assert technique_name("Temu Wicara") == "temu_wicara"
    assert technique_name("PELATIHAN") == "training"
    assert technique_name("penyuluhan") == "counselling"
