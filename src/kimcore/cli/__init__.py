"""The ``kimcore`` command (``pip install 'kimcore[cli]'``)."""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Run the command; without click and rich installed, say how to get them."""
    try:
        from kimcore.cli.app import cli  # noqa: PLC0415 - click and rich are an extra
    except ImportError as exc:  # pragma: no cover - the test environment has the extra
        raise SystemExit(
            f"error: the kimcore command needs click and rich ({exc}): pip install 'kimcore[cli]'"
        ) from None
    cli()
