"""Old import paths keep working for one release: each warns, naming the new home, and hands over
the very same object."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

import kimcore
from kimcore import _deprecated

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


def _own_names(module: str) -> list[str]:
    """The public names *module* defines itself (not those it imports)."""
    found = importlib.import_module(module)
    return [
        name
        for name, value in vars(found).items()
        if not name.startswith("_") and getattr(value, "__module__", module) == module
    ]


OLD_NAMES = (
    [(old, name, new, name) for old, new in _deprecated.MODULES.items() for name in _own_names(new)]
    + [
        (old, name, new, name)
        for old, names in _deprecated.NAMES.items()
        for name, new in names.items()
    ]
    + [
        (old, name, *path.rsplit(".", 1))
        for old, names in _deprecated.RENAMED.items()
        for name, path in names.items()
    ]
)


@pytest.mark.parametrize(
    ("old", "name", "new", "now"), OLD_NAMES, ids=[f"{o}.{n}" for o, n, _, _ in OLD_NAMES]
)
def test_an_old_path_warns_and_gives_the_same_object(
    old: str, name: str, new: str, now: str
) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=re.escape(f"{old}.{name} is now {new}.{now}")):
        value = getattr(module, name)
    assert value is getattr(importlib.import_module(new), now)


def test_a_renamed_error_is_not_the_event_of_its_old_name() -> None:
    import kimcore.errors

    with pytest.warns(DeprecationWarning, match="PartnershipAlreadyEnded"):
        error = kimcore.errors.PartnershipEnded  # type: ignore[attr-defined]
    assert issubclass(error, kimcore.errors.DomainError)
    assert not issubclass(kimcore.events.PartnershipEnded, Exception)


def test_from_import_of_an_old_path_warns_at_the_callers_line() -> None:
    with pytest.warns(DeprecationWarning, match="kimcore.plugins.hookspecs") as caught:
        from kimcore.hookspecs import hookimpl
    assert hookimpl is kimcore.hookimpl
    assert caught[0].filename == __file__


def test_a_name_that_never_was_is_an_attribute_error() -> None:
    module = importlib.import_module("kimcore.hookspecs")
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        module.nothing_here  # noqa: B018 - the access is the test
    assert not hasattr(module, "nothing_here")


def test_modules_that_never_were_still_fail_to_import() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("kimcore.domain.no_such_module")


def test_an_old_module_leaves_no_file_behind() -> None:
    for old in (*_deprecated.MODULES, *_deprecated.NAMES):
        if old in _deprecated.MODULES or old not in sys.modules:
            spec = importlib.util.find_spec(old)
            assert spec is not None
            if old in _deprecated.MODULES:
                assert spec.origin is None, f"{old} is still a file: {spec.origin}"


def test_the_changelog_names_every_move() -> None:
    text = CHANGELOG.read_text()
    missing = [
        f"{old} -> {new}"
        for old, new in _deprecated.MODULES.items()
        if f"`{old}` → `{new}`" not in text
    ]
    missing += [
        f"{old}.{name} -> {new}"
        for old, names in _deprecated.NAMES.items()
        for name, new in names.items()
        if f"`{old}.{name}` → `{new}.{name}`" not in text
    ]
    missing += [
        f"{old}.{name} -> {path}"
        for old, names in _deprecated.RENAMED.items()
        for name, path in names.items()
        if f"`{old}.{name}` → `{path}`" not in text
    ]
    assert missing == [], "CHANGELOG.md does not name these moves:\n" + "\n".join(missing)
