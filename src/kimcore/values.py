"""Every value object and enumeration of the KIM domain, under one name.

Regions and seats, members and their backgrounds, posts, decrees, partners,
instruments, channels, activities' deliveries and functions, forum levels and
board seats; the reasons and bases events record; the stages and standing a
group's state reports.
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.domain.group_state import GroupStage, Standing
from kimcore.events.group import LeaveReason, ReliefReason
from kimcore.events.personal import ErasureBasis, ErasureRequester
from kimcore.vocabulary import activity as _activity
from kimcore.vocabulary import forum as _forum
from kimcore.vocabulary import group as _group
from kimcore.vocabulary import mapping as _mapping
from kimcore.vocabulary import product as _product
from kimcore.vocabulary import profile as _profile
from kimcore.vocabulary import values as _values
from kimcore.vocabulary.activity import *  # noqa: F403 - every value, as its module lists them
from kimcore.vocabulary.forum import *  # noqa: F403
from kimcore.vocabulary.group import *  # noqa: F403
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.mapping import *  # noqa: F403
from kimcore.vocabulary.product import *  # noqa: F403
from kimcore.vocabulary.profile import *  # noqa: F403
from kimcore.vocabulary.values import *  # noqa: F403

__all__ = [
    "ErasureBasis",
    "ErasureRequester",
    "GroupStage",
    "LeaveReason",
    "ReliefReason",
    "Standing",
    "label",
]
__all__ += _values.__all__
__all__ += _group.__all__ + _forum.__all__ + _activity.__all__
__all__ += _product.__all__ + _mapping.__all__ + _profile.__all__

# Names listed in another face since #24 answer from there, with a warning, until 0.3.
__getattr__ = _deprecated.old_names(__name__)
