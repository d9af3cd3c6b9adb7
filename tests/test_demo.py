"""`kimcore demo --story` (`python -m kimcore.demo --story`) tells the story: its log and state,
without personal data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kimcore import demo


def test_the_demo_prints_the_log_and_the_state(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demo.main(["--story", "--db", str(tmp_path / "kim.db")])
    out = capsys.readouterr().out
    for event_type in (
        "GroupFormed",
        "GroupRegistered",
        "ForumMemberAdmitted",
        "PartnershipSigned",
        "ActivityHeld",
        "MemberLeft",
    ):
        assert event_type in out
    assert "KIM Langkai Informatif: registered, standing good, hybrid channels" in out
    assert "members: 6 (bounds 3-30)" in out
    assert "MemberForgotten" in out
    assert "founders whose personal data was erased on request: 1 of 5" in out
    assert "Forum KIM Kecamatan Pahandut (district, 62.71.01): 1 member(s)" in out
    assert "kim_groups: KIM Langkai Informatif, Langkai, registered, 6 members, hybrid" in out
    assert "kim_members: 6 current members" in out
    assert "kim_partnerships: experience with Dinas Kesehatan Kota Palangka Raya, active" in out
    for name, _ in demo.PEOPLE:
        assert name not in out  # members' names never reach the console
    # She left and was forgotten: her name is nowhere in the file, log and read models alike.
    assert demo.PEOPLE[4][0].encode() not in (tmp_path / "kim.db").read_bytes()


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
