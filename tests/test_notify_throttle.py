"""The PostgreSQL store's notification throttle, on its own (no server needed)."""

from __future__ import annotations

import threading
import time

from kimcore.adapters._notify import Throttle


def test_one_notification_per_interval_and_one_trailing() -> None:
    sent: list[float] = []
    done = threading.Event()

    def send() -> None:
        sent.append(time.monotonic())
        done.set()

    throttle = Throttle(0.2, send)
    start = time.monotonic()
    assert throttle.claim() is True  # the first append notifies itself
    assert throttle.claim() is False
    throttle.owe()
    throttle.owe()  # owed once, however many appends
    assert done.wait(2)
    assert len(sent) == 1
    assert sent[0] - start >= 0.19
    time.sleep(0.25)
    assert throttle.claim() is True  # a new interval
    throttle.close()
    assert len(sent) == 1


def test_closing_sends_what_is_owed_and_a_failing_send_is_dropped() -> None:
    calls: list[int] = []

    def send() -> None:
        calls.append(1)
        raise OSError("the server went away")

    throttle = Throttle(60, send)
    assert throttle.claim() is True
    throttle.owe()
    throttle.close()  # long before the interval ends
    assert calls == [1]
    assert throttle.claim() is False  # still inside the interval; nothing is started
    throttle.owe()
    assert calls == [1]


def test_an_interval_of_zero_notifies_every_append() -> None:
    throttle = Throttle(0, lambda: None)
    assert all(throttle.claim() for _ in range(5))
    throttle.close()
