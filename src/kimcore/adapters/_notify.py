"""When a PostgreSQL append sends ``NOTIFY``: at most once per interval, with a trailing one.

PostgreSQL serialises the commits of all transactions that notify: each takes
one database-wide lock from before its commit record is flushed until the
commit ends. Notifying on every append turns concurrent writers into one
queue (four writers reached 0.9× one writer's rate). So an append notifies only
when the interval has passed since this store's last notification; an append
that did not notify is covered by one trailing notification at the end of
the interval, sent by a background thread. A subscriber is woken at most one
interval after an append commits, however fast the writes come.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

__all__ = ["Throttle"]


class Throttle:
    """Decides which appends notify, and sends the trailing notifications.

    *send* is called from the background thread to notify on its own. A
    failure there is dropped: subscribers recheck the log on their own timer
    too, so a lost notification costs latency, never an event.
    """

    def __init__(self, interval: float, send: Callable[[], None]) -> None:
        self.interval = interval
        self._send = send
        self._last = -float("inf")
        self._owed = False
        self._closed = False
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    def claim(self) -> bool:
        """Whether the append about to run should notify itself."""
        now = time.monotonic()
        with self._lock:
            if now - self._last >= self.interval:
                self._last = now
                return True
            return False

    def owe(self) -> None:
        """An append that did not notify has committed: a trailing notification is owed."""
        with self._lock:
            if not self._owed:
                self._owed = True
                self._start()
                self._wake.notify()

    def _start(self) -> None:
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._run, name="kimcore-notify", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with self._lock:
            while not self._closed:
                if not self._owed:
                    self._wake.wait()
                    continue
                delay = self._last + self.interval - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                self._owed = False
                self._last = time.monotonic()
                self._lock.release()
                try:
                    with contextlib.suppress(Exception):  # see the class docstring
                        self._send()
                finally:
                    self._lock.acquire()

    def close(self) -> None:
        """Stop the background thread (an owed notification is sent first)."""
        with self._lock:
            owed, self._owed = self._owed, False
            self._closed = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(5)
        if owed:
            with contextlib.suppress(Exception):
                self._send()
