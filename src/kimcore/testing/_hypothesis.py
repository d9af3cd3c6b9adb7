"""Hypothesis's entry point: registers kimcore's strategies for ``st.from_type``."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    # Imported here, not at module level: hypothesis loads every entry point
    # when it is imported, and kimcore should cost nothing until then.
    from kimcore.testing.strategies import register  # noqa: PLC0415

    register()
