"""Members' personal data: declaring the fields that hold it, and what erasure leaves.

See ``docs/personal-data.md``: values are sealed under a key per person and read as
[`REDACTED`][kimcore.personal.REDACTED] once that key is destroyed.
"""

from __future__ import annotations

from kimcore.application.erasure import (
    Erasure,
)
from kimcore.vocabulary.personal import (
    PERSONAL,
    REDACTED,
    PersonalData,
    Redacted,
    is_redacted,
    personal_field,
    personal_fields,
    redact,
    redact_all,
)

__all__ = [
    "PERSONAL",
    "REDACTED",
    "Erasure",
    "PersonalData",
    "Redacted",
    "is_redacted",
    "personal_field",
    "personal_fields",
    "redact",
    "redact_all",
]
