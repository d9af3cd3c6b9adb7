"""Bad input at every public entry point: a typed kimcore error naming the field, nothing stored."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import GROUP_ID, forget, form, member

import kimcore as k
from kimcore.cli.app import cli
from kimcore.domain.errors import InvalidValue
from kimcore.errors import PluginError
from kimcore.events.errors import EventDecodeError, EventError

# Anything a caller could pass: text of every kind (lone surrogates, NUL, huge), and objects.
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=())),  # surrogates included
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "x" * 100_000, " ", ""]),
)
ANY_OBJECT = st.one_of(
    ANY_TEXT,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.uuids(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=3),
    st.builds(object),
)
TYPED = (k.DomainError, k.StoreError, EventError)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(params=["memory", "sqlite"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[k.Application]:
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'kim.db'}"
    application = k.Application(k.open_store(url))
    application.handle(form())
    yield application
    application.store.close()


def join(n: int) -> k.JoinGroup:
    return k.JoinGroup(group_id=GROUP_ID, member=member(n), joined_on=form().formed_on)


def _refused_cleanly(app: k.Application, call: Callable[[], Any]) -> None:
    """*call* either works or raises a typed kimcore error; a refusal stores nothing."""
    head = app.store.head_position()
    try:
        call()
    except TYPED:
        assert app.store.head_position() == head
    # Any other exception escapes and fails the test.


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"correlation_id": "x"}, "correlation_id"),
        ({"command_id": 5}, "command_id"),
        ({"extra": "text"}, "extra"),
        ({"extra": True}, "extra"),
        ({"extra": uuid.uuid4()}, "extra"),
        ({"extra": {"k": 1}}, "extra"),
        ({"extra": {"k": "\ud800"}}, "extra"),
        ({"extra": {"": "v"}}, "extra"),
    ],
)
def test_envelope_arguments_are_checked_before_anything_is_stored(
    app: k.Application, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValue, match=field):
        app.handle(join(9), **arguments)
    assert app.store.head_position() == 1


def test_what_is_not_a_command_is_refused_saying_what_handle_takes(app: k.Application) -> None:
    class PluginThing:
        pass

    for thing in (None, "FormGroup", 5, PluginThing()):
        with pytest.raises(InvalidValue, match="command: must be a kimcore command") as caught:
            app.handle(thing)  # type: ignore[arg-type]
        assert " at 0x" not in str(caught.value)
    assert app.store.head_position() == 1


def test_an_erasure_given_to_handle_is_an_erasure(app: k.Application) -> None:
    recorded = app.handle(forget(form().founders[0].member_id))  # type: ignore[arg-type]
    assert [r.event_type for r in recorded] == ["MemberForgotten"]


@SETTINGS
@given(name=ANY_TEXT, person=ANY_TEXT, extra=ANY_OBJECT, ids=st.tuples(ANY_OBJECT, ANY_OBJECT))
def test_arbitrary_text_and_objects_in_a_command_are_refused_by_type(
    name: str, person: str, extra: Any, ids: tuple[Any, Any]
) -> None:
    app = k.Application(k.open_store("memory://"))
    app.handle(form())

    def build_and_handle() -> None:
        command = form(group_id=uuid.uuid4(), name=name)
        app.handle(command)

    def join_named() -> None:
        details = k.MemberDetails(
            member_id=uuid.uuid4(), name=person, category=k.MemberCategory.YOUTH
        )
        app.handle(k.JoinGroup(group_id=GROUP_ID, member=details, joined_on=form().formed_on))

    _refused_cleanly(app, build_and_handle)
    _refused_cleanly(app, join_named)
    _refused_cleanly(app, lambda: app.handle(join(8), extra=extra))
    _refused_cleanly(app, lambda: app.handle(join(7), command_id=ids[0], correlation_id=ids[1]))
    _refused_cleanly(app, lambda: app.handle(extra))
    # Whatever was accepted can be read back and exported.
    k.stores.export_jsonl(app.store, _Sink())


@SETTINGS
@given(stream=ANY_OBJECT, after=ANY_OBJECT, limit=ANY_OBJECT)
def test_arbitrary_arguments_to_a_store_are_refused_by_type(
    stream: Any, after: Any, limit: Any
) -> None:
    store = k.open_store("memory://")
    for call in (
        lambda: store.read_stream(stream),
        lambda: store.read_stream("group-x", after, limit),
        lambda: store.read_all(after, limit),
        lambda: store.stream_version(stream),
        lambda: store.read_from_snapshot(stream),
        lambda: store.append(stream, [], k.stores.ANY_VERSION),
        lambda: store.append("group-x", [], after),
    ):
        with contextlib.suppress(k.StoreError):
            call()
    assert store.head_position() == 0


@SETTINGS
@given(url=ANY_TEXT)
def test_arbitrary_store_urls_are_refused_by_type(url: str) -> None:
    if url.startswith(("sqlite:", "postgres")):
        return  # those may name real files or servers
    with contextlib.suppress(k.StoreError, PluginError):
        k.open_store(url).close()


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)


# -- what a store holds that it should not ----------------------------------------------------


def _corrupt(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    db = tmp_path / "kim.db"
    app = k.Application(k.open_store(f"sqlite:///{db}"))
    app.handle(form())
    app.handle(join(5))
    app.store.close()
    return db


def test_a_corrupt_recorded_at_is_a_typed_error_naming_where(stored: Path) -> None:
    _corrupt(stored, "UPDATE kimcore_events SET recorded_at = 'yesterday' WHERE position = 2")
    store = k.open_store(f"sqlite:///{stored}")
    with pytest.raises(EventDecodeError, match=r"stream 'group-.*' version 2 position 2"):
        store.read_all()
    store.close()
    result = CliRunner().invoke(cli, ["--store", f"sqlite:///{stored}", "verify"])
    assert result.exit_code == 1
    assert "position 2" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "metadata",
    [
        "'not json'",
        """'{"ck": "not a uuid"}'""",
        """'{"x": {"k": 5}}'""",
        """'[1, 2]'""",
    ],
)
def test_corrupt_metadata_is_found_by_verify_and_named_by_export(
    stored: Path, metadata: str
) -> None:
    _corrupt(
        stored, f"UPDATE kimcore_events SET metadata = CAST({metadata} AS BLOB) WHERE position = 2"
    )
    url = f"sqlite:///{stored}"
    result = CliRunner().invoke(cli, ["--store", url, "verify"])
    assert result.exit_code == 1
    assert "position 2" in result.output
    assert "metadata" in result.output
    exported = CliRunner().invoke(cli, ["--store", url, "export"])
    assert exported.exit_code == 1
    assert exported.output.strip().splitlines()[-1].startswith("error: EventDecodeError: stream")
    assert "position 2" in exported.output
