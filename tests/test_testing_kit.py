"""The testing kit for downstream suites: strategies, the scenario helper, the pytest plugin."""

from __future__ import annotations

import collections
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import builders as b

import kimcore as k
from kimcore.domain import errors as e
from kimcore.testing import strategies as s
from kimcore.testing.scenario import given as scenario

pytest_plugins = ["pytester"]


@given(st.data())
def test_from_type_finds_every_value_command_and_event(data: st.DataObject) -> None:
    for registry in (s.VALUE_STRATEGIES, s.EVENT_STRATEGIES, s.COMMAND_STRATEGIES):
        for cls in registry:
            assert isinstance(data.draw(st.from_type(cls)), cls)


def test_every_event_and_command_has_a_strategy() -> None:
    codec = k.events.Codec()
    assert set(s.EVENT_STRATEGIES) == set(codec.registry)
    command_classes = {getattr(k.commands, name) for name in k.commands.__all__}
    bases = {
        k.Command,
        *(getattr(k.commands, f"{kind}Command") for kind in ("Group", "Forum", "Party")),
    }
    bases.add(k.commands.OfficeCommand)
    assert command_classes - bases == set(s.COMMAND_STRATEGIES)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(s.accepted_commands(max_size=15))
def test_accepted_commands_are_all_accepted_when_replayed(commands: list[k.Command]) -> None:
    app = k.Application(k.MemoryStore())
    for command in commands:
        assert app.handle(command)


def test_accepted_commands_draw_every_kind_across_several_groups() -> None:
    drawn: collections.Counter[str] = collections.Counter()
    groups: collections.Counter[int] = collections.Counter()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(s.accepted_commands())
    def draw(commands: list[k.Command]) -> None:
        drawn.update(type(c).__name__ for c in commands)
        groups[sum(isinstance(c, k.FormGroup) for c in commands)] += 1

    draw()
    assert {kind.__name__ for kind in s.KINDS} - set(drawn) == set()
    assert groups[1] < 300  # not always one group
    assert sum(count for n, count in groups.items() if n >= 2) >= 30


IMPORT_ORDERS = [
    "import kimcore; import kimcore.testing.strategies",
    "from kimcore.testing.strategies import accepted_commands",
    "import hypothesis; import kimcore.testing.strategies",
    "import kimcore.testing.strategies.values",
    "import kimcore.testing.machine",
    "from kimcore.testing import conformance",
]


@pytest.mark.parametrize("first", IMPORT_ORDERS)
def test_the_kit_imports_in_any_order_in_a_fresh_interpreter(first: str) -> None:
    script = (
        f"{first}\n"
        "from hypothesis import strategies as st\n"
        "import kimcore as k\n"
        "assert isinstance(st.from_type(k.events.GroupFormed).example(), k.events.GroupFormed)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tempfile.gettempdir())


def test_the_kit_imports_first_thing_in_a_downstream_pytest_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_first="""
        from kimcore.testing.strategies import accepted_commands
        from hypothesis import given, settings

        @settings(max_examples=5)
        @given(accepted_commands(max_size=5))
        def test_it(commands):
            assert commands
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_scenario_then_and_raises() -> None:
    formed = b.formed(3)
    joined = k.events.MemberJoined(
        group_id=b.GROUP_ID, member=b.member(7), joined_on=b.D(2024, 2, 1)
    )
    scenario(formed).when(
        k.JoinGroup(group_id=b.GROUP_ID, member=b.member(7), joined_on=b.D(2024, 2, 1))
    ).then(joined)
    refused = scenario([formed]).when(k.ConfirmGroup(group_id=b.GROUP_ID, decree=b.decree()))
    error = refused.raises(e.ConfirmationRequiresChair, match="chair")
    assert error.rule == "confirm-needs-chair"
    with pytest.raises(AssertionError, match="was refused, expected events"):
        refused.then()
    with pytest.raises(AssertionError, match="expected GroupFull"):
        refused.raises(e.GroupFull)
    accepted = scenario(formed).when(
        k.JoinGroup(group_id=b.GROUP_ID, member=b.member(8), joined_on=b.D(2024, 2, 1))
    )
    with pytest.raises(AssertionError, match="was accepted"):
        accepted.raises(e.GroupFull)
    with pytest.raises(AssertionError, match="expected"):
        accepted.then(joined)


def test_the_pytest_plugin_gives_fixtures_to_a_downstream_suite(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import datetime as dt, uuid
        import kimcore as k
        from kimcore.domain.errors import TooFewFounders

        def founders(n):
            return tuple(
                k.MemberDetails(
                    member_id=uuid.uuid4(), name=f"W{i}", category=k.MemberCategory.YOUTH
                )
                for i in range(n)
            )

        def form(n):
            return k.FormGroup(
                group_id=uuid.UUID(int=1), name="KIM", founders=founders(n),
                seat=k.Seat(region=k.Region(code="62.71.01.1002", name="Langkai"),
                            settlement=k.Settlement.URBAN_WARD, area=k.Area.URBAN),
                formed_on=dt.date(2024, 1, 1),
            )

        def test_every_store(kimcore_store):
            app = k.Application(kimcore_store)
            assert app.handle(form(3))[0].event_type == "GroupFormed"

        def test_app(kimcore_app):
            assert kimcore_app.group(uuid.UUID(int=1)) is None

        def test_given(kimcore_given):
            kimcore_given().when(form(2)).raises(TooFewFounders)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)


def test_the_postgres_fixture_says_how_to_start_postgres(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIMCORE_TEST_POSTGRES", "postgresql://nobody@127.0.0.1:1/none")
    pytester.makepyfile("def test_pg(kimcore_postgres_store):\n    pass\n")
    monkeypatch.delenv("CI", raising=False)
    skipped = pytester.runpytest("-rs")
    skipped.assert_outcomes(skipped=1)
    skipped.stdout.fnmatch_lines(["*not reachable*start it with: pg_ctlcluster*"])
    monkeypatch.setenv("CI", "true")
    failed = pytester.runpytest()
    failed.assert_outcomes(errors=1)


def test_a_downstream_state_machine_subclasses_the_domain_machine(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        from hypothesis import settings
        from hypothesis.stateful import invariant
        from kimcore.testing.machine import DomainMachine

        class Counting(DomainMachine):
            @invariant()
            def accepted_never_decreases(self):
                assert self.accepted >= 0
                assert len(self.groups) >= 2

        Counting.TestCase.settings = settings(max_examples=5, stateful_step_count=10, deadline=None)
        TestCounting = Counting.TestCase
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
