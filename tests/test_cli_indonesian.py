"""``kimcore --lang id``: every command that prints for people says it in Indonesian.

Each command is run on a demo's store with ``--lang id``; what it prints for people (its
sentences, headings and cells, less the log's own identifiers: event types, ``field=value``
data, stream ids, file paths and a policy file's keys) is checked against the English words of
sentences (`tests.test_messages_indonesian`), the English codes of report cells
(`tests.test_reports`) and the English words the CLI's own lines used to hold, and for no
Python repr.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from tests.test_messages_indonesian import REPR, english_words
from tests.test_reports import ENGLISH_CELLS

from kimcore.cli._help_id import HELP_ID
from kimcore.cli.app import cli
from kimcore.domain.views.report_words import TECHNIQUES_ID

_LABELS = frozenset(TECHNIQUES_ID.values())

# What the commands' own English lines say; none is an Indonesian word.
CLI_ENGLISH = frozenset(
    [
        "error",
        "events",
        "rows",
        "read",
        "seconds",
        "exported",
        "recorded",
        "would",
        "refused",
        "unchanged",
        "written",
        "position",
        "stream",
        "type",
        "plugin",
        "package",
        "registers",
        "snapshot",
        "digest",
        "copied",
        "techniques",
        "see",
        "does",
        "exist",
        "file",
        "explore",
        "members",
        "forums",
        "partnerships",
        "activities",
        "month",
        "level",
        "province",
        "regency",
        "standing",
        "channels",
        "officers",
        "board",
        "seats",
        "evaluated",
        "mapped",
        "issues",
        "programme",
        "layout",
        "none",
        "true",
        "false",
    ]
)
# Codes that are Indonesian words too (KBBI: analog, media; "Workshop (lokakarya)" is a label).
INDONESIAN_TOO = frozenset(["analog", "media", "workshop"])
# An English thousands separator or decimal point in a count ("1,115 peristiwa", "1.1 detik").
ENGLISH_NUMBER = re.compile(r"\b\d{1,3}(,\d{3})+\b|\b\d+\.\d\b")


def _for_people(text: str, tmp_path: Path) -> str:
    """*text* without what is not said to people: paths, identifiers, the log's own data."""
    text = text.replace(str(tmp_path), "")
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", text)
    text = re.sub(r"\b[0-9a-f]{32,}\b", "", text)  # a digest
    text = re.sub(r"\S+\.(db|csv|jsonl|xlsx)\b|sqlite:///\S*", "", text)
    text = re.sub(r"\b(group|forum|subject|government_body|partnership)-\S*", "", text)  # streams
    text = re.sub(r"\[[a-z-]+\]", "", text)  # a rule's code: [invalid-value]
    text = re.sub(r"\bNo\. \d", "", text)  # a street number (nomor)
    text = re.sub(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", "", text)  # event types
    text = re.sub(r"\b[a-z_]+=\S*", "", text)  # the log's field=value
    text = re.sub(r"--?[a-z][-a-z]*( [A-Z.]+\b)?|\bkimcore\b|\bexport\b", "", text)  # options
    return re.sub(r"\bkim_[a-z_]+\b", "", text)  # read models' tables


def _check(said: str, tmp_path: Path) -> None:
    text = _for_people(said, tmp_path)
    words = {w.casefold() for w in re.findall(r"[A-Za-z_]+", text)}
    assert not english_words(text), (english_words(text), said)
    assert not words & CLI_ENGLISH, (words & CLI_ENGLISH, said)
    # "Analog" and "digital" are Indonesian words too (KBBI).
    assert not words & (ENGLISH_CELLS - INDONESIAN_TOO), (words & ENGLISH_CELLS, said)
    assert not REPR.search(text), (REPR.search(text), said)
    assert not ENGLISH_NUMBER.search(text), (ENGLISH_NUMBER.search(text), said)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("id") / "kim.db"
    done = CliRunner().invoke(cli, ["--lang", "id", "demo", "--db", str(db), "--villages", "1"])
    assert done.exit_code == 0, done.output
    return db


def _run(store: Path, *args: str, code: int = 0) -> str:
    done = CliRunner().invoke(cli, ["--lang", "id", "--store", f"sqlite:///{store}", *args])
    assert done.exit_code == code, done.output
    return done.output


def _heading_rows(text: str) -> str:
    """A table's heading rows (rich draws them between ┏ and ┡), not its cells."""
    return "\n".join(line for line in text.splitlines() if line.startswith("┃"))


def _story_lines(text: str) -> str:
    """The story's lines, less its event log (one line a position: the log's own words)."""
    return "\n".join(line for line in text.splitlines() if not re.match(r"\s*\d+\s", line))


def _no_python(text: str) -> str:
    """The log's own data (field=value) is its words; a Python literal is not."""
    assert not re.search(r"\b(None|True|False)\b", text), text
    return _heading_rows(text)


def _report(text: str) -> str:
    """A report's headings, and its cells that are not a code's whole label (those are words)."""
    rows = list(csv.reader(io.StringIO(text)))
    cells = {cell for row in rows[1:] for cell in row}
    assert not cells & ENGLISH_CELLS, cells & ENGLISH_CELLS
    return "\n".join([",".join(rows[0]), *(c for c in cells if c not in _LABELS)])


def _plugins(text: str) -> str:
    """The table's headings and what each plugin registers, less the names it registers."""
    return _heading_rows(text) + "\n" + "\n".join(re.findall(r"([a-zA-Z][a-zA-Z ]*):", text))


def _refused_import(store: Path, tmp: Path) -> str:
    listing = _run(store, "export", "daftar-kim", "--lang", "en").split("Daftar KIM:")[0]
    rows = list(csv.reader(io.StringIO(listing)))
    headings, kim = rows[0], next(r for r in rows if r[0] == "kim")
    kim[headings.index("formed_on")] = "2099-01-01"  # a date in the future: refused
    path = tmp / "refused.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([headings, kim])
    return _run(store, "import", str(path), "--dry-run", code=1)


COMMANDS: dict[str, Callable[[Path, Path], str]] = {
    "log": lambda s, _t: _heading_rows(_run(s, "log", "--limit", "5")),
    "log data": lambda s, _t: _no_python(_run(s, "log", "--limit", "40")),
    "show": lambda s, _t: _heading_rows(
        _run(s, "show", json.loads(_run(s, "export").splitlines()[0])["stream_id"])
    ),
    "verify": lambda s, _t: _run(s, "verify"),
    "keys status": lambda s, _t: _run(s, "keys", "status"),
    "project rebuild": lambda s, _t: _run(s, "project", "rebuild", "--all"),
    "copy": lambda s, t: _run(
        s, "copy", "--from", f"sqlite:///{s}", "--to", f"sqlite:///{t / 'c.db'}"
    ),
    "plugins": lambda s, _t: _plugins(_run(s, "plugins")),
    "policy": lambda s, _t: _run(s, "policy").splitlines()[0],
    "export": lambda s, t: _run(s, "export", "--output", str(t / "log.jsonl")),
    "export daftar-kim": lambda s, t: _run(s, "export", "daftar-kim", "--output", str(t / "d.csv")),
    "import": lambda s, t: (
        _run(s, "export", "daftar-kim", "--output", str(t / "again.csv"))
        + _run(s, "import", str(t / "again.csv"), "--dry-run")
    ),
    "import refused": _refused_import,
    "import template": lambda s, t: _run(s, "import", "--template", str(t / "templat.csv")),
    "report kims": lambda s, _t: _report(_run(s, "report", "kims")),
    "report activities": lambda s, _t: _report(_run(s, "report", "activities")),
    "report mapping": lambda s, _t: _report(_run(s, "report", "mapping")),
    "no such store": lambda _s, t: _run(t / "nothing.db", "log", code=1),
    "no such stream": lambda s, _t: _run(s, "show", "group-nothing", code=1),
    "a wrong option": lambda s, _t: _run(s, "log", "--limit", "0", code=2),
    "no command": lambda s, _t: _run(s, code=2),
    "an option without its value": lambda s, _t: _run(s, "log", "--limit", code=2),
    "no such command": lambda s, _t: _run(s, "lapor", code=2),
    "an extra argument": lambda s, _t: _run(s, "policy", "lagi", code=2),
    "a flag given a value": lambda s, _t: _run(s, "demo", "--story", "--replace=ya", code=2),
    # The report's names are its codes, said as they are typed: only the sentence is checked.
    "no report named": lambda s, _t: _run(s, "report", code=2).split("pilihannya")[0],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_said_in_indonesian_holds_no_english(
    name: str, store: Path, tmp_path: Path
) -> None:
    said = COMMANDS[name](store, tmp_path)
    assert said.strip()
    _check(said, tmp_path)


@pytest.mark.parametrize(
    "args", [["--story"], ["--villages", "1"], ["--kims", "20", "--years", "1"]], ids=str
)
def test_every_demo_said_in_indonesian_holds_no_english(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    done = CliRunner().invoke(cli, ["--lang", "id", "demo", "--db", str(db), *args])
    assert done.exit_code == 0, done.output
    assert "Daftar KIM" in done.output
    _check(_story_lines(done.output), tmp_path)


def test_click_s_usage_errors_are_said_in_indonesian(store: Path) -> None:
    """click's parser refuses some lines before a context knows the language: still Indonesian."""
    assert _run(store, "log", "--limit", code=2).startswith("kesalahan: opsi --limit perlu nilai")
    assert "tidak ada perintah lapor" in _run(store, "lapor", code=2)
    assert "argumen berlebih: lagi" in _run(store, "policy", "lagi", code=2)
    said = _run(store, "report", code=2)
    assert "argumen LAPORAN wajib diisi; pilihannya: activities, kims" in said
    env = {"KIMCORE_LANG": "id"}
    done = CliRunner().invoke(cli, ["--store", f"sqlite:///{store}", "log", "--limit"], env=env)
    assert done.output.startswith("kesalahan: opsi --limit perlu nilai"), done.output
    english = CliRunner().invoke(cli, ["--store", f"sqlite:///{store}", "log", "--limit"])
    assert english.output.startswith("error: Option '--limit' requires an argument"), english.output


def test_the_checks_catch_english(tmp_path: Path) -> None:
    """The checks above fail on what the commands used to print."""
    for english in (
        "error: StoreError: kim.db does not exist",
        "kesalahan: No such command 'lapor'.",
        "kesalahan: Got unexpected extra argument (lagi)",
        "1,115 peristiwa dibaca dalam 1.1 detik",
        "officers: {'chair': 'adult'}",
        "┃ plugin ┃ package ┃ registers ┃",
    ):
        with pytest.raises(AssertionError):
            _check(english, tmp_path)


def _commands(
    command: click.Command = cli, path: tuple[str, ...] = ("kimcore",)
) -> list[tuple[str, ...]]:
    found = [path]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, (*path, name))
    return found


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path[1:]:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def _helped_options(command: click.Command) -> set[str]:
    return {p.name or "" for p in command.params if isinstance(p, click.Option) and p.help}


def test_every_command_and_option_has_its_indonesian_help() -> None:
    """A new command, or a new option with English help, needs its Indonesian in HELP_ID."""
    paths = {" ".join(path): _command(path) for path in _commands()}
    assert set(HELP_ID) == set(paths)
    for path, command in paths.items():
        said = HELP_ID[path]
        assert said.short.strip(), path
        assert said.text.strip(), path
        assert set(said.options) == _helped_options(command), path


def _help_for_people(text: str) -> str:
    """The help less what is typed, not read: code in backticks, a choice's values, defaults."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"[\[{][a-z|_\s-]+[\]}]", "", text)  # [en|id], {kims|mapping|…}
    return re.sub(r"bawaan: [^;\]]+", "", text)


def _help(path: tuple[str, ...], *lang: str, env: dict[str, str] | None = None) -> str:
    done = CliRunner().invoke(cli, [*lang, *path[1:], "--help"], env=env, prog_name="kimcore")
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("path", _commands(), ids=" ".join)
def test_every_help_said_in_indonesian_holds_no_english(
    path: tuple[str, ...], tmp_path: Path
) -> None:
    said = _help(path, "--lang", "id")
    assert said.startswith(f"Penggunaan: {' '.join(path)} [OPSI]"), said
    assert "\nOpsi:\n" in said, said
    assert "Options" not in said, said
    assert HELP_ID[" ".join(path)].text.split()[0] in said
    _check(_help_for_people(said), tmp_path)


def test_help_speaks_kimcore_lang_however_it_is_chosen() -> None:
    first = HELP_ID["kimcore log"].text.split(",")[0]
    assert first in _help(("kimcore", "log"), env={"KIMCORE_LANG": "id"})
    assert "Perintah:" in _help(("kimcore",), env={"KIMCORE_LANG": "id"})
    done = CliRunner().invoke(cli, ["--help", "--lang", "id"])  # --help comes first
    assert "Perintah:" in done.output, done.output
    assert "Usage:" in _help(("kimcore",), "--lang", "en", env={"KIMCORE_LANG": "id"})
    for alone in ([], ["keys"]):  # a group alone shows its help
        done = CliRunner().invoke(cli, alone, env={"KIMCORE_LANG": "id"}, prog_name="kimcore")
        assert done.output.startswith("Penggunaan: kimcore"), done.output


@pytest.mark.parametrize("path", _commands(), ids=" ".join)
def test_english_help_stays_english(path: tuple[str, ...]) -> None:
    command = _command(path)
    before = (command.help, [getattr(p, "help", None) for p in command.params])
    _help(path, "--lang", "id")  # the Indonesian is said by a copy, the command is untouched
    assert (command.help, [getattr(p, "help", None) for p in command.params]) == before
    said = _help(path)
    assert said.startswith(f"Usage: {' '.join(path)} [OPTIONS]"), said
    assert "\nOptions:\n" in said
    assert "Opsi" not in said
    assert (command.help or "").split()[0] in said


def test_the_help_checks_catch_english(tmp_path: Path) -> None:
    with pytest.raises(AssertionError):
        _check(_help_for_people("  --limit BILANGAN  At most this many events [50]."), tmp_path)
