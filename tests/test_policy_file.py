"""An office's policy file: read by every command, shown by ``kimcore policy``, refused by key."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import GROUP_ID, D, formed, member, run_group

import kimcore as k
from kimcore.cli.app import cli as main
from kimcore.domain import errors as e
from kimcore.domain.policy_file import policy_from_mapping, policy_toml
from kimcore.domain.rules import Rules
from kimcore.errors import PolicyFileError
from kimcore.register import TEMPLATE_ROWS

SWITCHES = [a.name for a in attrs.fields(Rules)]


@given(
    switches=st.fixed_dictionaries({name: st.booleans() for name in SWITCHES}),
    minimum=st.integers(1, 20),
    extra=st.integers(0, 40),
    refuse=st.booleans(),
)
def test_a_policy_reads_back_from_the_file_it_prints(
    switches: dict[str, bool], minimum: int, extra: int, refuse: bool
) -> None:
    policy = k.Policy(
        rules=Rules(**switches),
        bounds=k.values.MembershipBounds(minimum=minimum, maximum=minimum + extra),
        refuse_political_campaigning=refuse,
    )
    import tomllib

    assert policy_from_mapping(tomllib.loads(policy_toml(policy))) == policy


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"rulez": {}}, "rulez"),
        ({"rules": {"experience_needs_prior_activity": "yes"}}, "rules.experience_needs_prior"),
        ({"rules": {"no_such_rule": True}}, "rules.no_such_rule"),
        ({"bounds": {"minimum": 10, "maximum": 5}}, "bounds.maximum"),
        ({"bounds": {"minimum": "3"}}, "bounds.minimum"),
        ({"bounds": 3}, "bounds"),
        ({"political_tags": "kampanye"}, "political_tags"),
    ],
)
def test_a_bad_setting_is_refused_naming_its_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(PolicyFileError, match=key):
        policy_from_mapping(data)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_command_reads_the_policy_file_and_a_bad_one_fails_in_one_line(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    good = _write(
        tmp_path / "kebijakan.toml", "[bounds]\nminimum = 5\n[rules]\nforum_needs_decree = true\n"
    )
    shown = runner.invoke(main, ["--policy", str(good), "policy"])
    assert shown.exit_code == 0, shown.output
    assert "minimum = 5" in shown.stdout
    assert "forum_needs_decree = true" in shown.stdout
    from_env = runner.invoke(main, ["policy", "--lang", "id"], env={"KIMCORE_POLICY": str(good)})
    assert "minimum = 5" in from_env.stdout
    assert from_env.stdout.startswith("# Kebijakan kimcore yang berlaku")
    bad = _write(tmp_path / "bad.toml", "[rules]\nactivity_needs_function = 1\n")
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    for command in (["policy"], ["log"], ["import", str(good)], ["report", "kims"]):
        failed = runner.invoke(main, ["--store", url, "--policy", str(bad), *command])
        assert failed.exit_code == 1, command
        assert failed.output.count("\n") == 1, failed.output
        assert "rules.activity_needs_function" in failed.output


def test_the_import_decides_under_the_policy_file(tmp_path: Path) -> None:
    runner = CliRunner()
    template = tmp_path / "register.csv"
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    assert runner.invoke(main, ["import", "--template", str(template)]).exit_code == 0
    strict = _write(tmp_path / "p.toml", "[bounds]\nminimum = 5\nmaximum = 30\n")
    refused = runner.invoke(
        main, ["--store", url, "--policy", str(strict), "--lang", "id", "import", str(template)]
    )
    assert refused.exit_code == 1
    assert "[min-founders] Anggota pendiri KIM kurang dari jumlah paling sedikit" in refused.stderr
    assert "paling sedikit 5 anggota pendiri, tercatat 3" in refused.stderr
    assert len(TEMPLATE_ROWS) == 8


def test_an_existing_kims_bounds_change_and_its_members_must_fit() -> None:
    history = [formed(4)]
    change = k.commands.ChangeBounds(
        group_id=GROUP_ID,
        bounds=k.values.MembershipBounds(minimum=5, maximum=10),
        changed_on=D(2024, 6, 1),
        reason="Perbup No. 12 Tahun 2024",
    )
    (changed,) = run_group(history, change)
    assert isinstance(changed, k.events.BoundsChanged)
    state = k.domain.group_state.fold([*history, changed])
    assert state.bounds.minimum == 5
    assert state.standing is k.values.Standing.BELOW_MINIMUM
    with pytest.raises(e.GroupFull, match="more than the new maximum"):
        run_group(
            history, attrs.evolve(change, bounds=k.values.MembershipBounds(minimum=1, maximum=3))
        )
    with pytest.raises(e.DateBeforePrevious):
        run_group(history, attrs.evolve(change, changed_on=D(2020, 1, 1)))
    assert member(0)


def test_the_service_decides_under_the_policy_it_is_given() -> None:
    web = pytest.importorskip("kimcore.web", reason="needs the web extra")
    strict = k.Policy(rules=Rules(activity_needs_function=True))
    app = web.create_app(k.MemoryStore(), policy=strict)
    assert app.state.service.app.policy is strict
