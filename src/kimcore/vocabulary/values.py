"""Value objects of the KIM domain, under the name they were first imported by.

Each lives in the module of its subject: places, members, government, channels,
partners, parties and boards; this module gathers them (the face is `kimcore.values`).
"""

from __future__ import annotations

from kimcore.vocabulary import boards as _boards
from kimcore.vocabulary import channels as _channels
from kimcore.vocabulary import government as _government
from kimcore.vocabulary import members as _members
from kimcore.vocabulary import parties as _parties
from kimcore.vocabulary import partners as _partners
from kimcore.vocabulary import places as _places
from kimcore.vocabulary.boards import *  # noqa: F403
from kimcore.vocabulary.channels import *  # noqa: F403
from kimcore.vocabulary.government import *  # noqa: F403
from kimcore.vocabulary.members import *  # noqa: F403
from kimcore.vocabulary.parties import *  # noqa: F403
from kimcore.vocabulary.partners import *  # noqa: F403
from kimcore.vocabulary.places import *  # noqa: F403

__all__: list[str] = []
__all__ += _boards.__all__
__all__ += _channels.__all__
__all__ += _government.__all__
__all__ += _members.__all__
__all__ += _parties.__all__
__all__ += _partners.__all__
__all__ += _places.__all__
