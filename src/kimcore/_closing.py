"""``with`` for anything that has ``close()``: stores, model stores, sinks."""

from __future__ import annotations

import abc
from typing import Self

__all__ = ["Closing"]


class Closing(abc.ABC):
    """A resource that ``with`` closes when the block ends, however it ends.

    A subclass defines ``close()``; closing twice must do no harm.
    """

    @abc.abstractmethod
    def close(self) -> None:
        """Release what the resource holds."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
