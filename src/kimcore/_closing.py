"""``with`` for what has ``close()`` (stores, sinks…), ``async with`` for ``aclose()``."""

from __future__ import annotations

import abc
from typing import Self

__all__ = ["AsyncClosing", "Closing"]


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


class AsyncClosing(abc.ABC):
    """A resource that ``async with`` closes when the block ends, however it ends.

    A subclass defines ``aclose()``; closing twice must do no harm.
    """

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release what the resource holds."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
