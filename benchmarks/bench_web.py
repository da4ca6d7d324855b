"""p50/p95 latency of the portfolio page and the API under concurrent connections.

Builds a demo store of N clients (or uses --db), adds an admin user, starts `clientfit serve`
in a subprocess, logs in, triggers the first assessment, then fires R requests per URL with C
in flight and prints a table plus the server's peak memory (VmHWM).

    .venv/bin/python benchmarks/bench_web.py --clients 10000 --concurrency 32 --requests 640
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

URLS = ("/portfolio", "/api/clients", "/api/portfolio/summary", "/portfolio/charts/whale.svg")
USER, PASSWORD = "bench-admin", "bench-admin-password"


def clientfit(*args: str, env: dict[str, str]) -> None:
    command = [str(Path(sys.executable).with_name("clientfit")), *args]
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def peak_memory(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    return "?"


async def measure(base: str, concurrency: int, requests: int) -> list[tuple[str, ...]]:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=3600) as client:
        for _ in range(200):
            try:
                page = await client.get("/login")
                break
            except httpx.ConnectError:
                await asyncio.sleep(0.5)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        await client.post("/login", data={"username": USER, "password": PASSWORD,
                                          "csrf_token": token})
        started = time.perf_counter()
        first = await client.get("/portfolio")
        first.raise_for_status()
        rows = [("first /portfolio (runs the assessment)",
                 f"{time.perf_counter() - started:.1f} s", "", "")]
        for url in URLS:
            (await client.get(url)).raise_for_status()  # warm
            times: list[float] = []

            async def one(url: str = url, times: list[float] = times) -> None:
                t0 = time.perf_counter()
                response = await client.get(url)
                times.append(time.perf_counter() - t0)
                response.raise_for_status()

            started = time.perf_counter()
            for done in range(0, requests, concurrency):
                await asyncio.gather(*(one() for _ in range(min(concurrency, requests - done))))
            elapsed = time.perf_counter() - started
            q = statistics.quantiles(times, n=100)
            rows.append((url, f"{q[49] * 1000:.0f} ms", f"{q[94] * 1000:.0f} ms",
                         f"{len(times) / elapsed:.0f}"))
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--db", help="an existing store (skips the demo)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=640)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clientfit-bench-web-"))
    env = dict(os.environ, CLIENTFIT_SECRET_KEY="bench", CLIENTFIT_PASSWORD=PASSWORD)
    db = options.db or f"sqlite:///{work / 'bench.db'}"
    if not options.db:
        clientfit("demo", "--clients", str(options.clients), "--out", str(work / "demo"),
                  env=env)
        clientfit("import", "bundle", str(work / "demo"), "--db", db, env=env)
    subprocess.run([str(Path(sys.executable).with_name("clientfit")), "users", "add", USER,
                    "--role", "admin", "--db", db], env=env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("clientfit")), "serve", "--db", db, "--port",
         str(options.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        rows = asyncio.run(measure(f"http://127.0.0.1:{options.port}", options.concurrency,
                                   options.requests))
        memory = peak_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{options.clients} clients, {options.concurrency} concurrent, "
          f"{options.requests} requests per URL, one uvicorn process")
    print(f"{'url':<42} {'p50':>8} {'p95':>8} {'req/s':>6}")
    for row in rows:
        print(f"{row[0]:<42} {row[1]:>8} {row[2]:>8} {row[3]:>6}")
    print(f"server peak memory: {memory}")


if __name__ == "__main__":
    main()
