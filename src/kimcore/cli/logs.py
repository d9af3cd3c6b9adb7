"""Logging set up at the command line's edge: a level, and a human or a JSON line per event.

The library only keeps a ``NullHandler`` on ``kimcore`` (the logging HOWTO's advice to
libraries); the ``kimcore`` command is an application, so it is where logging is configured.
One handler on the root logger writes every record to stderr: kimcore's own (``kimcore`` and
everything under it, at the chosen level), uvicorn's (``uvicorn.error``, and ``uvicorn.access``
at ``info``), and any other library's warnings. Nothing else in the process is touched, and
[`configure`][kimcore.cli.logs.configure] gives back what undoes it, so a command run inside a
test leaves logging as it found it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any, Final, TextIO

__all__ = ["FORMATS", "LEVELS", "JsonFormatter", "TextFormatter", "configure"]

LEVELS: Final = ("critical", "error", "warning", "info", "debug")
FORMATS: Final = ("text", "json")

# The loggers that follow the chosen level; any other library speaks from WARNING up.
_FOLLOWING: Final = ("kimcore", "uvicorn")

# What every LogRecord carries; anything else on a record came through ``extra=``.
_STANDARD: Final = frozenset(
    {
        *logging.LogRecord("", 0, "", 0, "", None, None).__dict__,
        "message",
        "asctime",
        "taskName",  # 3.12+
        "color_message",  # uvicorn's own message again, with terminal colours
    }
)

# Keeps a quieted logger's records from logging's last resort.
_NULL: Final = logging.NullHandler()

# uvicorn's access records carry their parts as the message's arguments.
_ACCESS_FIELDS: Final = ("client", "method", "path", "http_version", "status")


def _time(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(record.created).astimezone()
    return moment.isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``2024-05-01T09:30:00.125+07:00 WARNING kimcore.application: message`` — for people.

    The time is local with its offset, as an office reads it. A traceback, when the record has
    one, follows on the lines after.
    """

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        """The record's time as ISO 8601, local, to the millisecond, with its offset."""
        return _time(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for a log collector.

    Always ``time`` (ISO 8601 with offset), ``level``, ``logger``, ``message``, ``process``
    and ``thread``; ``exception`` (the traceback, as one string) when there is one; every
    field a caller passed with ``extra=``; and for uvicorn's access lines ``client``,
    ``method``, ``path``, ``http_version`` and ``status``. Newlines inside a value are
    escaped, so one event is always one line.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
        }
        args = record.args
        if (
            record.name == "uvicorn.access"
            and isinstance(args, tuple)
            and len(args) == len(_ACCESS_FIELDS)
        ):
            entry.update(zip(_ACCESS_FIELDS, args, strict=True))
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the moment of each record.

    As logging's own last resort does: a test runner that swaps stderr for a command's run
    gets the lines, and a stream it closed afterwards is never written to.
    """

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        """The current ``sys.stderr``."""
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def configure(
    level: str = "warning", fmt: str = "text", *, quiet: Iterable[str] = ()
) -> Callable[[], None]:
    """Show kimcore's and uvicorn's log lines at *level*, each as a *fmt* line on stderr.

    *level* is one of [`LEVELS`][kimcore.cli.logs.LEVELS], *fmt* ``text`` or ``json``. Other
    libraries' records show from ``warning`` up (or from *level*, if higher); the loggers
    named in *quiet* show nothing. Returns a function that puts everything back as it was
    (once; calling it again does nothing).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    number = logging.getLevelNamesMapping()[level.upper()]
    handler = _Stderr()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    saved: list[tuple[logging.Logger, int, bool]] = [(root, root.level, root.propagate)]
    root.addHandler(handler)
    root.setLevel(max(number, logging.WARNING))
    for name in _FOLLOWING:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.setLevel(number)
        logger.propagate = True
    for name in quiet:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.propagate = False  # its NullHandler keeps logging's last resort away too
        logger.addHandler(_NULL)

    def undo() -> None:
        if handler not in root.handlers:
            return  # undone already
        root.removeHandler(handler)
        for logger, old_level, old_propagate in reversed(saved):
            logger.setLevel(old_level)
            logger.propagate = old_propagate
        for name in quiet:
            logging.getLogger(name).removeHandler(_NULL)

    return undo
