"""The nation's data set: what the rules allow, every party loads, and it repeats."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kimcore as k
from kimcore.cli.app import cli
from kimcore.demo import DatasetSummary
from kimcore.demo.nation import NationSize, build_nation
from kimcore.demo.places import nation
from kimcore.domain.identity import AggregateRef
from kimcore.domain.regions import PROVINCES, check_region
from kimcore.domain.views import GROUPS
from kimcore.projections import SqliteModels
from kimcore.testing.invariants import cross_forum_violations, history_violations


def _build(path: Path, size: NationSize) -> tuple[k.Application, DatasetSummary]:
    app = k.Application(k.open_store(f"sqlite:///{path}?durability=normal"))
    return app, build_nation(app, size)


def _streams(app: k.Application) -> dict[str, list[k.events.RecordedEvent[Any]]]:
    streams: dict[str, list[k.events.RecordedEvent[Any]]] = defaultdict(list)
    for recorded in app.read_all_decoded():
        streams[recorded.stream_id].append(recorded)
    return streams


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[k.Application, Any]]:
    app, summary = _build(tmp_path_factory.mktemp("nation") / "n.db", NationSize(kims=90, years=2))
    yield app, summary
    app.store.close()


def test_every_stream_keeps_the_invariants_and_loads_through_the_application(
    built: tuple[k.Application, Any],
) -> None:
    app, summary = built
    streams = _streams(app)
    assert sum(map(len, streams.values())) == summary.events == app.store.head_position()
    broken = [
        v for sid, rs in streams.items() for v in history_violations(sid, [r.event for r in rs])
    ]
    assert broken == []
    forums = []
    for stream_id in streams:
        kind, _, id_ = stream_id.partition("-")
        state, version = app.load(AggregateRef(kind=kind, id=uuid.UUID(id_)))
        assert version == len(streams[stream_id])
        if kind == "forum":
            forums.append(state)
    assert cross_forum_violations(forums) == []
    groups = [s for s in streams if s.startswith("group-")]
    assert len(groups) == summary.groups == 90
    assert len(forums) == summary.forums


def test_a_group_asked_to_do_again_what_it_did_is_refused_as_the_rules_say(
    built: tuple[k.Application, Any],
) -> None:
    """The store holds the deciders' own states: a second forming or admission is refused."""
    app, _ = built
    first = next(r for r in app.read_all_decoded() if r.event_type == "ForumMemberAdmitted")
    event = first.event
    assert isinstance(event, k.events.ForumMemberAdmitted)
    again = k.AdmitToForum(
        forum_id=event.forum_id,
        applicant=k.PartyRef(kind=event.member_kind, id=event.member_id),
        admitted_on=event.admitted_on,
    )
    with pytest.raises(k.errors.DomainError):
        app.handle(again)


def test_every_province_has_kims_and_each_code_is_one_kemendagri_can_give() -> None:
    provinces = list(nation(38 * 3, seed=1))
    assert [p.code for p, _ in provinces] == sorted(PROVINCES)
    for _, regencies in provinces:
        villages = [v for r in regencies for d in r.districts for v in d.villages]
        assert len(villages) == 3
        for region in (*(r.region for r in regencies), *villages):
            check_region(region)


def test_the_same_size_and_seed_make_the_same_data(tmp_path: Path) -> None:
    size = NationSize(kims=40, years=1, seed=7)
    runs = []
    for name in ("a", "b"):
        app, summary = _build(tmp_path / f"{name}.db", size)
        runs.append(
            (
                summary,
                [
                    (r.stream_id, r.event_type, app.codec.to_data(r.event))
                    for r in app.read_all_decoded()
                ],
            )
        )
        app.store.close()
    assert runs[0] == runs[1]
    other, _ = _build(tmp_path / "c.db", NationSize(kims=40, years=1, seed=8))
    assert [app.codec.to_data(r.event) for r in other.read_all_decoded()] != [
        data for _, _, data in runs[0][1]
    ]
    other.store.close()


def test_kimcore_demo_kims_makes_the_data_set_and_its_read_models(tmp_path: Path) -> None:
    db = tmp_path / "nation.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--kims", "50", "--years", "1"])
    assert result.exit_code == 0, result.output
    assert "50 KIMs" in result.output
    with k.open_store(f"sqlite:///{db}") as store:
        models = SqliteModels(str(db))
        assert len(models.rows(GROUPS)) == 50
        models.close()
        assert store.head_position() > 50


def test_kimcore_demo_refuses_kims_with_villages_and_no_kims_below_one(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    both = runner.invoke(cli, ["demo", "--db", db, "--kims", "5", "--villages", "2"])
    assert both.exit_code != 0
    assert "--kims" in both.output
    assert runner.invoke(cli, ["demo", "--db", db, "--kims", "0"]).exit_code != 0
    assert not Path(db).exists()


def test_the_nation_records_profiles_boards_by_decree_and_the_offices_year(
    built: tuple[k.Application, Any],
) -> None:
    app, summary = built
    events = [r.event for r in app.read_all_decoded()]
    kinds = defaultdict(list)
    for event in events:
        kinds[type(event).__name__].append(event)
    boards = kinds["ForumBoardInstalled"]
    assert len(boards) == summary.forums
    assert all(board.decree is not None for board in boards)
    levels = {e.forum_id: e.level for e in kinds["ForumEstablished"]}
    for board in boards:
        general = k.BoardRole.SECRETARY_GENERAL in {seat.role for seat in board.seats}
        assert general == (levels[board.forum_id] in (k.ForumLevel.PROVINCE, k.ForumLevel.NATIONAL))
    # A profile given at forming is recorded as its first change; a KIM in four moves later.
    assert len(kinds["GroupProfileChanged"]) == summary.groups + summary.profiles
    assert summary.profiles > 0
    assert summary.mappings == len(kinds["GroupMapped"]) > 0
    assert summary.reports == len(kinds["MappingReported"]) > 0
    assert summary.programmes == len(kinds["PartnershipProgrammeHeld"]) == 2 * summary.reports
    assert summary.evaluations == len(kinds["GroupEvaluated"]) > 0
    assert any(len(m.profile.community_types) == 2 for m in kinds["GroupMapped"])
