"""Old import paths, kept for one release: each warns, then hands over the name from its new home.

Every public name has one home (``docs/design/layers.md``). Where a name or a whole module moved,
its old path still works until kimcore 0.3, with a ``DeprecationWarning`` that names the new one:

- a module that moved or was split leaves no file behind (so that history follows it); a finder on
  ``sys.meta_path``, installed when ``kimcore`` is imported, answers its old name with a module
  whose ``__getattr__`` warns and hands over the name;
- a module that is still there but lost some names answers them from its own ``__getattr__``,
  made by [`old_names`][kimcore._deprecated.old_names].

The tables below are the whole list (``RENAMED``: a name that took another name in its new
home); ``CHANGELOG.md`` names every entry, and a test imports every old path.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

REMOVED_IN = "0.3"

MODULES: dict[str, str] = {
    "kimcore.hookspecs": "kimcore.plugins.hookspecs",
    "kimcore.cli.dataset": "kimcore.demo.dataset",
    "kimcore.cli.dataset_practice": "kimcore.demo.offices",
    "kimcore.events.office": "kimcore.events.mapping",
}
"""An old module, and the module that now holds every name it held."""

NAMES: dict[str, dict[str, str]] = {
    # #24: the SQL model stores, a module each beside what they share
    "kimcore.adapters.models_sql": {
        "PostgresModels": "kimcore.adapters.models_postgres",
        "SqliteModels": "kimcore.adapters.models_sqlite",
    },
    # #24: the testing kit's practice twins, filed by what they hold
    "kimcore.testing.strategies.practice": {
        "events": "kimcore.testing.strategies.events",
        "profiles": "kimcore.testing.strategies.events",
    },
    # #24: what parties share, filed by subject
    "kimcore.domain.party": {
        "decide_end_partnership": "kimcore.domain.partnership",
        "decide_hold_activity": "kimcore.domain.activity",
        "decide_publish": "kimcore.domain.product",
        "decide_sign_partnership": "kimcore.domain.partnership",
        "decide_take_part": "kimcore.domain.activity",
        "organised_activity": "kimcore.domain.activity",
    },
    # #24: events filed by subject; the names answer from kimcore.events
    "kimcore.events.forum_governance": {
        "ForumChairReplaced": "kimcore.events",
        "ForumConfirmed": "kimcore.events",
        "MusyawarahHeld": "kimcore.events",
    },
    "kimcore.events.group_life": {
        "GroupMerged": "kimcore.events",
        "GroupSplit": "kimcore.events",
        "SeatRecoded": "kimcore.events",
    },
    "kimcore.events.party": {
        "ActivityAttended": "kimcore.events",
        "ActivityHeld": "kimcore.events",
        "InformationPublished": "kimcore.events",
        "PartnershipEnded": "kimcore.events",
        "PartnershipSigned": "kimcore.events",
    },
    # #24: every error class in one module per family, all of them in kimcore.errors
    "kimcore.adapters.copy": {"CopyFailed": "kimcore.errors"},
    "kimcore.adapters.kek": {"WrongKek": "kimcore.errors"},
    "kimcore.application.service": {"ConflictRetriesExhausted": "kimcore.errors"},
    "kimcore.application.writing": {"ConflictRetriesExhausted": "kimcore.errors"},
    "kimcore.domain.policy_file": {"PolicyFileError": "kimcore.errors"},
    # #24: one face per public name; another face's listing answers from the home
    "kimcore.projections": {
        "CheckpointMoved": "kimcore.errors",
        "DeliveryFailed": "kimcore.errors",
        "ProjectionError": "kimcore.errors",
        "ReadModelError": "kimcore.errors",
    },
    "kimcore.plugins": {
        "PluginConflict": "kimcore.errors",
        "PluginError": "kimcore.errors",
        "PluginFailed": "kimcore.errors",
        "UnknownPluginName": "kimcore.errors",
        "open_async_store": "kimcore.stores",
        "open_store": "kimcore.stores",
    },
    "kimcore.domain": {
        "GroupStage": "kimcore.values",
        "Standing": "kimcore.values",
    },
    "kimcore.values": {
        "AggregateRef": "kimcore.domain",
    },
    # #24: the practice axis, filed by subject; the names answer from their documented home
    # #24: the built-in deciders live with their subjects, listed in kimcore.domain.builtin
    "kimcore.domain.deciders": {
        "BUILTIN_DECIDERS": "kimcore.domain",
        "FORUM": "kimcore.domain.forum",
        "GROUP": "kimcore.domain.group",
    },
    "kimcore.domain.practice_commands": {
        "ConfirmForum": "kimcore.commands",
        "CoordinateMapping": "kimcore.commands",
        "HoldMusyawarah": "kimcore.commands",
        "MapGroup": "kimcore.commands",
        "MergeGroup": "kimcore.commands",
        "OfficeCommand": "kimcore.commands",
        "PublishInformation": "kimcore.commands",
        "RecodeSeat": "kimcore.commands",
        "ReplaceForumChair": "kimcore.commands",
        "ReportMapping": "kimcore.commands",
        "SplitGroup": "kimcore.commands",
        "TakePartInActivity": "kimcore.commands",
    },
    "kimcore.domain.practice_errors": {
        "AdvocacyKindRequired": "kimcore.domain.errors",
        "AttendedActivityMismatch": "kimcore.domain.errors",
        "BoardNeedsOneChair": "kimcore.domain.errors",
        "ChairReplacementRefused": "kimcore.domain.errors",
        "CoordinationRefused": "kimcore.domain.errors",
        "DelegateNotMember": "kimcore.domain.errors",
        "ForumAlreadyConfirmed": "kimcore.domain.errors",
        "GroupEnded": "kimcore.domain.errors",
        "MappedGroupNotRegistered": "kimcore.domain.errors",
        "MappingRuleViolation": "kimcore.domain.errors",
        "MergeRefused": "kimcore.domain.errors",
        "OfficerTermInvalid": "kimcore.domain.errors",
        "ProductDetailsMissing": "kimcore.domain.errors",
        "RecodeRefused": "kimcore.domain.errors",
        "ReportOfUnmappedGroup": "kimcore.domain.errors",
        "SplitNotRecorded": "kimcore.domain.errors",
        "UnknownMusyawarah": "kimcore.domain.errors",
    },
    "kimcore.vocabulary.practice": {
        "AdvocacyKind": "kimcore.values",
        "ChairChangeReason": "kimcore.values",
        "CommunityType": "kimcore.values",
        "MappingProfile": "kimcore.values",
        "MusyawarahKind": "kimcore.values",
        "OfficerStatus": "kimcore.values",
        "OfficerTerm": "kimcore.values",
        "ProductType": "kimcore.values",
        "Rating": "kimcore.values",
    },
    "kimcore.domain.views.practice": {
        "GROUP_LIFE": "kimcore.domain.views",
        "MAPPINGS": "kimcore.domain.views",
        "MAPPING_REPORTS": "kimcore.domain.views",
        "MUSYAWARAH": "kimcore.domain.views",
        "OFFICERS": "kimcore.domain.views",
        "PRODUCTS": "kimcore.domain.views",
        "GroupLife": "kimcore.domain.views",
        "GroupStatus": "kimcore.domain.views",
        "OfficeMapping": "kimcore.domain.views",
        "group_status": "kimcore.domain.views",
    },
}
"""An old module (split, or still there), and for each name that left it, its new module."""

RENAMED: dict[str, dict[str, str]] = {
    # #24: the error is PartnershipAlreadyEnded; PartnershipEnded is the event (kimcore.events)
    "kimcore.errors": {"PartnershipEnded": "kimcore.errors.PartnershipAlreadyEnded"},
    "kimcore.domain.errors": {"PartnershipEnded": "kimcore.errors.PartnershipAlreadyEnded"},
    "kimcore.domain.errors.party": {
        "PartnershipEnded": "kimcore.errors.PartnershipAlreadyEnded",
    },
}
"""An old module, and for each name that left it under another name, the new dotted path."""


def home_of(module: str, name: str) -> str | None:
    """The module that now holds *name*, once of *module*; ``None`` if it did not move."""
    renamed = RENAMED.get(module, {}).get(name)
    if renamed is not None:
        return renamed.rpartition(".")[0]
    return NAMES.get(module, {}).get(name) or MODULES.get(module)


def new_name(module: str, name: str) -> str:
    """The name *name*, once of *module*, has in its new home (the same unless renamed)."""
    return RENAMED.get(module, {}).get(name, name).rpartition(".")[2]


def moved(module: str, name: str) -> Any:
    """*name* from its new home, with a warning naming it; AttributeError if it never moved.

    For a module's ``__getattr__``: ``def __getattr__(name): return moved(__name__, name)``.
    """
    home = None if name.startswith("__") else home_of(module, name)
    if home is None:  # dunder names too: tools probe every module for __file__, __path__…
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    now = new_name(module, name)
    value = getattr(importlib.import_module(home), now)
    warnings.warn(
        f"{module}.{name} is now {home}.{now}; the old path goes in kimcore {REMOVED_IN}",
        DeprecationWarning,
        stacklevel=3,
    )
    return value


def old_names(module: str) -> Callable[[str], Any]:
    """A module's ``__getattr__`` that hands over the names that left *module*, with a warning.

    ``__getattr__ = old_names(__name__)`` at the end of a module that lost some names.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's __getattr__
        return moved(module, name)

    return __getattr__


class _OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers a moved module's old name with a module that warns on each name taken from it."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MODULES and fullname not in NAMES and fullname not in RENAMED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # the default module

    def exec_module(self, module: types.ModuleType) -> None:
        name = module.__name__
        module.__doc__ = f"Moved (until kimcore {REMOVED_IN}): see kimcore._deprecated."
        module.__getattr__ = old_names(name)  # type: ignore[method-assign]


def install() -> None:
    """Let the old module paths import (once per process; ``kimcore`` calls it)."""
    if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
        sys.meta_path.append(_OldPaths())
