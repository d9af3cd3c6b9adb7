"""The walk of docs/design/adding-a-command.md stays true: every module it names imports and holds
the names it gives, and every file it names exists and mentions them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "design" / "adding-a-command.md"


def _rows() -> list[tuple[str, str, list[str]]]:
    """(step, module or file, names) for each row of the page's table."""
    rows = []
    for line in PAGE.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`"):
            continue
        step, where, names = cells
        rows.append((step, where.strip("`"), re.findall(r"`([^`]+)`", names)))
    return rows


ROWS = _rows()


def test_the_page_walks_every_step() -> None:
    steps = {step.split("'")[0].split()[0] for step, _, _ in ROWS}
    assert {"value", "command", "event", "rule", "decider", "view", "docs", "test"} <= steps
    assert len(ROWS) >= 20


@pytest.mark.parametrize(("step", "where", "names"), ROWS, ids=[f"{s}:{w}" for s, w, _ in ROWS])
def test_each_step_names_a_module_that_holds_its_names(
    step: str, where: str, names: list[str]
) -> None:
    assert names, f"{step}: no names"
    if "/" in where:
        text = (ROOT / where).read_text()
        assert [n for n in names if n not in text] == [], f"{where} does not mention them"
        return
    module = importlib.import_module(where)
    assert [n for n in names if not hasattr(module, n)] == [], f"{where} lacks them"
    public = [n for n in names if not n.startswith("_")]
    listed = getattr(module, "__all__", None)
    if listed is not None and where.count(".") == 1:  # a face lists what it holds
        assert [n for n in public if n not in listed] == [], f"{where}.__all__ lacks them"
