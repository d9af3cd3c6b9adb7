"""How big a table kimcore reads may be: the bounds an upload or an imported file must keep.

A workbook is a zip: 600 kB can inflate to 600 MB. Every bound is checked before the work
it saves is done (the zip's members are measured before openpyxl opens it, rows are counted
as they are read), so reading a file takes memory in proportion to the bounds, never to what
the file claims. Past a bound the read stops with [`TooLarge`][kimcore.spreadsheets.TooLarge],
naming the bound and the setting that raises it. The defaults suit a province's register;
an operator changes them with ``kimcore serve``'s options or the environment (``docs/http.md``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

import attrs

from kimcore.vocabulary.errors import InvalidValue, TooLarge

__all__ = ["ENVIRONMENT", "Deadline", "Limits"]


def _positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 2**63:
        raise InvalidValue(attribute.name, f"must be a number above 0, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds of a table read from a file (``kimcore serve`` and ``kimcore import``).

    ``max_bytes``: the file (an upload's body) as sent; ``max_inflated``: an XLSX's members
    once unzipped, together; ``max_ratio``: how many times a member of 1 MiB or more may
    inflate; ``max_sheets``; ``max_rows``: rows that hold something, headings aside;
    ``max_columns``: headings; ``max_cells``: rows times headings; ``max_seconds``: the
    time reading it and importing it may take.
    """

    max_bytes: int = attrs.field(default=10 * 1024 * 1024, validator=_positive)
    max_inflated: int = attrs.field(default=100 * 1024 * 1024, validator=_positive)
    max_ratio: int = attrs.field(default=200, validator=_positive)
    max_sheets: int = attrs.field(default=32, validator=_positive)
    max_rows: int = attrs.field(default=100_000, validator=_positive)
    max_columns: int = attrs.field(default=256, validator=_positive)
    max_cells: int = attrs.field(default=5_000_000, validator=_positive)
    max_seconds: float = attrs.field(default=300.0, validator=_positive)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, changed by ``KIMCORE_IMPORT_MAX_ROWS`` and the others of `ENVIRONMENT`."""
        environ = os.environ if environ is None else environ
        changes: dict[str, float] = {}
        for field, name in ENVIRONMENT.items():
            text = environ.get(name)
            if text:
                try:
                    changes[field] = float(text) if field == "max_seconds" else int(text)
                except ValueError:
                    raise InvalidValue(name, f"must be a number, got {text!r}") from None
        return cls(**changes)  # type: ignore[arg-type]

    def past(self, field: str, found: str) -> TooLarge:
        """The error of a file past the bound *field* (what was *found*, the bound, its setting)."""
        return TooLarge(
            field.removeprefix("max_"),
            f"{found}: over the bound of {getattr(self, field)}"
            f" (setting: --import-{field.replace('_', '-')} of kimcore serve, or"
            f" {ENVIRONMENT[field]}; docs/http.md#security)",
            bound=getattr(self, field),
        )


# The environment variable that sets each bound (``kimcore serve`` has an option for each).
ENVIRONMENT = {field: f"KIMCORE_IMPORT_{field.upper()}" for field in attrs.fields_dict(Limits)}


class Deadline:
    """The moment a read or an import must have ended by, *limits*' ``max_seconds`` from now."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.ends = time.monotonic() + limits.max_seconds

    def passed(self) -> bool:
        """Whether the time allowed is up."""
        return time.monotonic() > self.ends

    def error(self, doing: str) -> TooLarge:
        """The error of a file still being read or imported (*doing*) when time is up."""
        return self.limits.past("max_seconds", f"still {doing} when the time allowed ran out")

    def check(self, doing: str) -> None:
        """Raise [`TooLarge`][kimcore.spreadsheets.TooLarge] naming *doing* if time is up."""
        if self.passed():
            raise self.error(doing)
