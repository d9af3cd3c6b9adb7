"""The deciders kimcore brings: the group's, the forum's and the office's, in one list.

Plugins register theirs through the ``kimcore_deciders`` hook; kimcore's own plugin registers
these (``kimcore.plugins.builtin``).
"""

from __future__ import annotations

from kimcore.domain.deciders import Deciders
from kimcore.domain.forum import FORUM
from kimcore.domain.group import GROUP
from kimcore.domain.office import OFFICE

__all__ = ["BUILTIN_DECIDERS"]

BUILTIN_DECIDERS = Deciders([GROUP, FORUM, OFFICE])
"""kimcore's own deciders, by kind: ``group``, ``forum``, ``government_body``."""
