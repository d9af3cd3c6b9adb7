"""Waking coroutines that wait for an append, from whichever thread or loop made it."""

from __future__ import annotations

import asyncio
import contextlib
import threading

__all__ = ["Wakeups"]


class Wakeups:
    """Waiters on any event loop, woken together from any thread.

    What ``asyncio.Condition`` is for one loop; a store may be awaited from
    several (a test's, a server's), so each waiter is a future of its own
    loop, set through that loop.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: set[asyncio.Future[None]] = set()

    async def wait(self, timeout: float) -> None:
        """Until `wake` is called, or *timeout* seconds pass."""
        waiter = asyncio.get_running_loop().create_future()
        with self._lock:
            self._waiters.add(waiter)
        try:
            await asyncio.wait((waiter,), timeout=timeout)
        finally:
            with self._lock:
                self._waiters.discard(waiter)

    def wake(self) -> None:
        """Wake every waiter."""
        with self._lock:
            waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            loop = waiter.get_loop()
            with contextlib.suppress(RuntimeError):  # its loop closed meanwhile
                loop.call_soon_threadsafe(_resolve, waiter)


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
