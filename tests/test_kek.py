"""Keys wrapped at rest: a copied database reveals no key without the key-encryption key."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.builders import form, member
from tests.services import postgres_schema

import kimcore as k
from kimcore.adapters.kek import Keyring, kek_from_text, new_kek_text
from kimcore.cli.app import cli
from kimcore.errors import WrongKek

SUBJECT = member(1).member_id


def _kek_file(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text(new_kek_text() + "\n")
    path.chmod(0o600)
    return path


class Place:
    """Where a store lives, and how to read its raw bytes (the attacker's view)."""

    def __init__(self, url: str, raw: Callable[[], bytes]) -> None:
        self.url = url
        self.raw = raw

    def open(self, kek: Path | None = None) -> k.EventStore:
        if kek is None:
            return k.open_store(self.url)
        join = "&" if "?" in self.url else "?"
        return k.open_store(f"{self.url}{join}kek=file:{kek}")


@pytest.fixture(params=["sqlite", "postgres"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Place]:
    if request.param == "sqlite":
        db = tmp_path / "kim.db"

        def raw_file() -> bytes:
            return b"".join(
                Path(f"{db}{s}").read_bytes() for s in ("", "-wal") if Path(f"{db}{s}").exists()
            )

        yield Place(f"sqlite:///{db}", raw_file)
        return
    import psycopg

    with postgres_schema("kim_kek") as (url, schema):

        def raw_table() -> bytes:
            with psycopg.connect(url.split("?")[0]) as conn:
                rows = conn.execute(f'SELECT key FROM "{schema}".kimcore_keys').fetchall()
            return b"".join(bytes(row[0]) for row in rows if row[0] is not None)

        yield Place(url, raw_table)


def _record(store: k.EventStore) -> bytes:
    app = k.Application(store)
    app.handle(form())
    key = store.keys.get(SUBJECT)
    assert key is not None
    return key


def test_wrapped_keys_are_not_in_the_store_and_names_still_open(
    place: Place, tmp_path: Path
) -> None:
    kek = _kek_file(tmp_path, "kek")
    with place.open(kek) as store:
        key = _record(store)
        assert store.keys.get(SUBJECT) == key
        state = k.Application(store).group(form().group_id)
        assert state is not None
    with place.open(kek) as store:
        assert store.keys.get(SUBJECT) == key
        history = k.Application(store).history(
            k.PartyRef(kind=k.PartyKind.GROUP, id=form().group_id)
        )
        assert member(1).name in {f.name for f in history[0].event.founders}
    assert key not in place.raw()


def test_a_wrapped_store_refuses_to_open_without_its_kek_or_with_another(
    place: Place, tmp_path: Path
) -> None:
    kek = _kek_file(tmp_path, "kek")
    with place.open(kek) as store:
        _record(store)
    with pytest.raises(WrongKek, match=r"wrapped by KEK [0-9a-f]{16}: give it"):
        place.open()
    with pytest.raises(WrongKek, match="the KEK given is"):
        place.open(_kek_file(tmp_path, "other"))
    result = CliRunner().invoke(cli, ["--store", place.url, "log"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("error: WrongKek: the keys of")


def test_plain_keys_are_wrapped_when_a_kek_is_first_given(place: Place, tmp_path: Path) -> None:
    with place.open() as store:
        key = _record(store)
    kek = _kek_file(tmp_path, "kek")
    with place.open(kek) as store:
        assert store.keys.get(SUBJECT) == key
        store.wait_for_erasure(5)
    with place.open(kek) as store:  # the old pages are purged by now
        assert store.wait_for_erasure(5)
    assert key not in place.raw()


def test_rotating_rewraps_every_key_and_touches_no_event(place: Place, tmp_path: Path) -> None:
    old, new = _kek_file(tmp_path, "old"), _kek_file(tmp_path, "new")
    with place.open(old) as store:
        key = _record(store)
        stream = f"group-{form().group_id}"
        before = store.read_stream(stream)
    with place.open(old) as store:
        count = store.rotate_kek(kek_from_text(new.read_text()))  # type: ignore[attr-defined]
        assert count == 3
        assert store.read_stream(stream) == before
        assert store.keys.get(SUBJECT) == key
    with pytest.raises(WrongKek):
        place.open(old)
    with place.open(new) as store:
        assert store.keys.get(SUBJECT) == key
        assert store.read_stream(stream) == before


def test_the_environment_gives_the_kek_and_a_previous_one_during_a_rotation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    old, new = new_kek_text(), new_kek_text()
    monkeypatch.setenv("KIMCORE_KEK", old)
    with k.open_store(url) as store:
        key = _record(store)
    with k.open_store(url) as store:  # a second process, still on the old KEK
        assert store.rotate_kek(kek_from_text(new)) == 3  # type: ignore[attr-defined]
    monkeypatch.setenv("KIMCORE_KEK", new)
    monkeypatch.setenv("KIMCORE_KEK_PREVIOUS", old)
    with k.open_store(url) as store:
        assert store.keys.get(SUBJECT) == key
    monkeypatch.delenv("KIMCORE_KEK")
    monkeypatch.delenv("KIMCORE_KEK_PREVIOUS")
    with pytest.raises(WrongKek):
        k.open_store(url)


def test_a_wrapped_key_opens_only_for_its_own_subject() -> None:
    kek = kek_from_text(new_kek_text())
    a, b = uuid.uuid4().bytes, uuid.uuid4().bytes
    key = os.urandom(32)
    wrapped = kek.wrap(a, key)
    assert len(wrapped) == 69
    assert kek.unwrap(a, wrapped) == key
    with pytest.raises(WrongKek, match="moved"):
        kek.unwrap(b, wrapped)  # a key copied onto another subject's row
    with pytest.raises(WrongKek, match="wrapped by KEK"):
        kek_from_text(new_kek_text()).unwrap(a, wrapped)
    tampered = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(WrongKek):
        kek.unwrap(a, tampered)
    ring = Keyring(kek_from_text(new_kek_text()), [kek])
    assert ring.unwrap(a, wrapped) == key


@pytest.mark.parametrize(
    "text", ["", "short", base64.b64encode(b"x" * 31).decode(), "z" * 64, "not base64 at all!"]
)
def test_a_malformed_kek_is_refused_saying_how_to_make_one(text: str) -> None:
    with pytest.raises(k.StoreError, match="kimcore keys new-kek"):
        kek_from_text(text)


def test_an_unknown_provider_or_a_missing_file_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    for bad, message in (
        (f"{url}?kek=vault:x", "no such KEK provider"),
        (f"{url}?kek=file:{tmp_path / 'none'}", "cannot read the KEK file"),
        (f"{url}?kek=env:NO_SUCH_VARIABLE", "NO_SUCH_VARIABLE is not set"),
    ):
        with pytest.raises(k.StoreError, match=message):
            k.open_store(bad)
        result = CliRunner().invoke(cli, ["--store", bad, "log"])
        assert result.exit_code == 1
        assert result.output.count("\n") == 1


def test_the_keys_commands(tmp_path: Path) -> None:
    made = CliRunner().invoke(cli, ["keys", "new-kek"])
    assert made.exit_code == 0
    assert len(base64.b64decode(made.output.strip())) == 32
    old, new = _kek_file(tmp_path, "old"), _kek_file(tmp_path, "new")
    url = f"sqlite:///{tmp_path / 'kim.db'}?kek=file:{old}"
    with k.open_store(url) as store:
        _record(store)
    status = CliRunner().invoke(cli, ["--store", url, "keys", "status"])
    assert "keys wrapped by KEK" in status.output
    rotated = CliRunner().invoke(cli, ["--store", url, "keys", "rotate", "--to", f"file:{new}"])
    assert rotated.exit_code == 0, rotated.output
    assert "3 key(s) now wrapped" in rotated.output
    again = CliRunner().invoke(cli, ["--store", url, "keys", "status"])
    assert again.exit_code == 1  # the old KEK no longer opens it
