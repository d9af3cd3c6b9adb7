"""The demo: a KIM's whole story, a province of KIMs, and the nation's data set at any scale.

One command shows them all: ``kimcore demo`` (or ``python -m kimcore.demo``, which is the same
command: [`main`][kimcore.demo.main]) records the province's data set into a new SQLite file;
``--kims N [--years Y]`` the nation's ([`build_nation`][kimcore.demo.build_nation]); ``--story``
one KIM's story, told on the terminal. [`run_story`][kimcore.demo.run_story] records the story
alone on any application, which the guides use to have something to show.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from kimcore.demo.dataset import DatasetSize, DatasetSummary, build_dataset
from kimcore.demo.nation import NationSize, build_nation
from kimcore.demo.story import PEOPLE, run_story

__all__ = [
    "PEOPLE",
    "DatasetSize",
    "DatasetSummary",
    "NationSize",
    "build_dataset",
    "build_nation",
    "main",
    "run_story",
]


def main(argv: Sequence[str] | None = None) -> None:
    """``kimcore demo`` with *argv* (else the command line's): the one entry of every demo."""
    from kimcore.cli import main as kimcore  # noqa: PLC0415 - click and rich are an extra

    kimcore(["demo", *(sys.argv[1:] if argv is None else argv)])
