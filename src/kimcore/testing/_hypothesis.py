"""Hypothesis's entry point: registers kimcore's strategies for ``st.from_type``."""

from __future__ import annotations

import sys


def _hypothesis_setup_hook() -> None:
    # Imported here, not at module level: hypothesis loads every entry point
    # when it is imported, and kimcore should cost nothing until then.
    being_imported = sys.modules.get("kimcore.testing.strategies")
    spec = getattr(being_imported, "__spec__", None)
    if being_imported is not None and getattr(spec, "_initializing", False):
        # Hypothesis is being imported *by* the strategies module (it was not
        # imported first): that module registers itself once it is complete.
        return
    from kimcore.testing.strategies import register  # noqa: PLC0415

    register()
