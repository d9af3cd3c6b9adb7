"""The ``kimcore`` command (``pip install 'kimcore[cli]'``)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command (on *argv*, else the command line's); without click and rich, say how."""
    try:
        from kimcore.cli.app import cli  # noqa: PLC0415 - click and rich are an extra
    except ImportError as exc:  # pragma: no cover - the test environment has the extra
        raise SystemExit(
            f"error: the kimcore command needs click and rich ({exc}): pip install 'kimcore[cli]'"
        ) from None
    try:
        cli(None if argv is None else list(argv), prog_name="kimcore")
    except BrokenPipeError:
        # The reader went away (``kimcore export | head``): stop quietly, as
        # Unix tools do, and keep Python from complaining when it flushes.
        import os  # noqa: PLC0415
        import sys  # noqa: PLC0415

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(141) from None  # 128 + SIGPIPE, what a shell reports
