"""One SQLite connection per thread, each closed where no statement can be running on it.

sqlite3 lets a connection opened with ``check_same_thread=False`` be closed from any thread, but
closing it while another thread is inside a statement frees what that statement touches next: the
process dies of a segmentation fault (seen in CI: a store closed while a timer thread's append was
committing). So closing a store closes the calling thread's connection at once and leaves each
other thread's connection to that thread: it is closed at the thread's next use of the store (which
then fails, the store being closed) or when the thread ends, whichever comes first.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable

__all__ = ["ThreadConnections"]


class _Held:
    """A thread's connection, closed when this holder goes (its thread ended, or its store)."""

    __slots__ = ("__weakref__", "close", "conn")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # A finalizer, not __del__: the garbage collector calls it before it finalizes the
        # connection itself (which, unclosed, warns on Python 3.13), however a dropped store's
        # objects are ordered; it also keeps the connection alive until then.
        self.close = weakref.finalize(self, conn.close)
        # At exit a daemon thread may still be inside a statement: leave it to the process's end.
        self.close.atexit = False


class ThreadConnections:
    """The calling thread's connection from *connect*, opened on first use."""

    def __init__(
        self, connect: Callable[[], sqlite3.Connection], closed: Callable[[], Exception]
    ) -> None:
        self._connect = connect
        self._closed_error = closed
        self._local = threading.local()
        self.closed = False

    def get(self) -> sqlite3.Connection:
        """The calling thread's connection; fails with *closed*'s error once closed."""
        held: _Held | None = getattr(self._local, "held", None)
        if self.closed:
            self._drop_own()
            raise self._closed_error()
        if held is None:
            held = _Held(self._connect())
            self._local.held = held
        return held.conn

    def close(self) -> None:
        """Close the calling thread's connection now; each other at its thread's next use or end."""
        self.closed = True
        self._drop_own()

    def _drop_own(self) -> None:
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None:
            del self._local.held
            held.close()
