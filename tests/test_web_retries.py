"""A command sent again over HTTP answers 200 with its first recording, whatever happened since.

On a real ``kimcore serve`` over SQLite and PostgreSQL: the answer is 201 or 200 by what the
application says it did, not by a head read around the call (PostgreSQL's visible head lags).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.builders import activity
from tests.services import durable_store
from tests.web_server import PORTAL, bearer, form_body, serving, write_tokens

import kimcore as k


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with durable_store(request.param, tmp_path, "web_retry") as url:
        yield url


def test_a_retry_after_1000_later_events_answers_200_with_the_first_events(
    store_url: str, tmp_path: Path
) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    group_id = uuid.uuid4()
    key = str(uuid.uuid4())
    headers = {**bearer(PORTAL), "Idempotency-Key": key}
    with serving(store_url, tokens) as base:
        url = f"{base}/api/commands/FormGroup"
        made = httpx.post(url, json=form_body(group_id), headers=headers, timeout=30)
        assert made.status_code == 201, made.text
        with k.open_store(store_url) as store:
            party = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
            later = [activity(f"topik {n}", party=party) for n in range(1000)]
            k.Application(store).handle_many(later)
        again = httpx.post(url, json=form_body(group_id), headers=headers, timeout=30)
        assert again.status_code == 200, again.text
        assert again.json()["recorded"] == made.json()["recorded"]
        other = httpx.post(url, json=form_body(uuid.uuid4()), headers=bearer(PORTAL), timeout=30)
        assert other.status_code == 201


def test_same_key_retries_at_once_answer_one_201_and_the_rest_200(
    store_url: str, tmp_path: Path
) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    group_id = uuid.uuid4()
    headers = {**bearer(PORTAL), "Idempotency-Key": str(uuid.uuid4())}
    with serving(store_url, tokens) as base:
        url = f"{base}/api/commands/FormGroup"

        async def send() -> list[httpx.Response]:
            async with httpx.AsyncClient(timeout=60) as client:
                return list(
                    await asyncio.gather(
                        *(
                            client.post(url, json=form_body(group_id), headers=headers)
                            for _ in range(20)
                        )
                    )
                )

        answers = asyncio.run(send())
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 19 + [201], [a.text for a in answers if a.status_code >= 300]
    assert len({a.json()["recorded"][0]["event_id"] for a in answers}) == 1
