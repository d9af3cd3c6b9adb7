"""Whether two route patterns can match one request path: the plugin routes' conflict rule."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimcore.web._paths import mount_pattern, overlap

routing = pytest.importorskip("starlette.routing")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("/api/kims/summary", "/api/kims/{group_id}", True),
        ("/api/models/{name}", "/api/models/{table}", True),
        ("/api/founded", "/api/kims/{group_id}", False),
        ("/api/kims", "/api/kims/{group_id}", False),  # {group_id} is never empty
        ("/api/kims/{a}/members", "/api/kims/{group_id}", False),
        ("/api/{rest:path}", "/api/kims/{group_id}", True),
        ("/api/{rest:path}", "/api", False),
        ("/api/{rest:path}", "/api/", True),
        ("/{anything:path}", "/", True),
        ("/api/charts/{name}.svg", "/api/charts/{name}", True),
        ("/api/charts/{name}.svg", "/api/charts/{name}/x", False),
        ("/api/import/template.{format:str}", "/api/import/template.xlsx", True),
        ("/api/import/{x}.csv", "/api/import/template.{format:str}", True),
        ("/api/import/{x}.csv", "/api/import/{y}.xlsx", False),
        ("/api/a{x}", "/api/{y}b", True),  # /api/azb
        ("/api/csr/totals", "/api/csr/{n:int}", True),  # a convertor's narrower set is not read
        (mount_pattern("/api/csr"), "/api/csr/totals", True),
        (mount_pattern("/api/csr"), "/api/csr", False),
        (mount_pattern("/api/csr/"), "/api/csrx", False),
        (mount_pattern(""), "/api/kims", True),
    ],
)
def test_two_patterns_overlap_when_one_path_matches_both(
    first: str, second: str, expected: bool
) -> None:
    assert overlap(first, second) is expected
    assert overlap(second, first) is expected


_LITERAL = st.text("ab/.", min_size=1, max_size=3)
_PARAM = st.sampled_from(["{p}", "{q:str}", "{r:path}"])
_PATTERN = st.lists(st.one_of(_LITERAL, _PARAM), min_size=1, max_size=5).map(
    lambda parts: "/" + "".join(parts)
)
_PATH = st.text("ab/.", max_size=10).map(lambda text: "/" + text)


def _matches(pattern: str, path: str) -> bool:
    """Whether Starlette's own route for *pattern* takes *path*."""
    regex, _, _ = routing.compile_path(_unique(pattern))
    return re.match(regex, path) is not None


def _unique(pattern: str) -> str:
    # Starlette refuses a pattern naming one parameter twice; the names do not matter here.
    count = iter(range(100))
    return re.sub(r"{[a-z]+", lambda m: f"{m.group()}{next(count)}", pattern)


@given(_PATTERN, _PATH)
def test_a_pattern_overlaps_a_plain_path_exactly_when_starlette_takes_it(
    pattern: str, path: str
) -> None:
    assert overlap(pattern, path) is _matches(pattern, path)


@given(_PATTERN, _PATTERN, _PATH)
def test_a_path_two_patterns_both_take_is_an_overlap(first: str, second: str, path: str) -> None:
    if _matches(first, path) and _matches(second, path):
        assert overlap(first, second)
    assert overlap(first, second) is overlap(second, first)
    assert overlap(first, first)
