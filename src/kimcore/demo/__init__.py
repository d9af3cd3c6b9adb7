"""The demo: a KIM's whole story, and a province of KIMs around it, recorded through the rules.

``python -m kimcore.demo`` runs it (``kimcore demo`` too, with the command line's progress bar);
[`run_story`][kimcore.demo.run_story] records the story alone on any application, which the guides
use to have something to show.
"""

from __future__ import annotations

from kimcore.demo.dataset import DatasetSize, DatasetSummary, build_dataset
from kimcore.demo.story import PEOPLE, main, run_story

__all__ = ["PEOPLE", "DatasetSize", "DatasetSummary", "build_dataset", "main", "run_story"]
