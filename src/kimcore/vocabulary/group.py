"""Values of a KIM's officers beyond their post: the decree's term and where it stands."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.labels import add_labels

__all__ = [
    "OfficerStatus",
    "OfficerTerm",
]


class OfficerStatus(enum.StrEnum):
    """An officer's standing on a date: within the term of the decree, or past it."""

    SERVING = "serving"
    LAPSED = "lapsed"


@attrs.frozen(kw_only=True)
class OfficerTerm:
    """The decree (SK) that appointed an officer, and the day the term ends (if it does)."""

    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
    ends_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.date())
    )

    def status(self, on: dt.date) -> OfficerStatus:
        """Serving up to the last day of the term, lapsed after it."""
        if self.ends_on is not None and on > self.ends_on:
            return OfficerStatus.LAPSED
        return OfficerStatus.SERVING


add_labels(
    {
        OfficerStatus.SERVING: "Masih menjabat",
        OfficerStatus.LAPSED: "Masa jabatan berakhir",
    }
)
