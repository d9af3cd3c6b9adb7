"""Keeping read models and sinks current in the background, one process per projection.

A [`ProjectionRunner`][kimcore.projections.ProjectionRunner] is what a service runs beside its
reads. [`start`][kimcore.projections.ProjectionRunner.start] makes every table the reads need
(quickly, and never dropping one) and returns; a thread then follows the log in one pass
([`OnePassProjector`][kimcore.projections.OnePassProjector]) for the projections whose
[lease][kimcore.projections.Lease] this process holds. The others are projected by another
process; this one keeps trying their leases, and takes one over within ``lease_poll`` seconds of
its holder dying. A projection emptied by another process (``kimcore project rebuild``) is noticed
within ``lease_poll`` seconds and rebuilt here. A projection that raises is logged
(``kimcore.projection``), reported by
[`health`][kimcore.projections.ProjectionRunner.health], and retried after a back-off (1 s, 2 s,
4 s… up to a minute) from its checkpoint; the others go on meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Literal

import attrs

from kimcore.application.one_pass import OnePassProjector
from kimcore.application.ports.models import Lease, ModelStore
from kimcore.application.ports.store import EventStore

__all__ = ["ProjectionHealth", "ProjectionRunner"]

_log = logging.getLogger("kimcore.projection")

State = Literal["building", "projecting", "standby", "stopped"]


@attrs.frozen(kw_only=True)
class ProjectionHealth:
    """How one projection fares in this process.

    ``state``: ``projecting`` (this process holds its lease and follows the log for it),
    ``building`` (this process holds its lease and makes its tables' indexes, or rebuilds it
    for a new version, before following the log),
    ``standby`` (another process holds it; this one only reads the tables), ``stopped`` (it
    raised here; ``error`` says what, and it is retried in ``retry_in`` seconds).
    ``reached`` is the position this process has projected it to (``None`` on standby).
    """

    name: str
    state: State
    reached: int | None
    error: str | None = None
    failures: int = 0
    retry_in: float | None = None


@attrs.define
class _Failure:
    error: str
    count: int
    retry_at: float


class ProjectionRunner:
    """Runs *one_pass* in a background thread, each projection only while its lease is held.

    The projector's model store is the runner's own handle on it (a connection of its own,
    so the service's reads never wait behind a page's transaction); its *poll* is how long
    the thread waits for new events.
    """

    def __init__(
        self,
        one_pass: OnePassProjector,
        *,
        lease_poll: float = 1.0,
        backoff: tuple[float, float] = (1.0, 60.0),
    ) -> None:
        self.one_pass = one_pass
        self.store: EventStore = one_pass.store
        self.models: ModelStore = one_pass.models
        self.poll = one_pass.poll
        self.lease_poll = lease_poll
        self.backoff = backoff
        models = self.models
        self._leases: dict[str, Lease] = {n: models.lease(n) for n in self.one_pass.names}
        self._held: set[str] = set()
        self._building: set[str] = set()
        self._failures: dict[str, _Failure] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_claim = 0.0

    @property
    def names(self) -> tuple[str, ...]:
        """The projections run."""
        return self.one_pass.names

    def start(self) -> None:
        """Make every table the reads need, then follow the log in a thread; returns at once.

        If the tables cannot be made now (another process holds the model store's write lock
        through a long rebuild), the thread makes each as it claims its lease.
        """
        try:
            self.one_pass.prepare(create_only=True)
        except Exception:
            _log.warning("read models: tables not made yet; trying again", exc_info=True)
        self._stopped.clear()
        self._thread = threading.Thread(target=self._loop, name="kimcore-projections", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop following the log (after the page in hand) and give every lease up."""
        self._stopped.set()
        self.one_pass.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for lease in self._leases.values():
            lease.release()
        with self._lock:
            self._held.clear()

    def health(self) -> list[ProjectionHealth]:
        """Each projection's state in this process, in the order given."""
        now = time.monotonic()
        found = []
        with self._lock:
            for name in self.names:
                failure = self._failures.get(name)
                if name in self._building:
                    found.append(ProjectionHealth(name=name, state="building", reached=None))
                    continue
                if name not in self._held:
                    found.append(ProjectionHealth(name=name, state="standby", reached=None))
                    continue
                reached = self.one_pass.reached(name)
                if failure is None:
                    found.append(ProjectionHealth(name=name, state="projecting", reached=reached))
                    continue
                found.append(
                    ProjectionHealth(
                        name=name,
                        state="stopped",
                        reached=reached,
                        error=failure.error,
                        failures=failure.count,
                        retry_in=max(0.0, failure.retry_at - now),
                    )
                )
        return found

    # -- the thread -----------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self._claim()
                active = self._active()
                read = self.one_pass.step(active, on_error=self._failed) if active else 0
                self._recovered(active)
                if read == 0:
                    self._idle(active)
            except Exception:  # the store itself failed (gone, unreachable): try again soon
                _log.exception("projections: a round failed; trying again")
                self._stopped.wait(self.poll)

    def _idle(self, active: list[str]) -> None:
        """Wait for new events (or, projecting nothing, for the next look at the leases)."""
        if not active:
            self._stopped.wait(self._sleep(self.lease_poll))
            return
        after = max(self.one_pass.reached(name) for name in active)
        self.store.wait(after, self._sleep(self.poll))

    def _sleep(self, most: float) -> float:
        """At most *most* seconds, less when a lease look or a retry is due sooner."""
        now = time.monotonic()
        due = [self._next_claim, *(f.retry_at for f in self._failures.values())]
        return max(0.01, min(most, *(d - now for d in due)))

    def _claim(self) -> None:
        """Take the leases that are free, and notice any this process lost."""
        now = time.monotonic()
        if now < self._next_claim:
            return
        self._next_claim = now + self.lease_poll
        for name, lease in self._leases.items():
            had = name in self._held
            holds = lease.acquire()
            if holds and not had:
                with self._lock:
                    self._building.add(name)
                try:
                    self.one_pass.prepare([name])  # missing indexes, a changed version: here
                except Exception as exc:
                    lease.release()
                    self._failed(name, exc)
                    continue
                finally:
                    with self._lock:
                        self._building.discard(name)
                with self._lock:
                    self._held.add(name)
                _log.info(
                    "projecting %r in this process, from position %d",
                    name,
                    self.one_pass.reached(name),
                )
            elif had and not holds:
                with self._lock:
                    self._held.discard(name)
                _log.warning("lost the lease of %r: another process projects it now", name)
            elif had and self.models.checkpoint(name) != self.one_pass.committed(name):
                # Reset by another process (``kimcore project rebuild``): read on from there.
                _log.info(
                    "the checkpoint of %r was moved to %d by another process; projecting on",
                    name,
                    self.one_pass.refresh(name),
                )

    def _active(self) -> list[str]:
        now = time.monotonic()
        with self._lock:
            return [
                name
                for name in self.names
                if name in self._held
                and (name not in self._failures or self._failures[name].retry_at <= now)
            ]

    def _failed(self, name: str, exc: Exception) -> None:
        # The model store hears of the failure before this process's health shows it, so a
        # reader who sees "stopped" here finds the same error from any other process.
        self._note(name, f"{type(exc).__name__}: {exc}")
        with self._lock:
            previous = self._failures.get(name)
            count = 1 if previous is None else previous.count + 1
            first, most = self.backoff
            delay = min(most, first * 2 ** (count - 1))
            self._failures[name] = _Failure(
                error=f"{type(exc).__name__}: {exc}", count=count, retry_at=time.monotonic() + delay
            )
        _log.error(
            "read model %r stopped at position %d (failure %d); retrying in %.0f s",
            name,
            self.one_pass.reached(name),
            count,
            delay,
            exc_info=exc,
        )

    def _note(self, name: str, failure: str | None) -> None:
        """Tell every process (through the model store) why *name* stopped, or that it runs."""
        try:
            self.models.note_failure(name, failure)
        except Exception:  # the model store itself is failing: this process's health says so
            _log.warning("could not note the state of %r in the model store", name, exc_info=True)

    def _recovered(self, active: list[str]) -> None:
        """Forget the failures of projections that just ran a round without one."""
        now = time.monotonic()
        with self._lock:
            for name in active:
                failure = self._failures.get(name)
                if failure is not None and failure.retry_at <= now:
                    del self._failures[name]
                    _log.info("read model %r runs again after %d failure(s)", name, failure.count)
                    self._note(name, None)
