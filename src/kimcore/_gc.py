"""Holding Python's cyclic garbage collector off while a page of the log is built.

Reading a page of 1,000 events makes some ten thousand container objects (rows, stored and
recorded envelopes, events and their values) that all live until the page is read. Each 700 of
them start a collection of the youngest generation, which finds nothing to free (they are all
alive), promotes them, and every tenth of those scans the older generation as well: on W4 a
quarter of kimcore's CPU time was such collections, against a tenth of the peer's (see
docs/performance.md). Held off while the page is built, they are not made at all; when the page
has been read its objects are freed by their reference counts, as before.

Nothing is collected later than it would be otherwise but for cycles made during the page
(kimcore makes none), which the next collection finds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_held"]


@contextmanager
def collector_held() -> Iterator[None]:
    """Disable the cyclic collector inside the block if it was enabled, and enable it after.

    A caller that disabled it itself is left as it was. Another thread's block inside this one
    finds it disabled and leaves it so; this block's end enables it again, which only lets the
    collector run sooner in the other thread.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
