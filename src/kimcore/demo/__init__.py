"""The demo: a KIM's whole story, and a province of KIMs around it, recorded through the rules.

``python -m kimcore.demo`` runs it (``kimcore demo`` too, with the command line's progress bar);
[`run_story`][kimcore.demo.run_story] records the story alone on any application, which the guides
use to have something to show. [`build_nation`][kimcore.demo.build_nation] makes the nation's data
set at any scale (``kimcore demo --kims N``).
"""

from __future__ import annotations

from kimcore.demo.dataset import DatasetSize, DatasetSummary, build_dataset
from kimcore.demo.nation import NationSize, build_nation
from kimcore.demo.story import PEOPLE, main, run_story

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
