"""`kimcore demo --story` (`python -m kimcore.demo --story`) tells the story: its log and state,
without personal data."""

from __future__ import annotations

import contextlib
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import kimcore as k
from kimcore import demo
from kimcore.register import import_register

_LANGKAI = demo.run_story.__globals__["_id"]("kim-langkai")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """What ``kimcore demo --story`` printed, and the folder it wrote its files in."""
    folder = tmp_path_factory.mktemp("story")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        demo.main(["--story", "--db", str(folder / "kim.db")])
    return printed.getvalue(), folder


@pytest.mark.parametrize(
    "told",
    [
        # the log
        "GroupFormed",
        "GroupRegistered",
        "ForumMemberAdmitted",
        "PartnershipSigned",
        "ActivityHeld",
        "MemberLeft",
        "MemberForgotten",
        "MusyawarahHeld",
        "ForumBoardInstalled",
        "GroupProfileChanged",
        "PartnershipProgrammeHeld",
        "GroupEvaluated",
        "GroupMapped",
        # the state and the read models
        "KIM Langkai Informatif: registered, standing good, hybrid channels",
        "members: 6 (bounds 3-30)",
        "founders whose personal data was erased on request: 1 of 5",
        "Forum KIM Kecamatan Pahandut (district, 62.71.01): 1 member(s)",
        "kim_groups: KIM Langkai Informatif, Langkai, registered, 6 members, hybrid",
        "kim_members: 6 current members",
        "kim_partnerships: experience with Dinas Kesehatan Kota Palangka Raya, active",
        # what an office keeps
        "officers: chair: adult; secretary: university student; treasurer: trader",
        "secretariat: Jl. RTA Milono Km 1,5 No. 3, RT 002/RW 005",
        "board: 3 seats, term 2024-03-01 – 2027-02-28, decree 46/PHD/2024 (camat)",
        "founded in a musyawarah on 2024-02-24, which elected the board",
        "programme (monitoring evaluation): Monitoring dan evaluasi KIM 2024",
        "evaluated on 2024-10-09: Aktif; 2 findings",
        "mapped on 2024-11-01: empowerment and information; public issues: stunting",
        "Daftar KIM (the office's list of KIMs",
    ],
)
def test_the_story_tells(story: tuple[str, Path], told: str) -> None:
    out, _ = story
    assert told in out


def test_the_demo_prints_no_name_and_keeps_none_it_forgot(story: tuple[str, Path]) -> None:
    out, folder = story
    for name, _ in demo.PEOPLE:
        assert name not in out  # members' names never reach the console
    # She left and was forgotten: her name is nowhere in the file, log and read models alike.
    assert demo.PEOPLE[4][0].encode() not in (folder / "kim.db").read_bytes()


def test_the_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "kim.db").touch()
    with pytest.raises(SystemExit):
        demo.main(["--story", "--db", str(tmp_path / "kim.db")])


def test_python_m_kimcore_demo_is_the_kimcore_demo_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kimcore.demo", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Usage: kimcore demo" in done.stdout
    for option in ("--story", "--kims", "--years", "--villages", "--db"):
        assert option in done.stdout


def test_the_story_takes_no_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        demo.main(["--story", "--kims", "5", "--db", str(tmp_path / "kim.db")])
    assert exited.value.code == 1
    assert "--story tells one KIM's story" in capsys.readouterr().err
    assert not (tmp_path / "kim.db").exists()


def test_the_story_writes_the_daftar_kim_and_tells_no_python_repr(
    story: tuple[str, Path],
) -> None:
    out, folder = story
    assert "{" not in out.split("Event log")[1].split("\n\n", 1)[1]  # no Python repr told
    listing = folder / "kim-daftar-kim.csv"
    assert listing.is_file()
    with listing.open(newline="", encoding="utf-8") as text:
        rows = sum(1 for _ in csv.reader(text)) - 1  # the heading row
    assert f"{rows} rows" in out
    # The Daftar KIM reads back: an empty store importing it holds the KIM as it stands.
    again = k.Application(k.MemoryStore())
    assert not import_register(again, listing).refused
    group = again.group(_LANGKAI)
    assert group is not None
    assert group.profile is not None
    assert group.profile.street == "Jl. RTA Milono Km 1,5 No. 3"


def test_the_story_in_indonesian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kimcore.cli.app import cli

    cli(["--lang", "id", "demo", "--story", "--db", str(tmp_path / "kim.db")])
    out = capsys.readouterr().out
    assert "pengurus: Ketua: Orang tua (dewasa); Sekretaris: Mahasiswa" in out
    assert "dievaluasi 9 Oktober 2024: Aktif; 2 temuan" in out  # days spelled, not ISO
    assert "masa bakti 1 Maret 2024 – 28 Februari 2027" in out
    assert "isu publik: stunting, gizi buruk" in out
    assert "Daftar KIM (dalam susunan kolom templat impor)" in out


def test_the_province_records_forums_founded_in_musyawarah_and_the_offices_programmes() -> None:
    app = k.Application(k.MemoryStore())
    summary = demo.build_dataset(app, demo.DatasetSize(villages_per_district=1))
    events = [r.event for r in app.read_all_decoded()]
    of = {type(e).__name__: [x for x in events if type(x) is type(e)] for e in events}
    founding = {e.forum_id: e for e in of["MusyawarahHeld"] if e.kind.value == "founding"}
    boards = of["ForumBoardInstalled"]
    assert len(boards) == summary.forums
    assert all(b.decree is not None for b in boards)  # each term by its decree
    # Every regency and district forum was founded by its KIMs' delegates, who elected its board.
    below = [e for e in of["ForumEstablished"] if e.level.value in ("regency", "district")]
    assert {e.forum_id for e in below} == set(founding)
    assert all(
        b.musyawarah_id == founding[b.forum_id].musyawarah_id
        for b in boards
        if b.forum_id in founding
    )
    generals = [b for b in boards if k.BoardRole.SECRETARY_GENERAL in {s.role for s in b.seats}]
    above = {
        e.forum_id for e in of["ForumEstablished"] if e.level.value in ("province", "national")
    }
    assert {b.forum_id for b in generals} == above
    # A profile given at forming is recorded as the first change of it.
    assert summary.groups + summary.profiles == len(of["GroupProfileChanged"])
    assert summary.profiles > 0
    assert summary.programmes == len(of["PartnershipProgrammeHeld"]) > 0
    assert summary.evaluations == len(of["GroupEvaluated"]) > 0
    mapped = of["GroupMapped"]
    assert any(len(m.profile.community_types) == 2 for m in mapped)
    assert all(m.profile.public_issues for m in mapped)


def test_the_demo_refuses_to_overwrite_a_daftar_kim(tmp_path: Path) -> None:
    (tmp_path / "kim-daftar-kim.csv").write_text("kept")
    with pytest.raises(SystemExit):
        demo.main(["--story", "--db", str(tmp_path / "kim.db")])
    assert (tmp_path / "kim-daftar-kim.csv").read_text() == "kept"
    assert not (tmp_path / "kim.db").exists()


def test_no_daftar_kim_leaves_the_list_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demo.main(["--story", "--no-daftar-kim", "--db", str(tmp_path / "kim.db")])
    assert "Daftar KIM" not in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == []


@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_no_daftar_kim_never_deletes_an_existing_list(tmp_path: Path, replace: list[str]) -> None:
    (tmp_path / "kim.db").touch()
    (tmp_path / "kim-daftar-kim.csv").write_text("the office's own")
    args = ["--story", "--no-daftar-kim", "--db", str(tmp_path / "kim.db"), *replace]
    if replace:
        demo.main(args)
    else:
        with pytest.raises(SystemExit):
            demo.main(args)
    assert (tmp_path / "kim-daftar-kim.csv").read_text() == "the office's own"
