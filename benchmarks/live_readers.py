"""HTTP writes with live readers on ``GET /api/log/stream`` against none.

    python benchmarks/live_readers.py --readers 500 --seconds 15

``kimcore serve`` on a fresh SQLite store; one HTTP writer of ``FormGroup`` commands for
*seconds*, first with no live reader, then with *readers* clients on the stream (a process of
their own: asyncio sockets, counting the messages). Prints writes/s both ways and the ratio, the
server's CPU time per write both ways, and how many events each reader got of those written.
``benchmarks/scale.py`` runs it as its last step.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

import kimcore as k

TOKEN = "scale-bench-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _kimcore(*args: str) -> list[str]:
    return [sys.executable, "-m", "kimcore", *args]


@contextlib.contextmanager
def _process(
    args: list[str], ready: Callable[[], bool], most: float
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.perf_counter() + most
        while not ready():
            if process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"{args[2:4]} did not start")
            time.sleep(0.02)
        yield process
    finally:
        process.terminate()
        process.wait(30)


def _answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return ready


# -- live readers --------------------------------------------------------------------------


async def _listen(port: int, after: int, readers: int) -> None:
    """*readers* clients on the stream from *after*; prints when connected, and then each count."""
    counts = [0] * readers
    connected = 0

    async def one(i: int) -> None:
        nonlocal connected
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
        writer.write(
            f"GET /api/log/stream HTTP/1.1\r\nHost: bench\r\nLast-Event-ID: {after}\r\n"
            "\r\n".encode()
        )
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")
        connected += 1
        tail = b""
        while data := await reader.read(2**16):
            # Each message has one "id: " line; a tail shorter than the mark counts it once.
            counts[i] += (tail + data).count(b"\nid: ")
            tail = data[-4:]

    tasks = [asyncio.ensure_future(one(i)) for i in range(readers)]
    while connected < readers:
        await asyncio.sleep(0.05)
    print("connected", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    print(json.dumps({"min": min(counts), "max": max(counts)}), flush=True)


def _cpu_of(pid: int, *, system: bool = False) -> float:
    """CPU seconds of *pid* so far (user and system; only the system's with *system*)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[12]) if system else int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _writes(base: str, seconds: float) -> float:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    done = 0
    with httpx.Client(headers=headers, timeout=60) as client:
        stop = time.perf_counter() + seconds
        started = time.perf_counter()
        while time.perf_counter() < stop:
            body = {
                "group_id": str(uuid.uuid4()),
                "name": "KIM Maju Bersama",
                "seat": {
                    "region": {"code": "62.71.02.1001", "name": "Kereng Bangkirai"},
                    "settlement": "urban_ward",
                    "area": "urban",
                },
                "founders": [
                    {"member_id": str(uuid.uuid4()), "name": f"Warga {n}", "category": "youth"}
                    for n in range(3)
                ],
                "formed_on": "2024-03-01",
            }
            client.post(f"{base}/api/commands/FormGroup", json=body).raise_for_status()
            done += 1
        return done / (time.perf_counter() - started)


def _head(url: str) -> int:
    with k.open_store(url) as store:
        return store.head_position()


def _written(url: str, after: int) -> int:
    """Events past *after* (positions are not counts on PostgreSQL)."""
    with k.open_store(url) as store:
        return store.count_after(after, 10**9)


@contextlib.contextmanager
def _recording(pid: int, into: str | None) -> Iterator[None]:
    """py-spy sampling *pid* while the block runs, its collapsed stacks written to *into*."""
    if into is None:
        yield
        return
    spy = subprocess.Popen(
        [
            "py-spy",
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--output",
            into,
            "--rate",
            "200",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # attached
    try:
        yield
    finally:
        spy.send_signal(2)
        spy.wait(60)


def live(
    readers: int, seconds: float, url: str | None = None, *, profile: str | None = None
) -> None:
    """*url*: a fresh store to serve (default: a SQLite file in a temporary folder).

    With *profile*, py-spy records the server during each write run (``PREFIX-alone.txt``,
    ``PREFIX-readers.txt``).
    """
    with tempfile.TemporaryDirectory(prefix="kimcore-live-") as folder:
        tokens = Path(folder, "tokens.json")
        tokens.write_text(
            json.dumps(
                {
                    "tokens": [
                        {
                            "name": "bench",
                            "sha256": hashlib.sha256(TOKEN.encode()).hexdigest(),
                            "scopes": ["write"],
                        }
                    ]
                }
            )
        )
        url = url or f"sqlite:///{folder}/live.db"
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        args = _kimcore(
            "--store",
            url,
            "serve",
            "--port",
            str(port),
            "--tokens",
            str(tokens),
            "--log-level",
            "warning",
        )
        with _process(args, _answers(f"{base}/api"), 60) as server:
            _writes(base, 2)  # warm: the store, the read models, the async side
            cpu, after = _cpu_of(server.pid), _head(url)
            kernel = _cpu_of(server.pid, system=True)
            with _recording(server.pid, profile and f"{profile}-alone.txt"):
                alone = _writes(base, seconds)
            alone_cpu = (_cpu_of(server.pid) - cpu) / _written(url, after)
            alone_kernel = (_cpu_of(server.pid, system=True) - kernel) / _written(url, after)
            after = _head(url)
            child = subprocess.Popen(
                [sys.executable, __file__, "--listen", str(port), str(after), str(readers)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            assert child.stdin is not None
            assert child.stdout.readline().strip() == "connected"
            cpu = _cpu_of(server.pid)
            time.sleep(5)
            idle_cpu = (_cpu_of(server.pid) - cpu) / 5  # what listening readers cost, no write
            cpu, clients_cpu = _cpu_of(server.pid), _cpu_of(child.pid)
            kernel = _cpu_of(server.pid, system=True)
            with _recording(server.pid, profile and f"{profile}-readers.txt"):
                with_readers = _writes(base, seconds)
            readers_cpu = _cpu_of(server.pid) - cpu
            readers_kernel = _cpu_of(server.pid, system=True) - kernel
            clients_cpu = (_cpu_of(child.pid) - clients_cpu) / seconds
            time.sleep(2)  # the last events reach every reader (and PostgreSQL's readers)
            written = _written(url, after)
            readers_cpu /= written
            readers_kernel /= written
            child.stdin.write("\n")
            child.stdin.flush()
            got = json.loads(child.stdout.readline())
            child.wait(30)
    print(
        f"live: HTTP writes {alone:.1f}/s with no reader, {with_readers:.1f}/s with {readers} live"
        f" readers: {with_readers / alone:.0%}; server CPU per write {alone_cpu * 1000:.1f} ms"
        f" and {readers_cpu * 1000:.1f} ms ({alone_cpu / readers_cpu:.0%}), of which in the"
        f" kernel {alone_kernel * 1000:.1f} and {readers_kernel * 1000:.1f} ms;"
        f" each reader got {got['min']:,}–{got['max']:,} of {written:,} events;"
        f" the readers' own process took {clients_cpu:.0%} of a core; the server with {readers}"
        f" readers and no write {idle_cpu:.0%} of a core"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=15, help="How long each write run lasts.")
    parser.add_argument(
        "--store",
        help="A fresh store to serve, e.g. postgresql://…/db?schema=kimcore_live (default: a"
        " SQLite file in a temporary folder).",
    )
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="Record the server with py-spy during each write run: PREFIX-alone.txt and"
        " PREFIX-readers.txt (collapsed stacks).",
    )
    parser.add_argument("--listen", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.listen:
        asyncio.run(_listen(*args.listen))
        return
    live(args.readers, args.seconds, args.store, profile=args.profile)


if __name__ == "__main__":
    main()
