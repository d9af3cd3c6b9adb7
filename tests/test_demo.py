"""The demo story runs, and its output shows the log and the state without personal data."""

from __future__ import annotations

import pytest

from kimcore import demo


def test_the_demo_prints_the_log_and_the_state(capsys: pytest.CaptureFixture[str]) -> None:
    demo.main()
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
    for name, _ in demo.PEOPLE:
        assert name not in out  # members' names never reach the console
