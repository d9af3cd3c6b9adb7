"""Every value object and enumeration of the KIM domain, under one name.

Regions and seats, members and their backgrounds, posts, decrees, partners,
instruments, channels, activities' deliveries and functions, forum levels and
board seats; the reasons and bases events record; the stages and standing a
group's state reports.
"""

from __future__ import annotations

from kimcore.domain.group_state import GroupStage, Standing
from kimcore.domain.identity import AggregateRef
from kimcore.events.group import LeaveReason, ReliefReason
from kimcore.events.personal import ErasureBasis, ErasureRequester
from kimcore.vocabulary import practice as _practice
from kimcore.vocabulary import values as _values
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.practice import *  # noqa: F403
from kimcore.vocabulary.values import *  # noqa: F403 - every value, as its module lists them

__all__ = [
    "AggregateRef",
    "ErasureBasis",
    "ErasureRequester",
    "GroupStage",
    "LeaveReason",
    "ReliefReason",
    "Standing",
    "label",
]
__all__ += _values.__all__
__all__ += _practice.__all__
