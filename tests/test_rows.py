"""How the SQL stores spell metadata in a row, and that older spellings still read."""

from __future__ import annotations

import uuid

from kimcore.adapters._rows import dump_metadata, load_metadata
from kimcore.events.envelope import Metadata

A = uuid.UUID("6a0e3f5e-2b0c-4d55-9a2e-4b494d434f52")
B = uuid.UUID("0f1e2d3c-4b5a-4978-8867-564534231201")


def test_one_id_for_both_is_stored_once() -> None:
    assert dump_metadata(Metadata(correlation_id=A, causation_id=A)) == f'{{"ck":"{A}"}}'.encode()
    assert len(dump_metadata(Metadata(correlation_id=A, causation_id=B))) > 80


def test_rows_written_before_the_short_form_read_the_same() -> None:
    old = f'{{"c":"{A}","k":"{A}","x":{{"ui":"portal"}}}}'.encode()
    assert load_metadata(old) == Metadata(correlation_id=A, causation_id=A, extra={"ui": "portal"})
    assert load_metadata(f'{{"k":"{B}"}}'.encode()) == Metadata(causation_id=B)
    assert load_metadata(b"{}") == Metadata()


def test_equal_rows_share_one_instance() -> None:
    raw = dump_metadata(Metadata(correlation_id=B, causation_id=A))
    first, second = load_metadata(raw), load_metadata(bytes(raw))
    assert first is second
    assert first == Metadata(correlation_id=B, causation_id=A)
