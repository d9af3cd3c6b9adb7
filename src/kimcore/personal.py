"""Members' personal data: declaring the fields that hold it, and what erasure leaves.

See ``docs/personal-data.md``: values are sealed under a key per person and read as
[`REDACTED`][kimcore.personal.REDACTED] once that key is destroyed.
"""

from __future__ import annotations

from kimcore.application.erasure import AsyncErasure, Erasure
from kimcore.vocabulary import personal as _personal
from kimcore.vocabulary.personal import *  # noqa: F403 - as its module lists them

__all__ = ["AsyncErasure", "Erasure"]
__all__ += _personal.__all__
