"""p50/p95/p99 latency of the portfolio page and the API under concurrent connections.

Builds a demo store of N clients (or uses --db), adds an admin user, starts `clientfit serve`
in a subprocess (which starts the assessment in the background), logs in, times how long a
page takes to answer while the assessment runs and how long until the portfolio is ready, then
loads each URL with C connections for D seconds and prints p50/p95/p99, req/s, errors and the
server's peak memory (VmHWM).

The load generator shares the machine with the server, so it is `wrk` (C, one thread) when
installed (Debian package `wrk`); otherwise a Python client (httpx, asyncio), which costs the
server CPU and so reads slower.

    .venv/bin/python benchmarks/bench_web.py --clients 10000 --concurrency 32 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

URLS = ("/portfolio", "/portfolio?sort=name&order=asc&page=50",
        "/portfolio.json?decision=KEEP&sort=health&order=asc",
        "/api/clients", "/api/clients?sort=revenue&limit=100&offset=5000",
        "/api/portfolio/summary", "/portfolio/charts/whale.svg")
USER, PASSWORD = "bench-admin", "bench-admin-password"
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def clientfit(*args: str, env: dict[str, str]) -> None:
    command = [str(Path(sys.executable).with_name("clientfit")), *args]
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def peak_memory(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return f"{int(line.split()[1]) / 1024:,.0f} MB"
    return "?"


def login(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=3600)
    for _ in range(400):
        try:
            page = client.get("/login")
            break
        except httpx.ConnectError:
            time.sleep(0.25)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": token})
    return client, client.cookies["clientfit_session"]


def wait_for_assessment(client: httpx.Client) -> list[tuple[str, ...]]:
    """How fast a page answers while the assessment runs, and when the portfolio is ready."""
    started = time.perf_counter()
    first = client.get("/portfolio")
    answered = time.perf_counter() - started
    running = "assessment-running" in first.text
    while client.get("/portfolio.json").status_code == 503:
        time.sleep(1)
    ready = time.perf_counter() - started
    return [("first /portfolio answer" + (" (assessment running)" if running else ""),
             f"{answered * 1000:.0f} ms", "", "", "", ""),
            ("portfolio ready after", f"{ready:.1f} s", "", "", "", "")]


def with_wrk(base: str, url: str, cookie: str, concurrency: int, seconds: int,
             extra: list[str]) -> tuple[str, ...]:
    script = Path(tempfile.mkdtemp()) / "report.lua"
    script.write_text(LUA)
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(concurrency), "-d", f"{seconds}s", "--timeout", "30s",
         "-s", str(script), "-H", f"Cookie: clientfit_session={cookie}", *extra, base + url],
        check=True, capture_output=True, text=True).stdout
    found = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if found is None:
        raise RuntimeError(f"wrk said: {out}")
    count, micros, errors, p50, p95, p99 = (int(v) for v in found.groups())
    return (f"{p50 / 1000:.1f} ms", f"{p95 / 1000:.1f} ms", f"{p99 / 1000:.1f} ms",
            f"{count / (micros / 1e6):.0f}", str(errors))


async def with_httpx(base: str, url: str, cookie: str, concurrency: int, seconds: int,
                     headers: dict[str, str]) -> tuple[str, ...]:
    limits = httpx.Limits(max_connections=concurrency)
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60,
                                 cookies={"clientfit_session": cookie}) as client:
        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                response = await client.get(url, headers=headers)
                times.append(time.perf_counter() - t0)
                errors += response.status_code >= 400

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    q = statistics.quantiles(times, n=100)
    return (f"{q[49] * 1000:.1f} ms", f"{q[94] * 1000:.1f} ms", f"{q[98] * 1000:.1f} ms",
            f"{len(times) / elapsed:.0f}", str(errors))


def cold_misses(client: httpx.Client, count: int = 20) -> tuple[str, ...]:
    """Queries never asked before (a search each): the cost of rendering a page."""
    times = []
    for i in range(count):
        t0 = time.perf_counter()
        client.get(f"/portfolio?q={i:02d}&sort=health").raise_for_status()
        times.append(time.perf_counter() - t0)
    return (f"{statistics.median(times) * 1000:.1f} ms", f"{max(times) * 1000:.1f} ms (max)",
            "", "sequential", "0")


def measure(base: str, options: argparse.Namespace, use_wrk: bool) -> list[tuple[str, ...]]:
    client, cookie = login(base)
    rows = wait_for_assessment(client)
    rows.append(("/portfolio?q=NN (cache miss, rendered)", *cold_misses(client)))
    plans: list[tuple[str, str, dict[str, str]]] = [(url, url, {}) for url in URLS]
    etag = client.get("/portfolio").headers.get("etag")
    if etag:
        plans.insert(1, ("/portfolio (If-None-Match: 304)", "/portfolio",
                         {"If-None-Match": etag}))
    for label, url, headers in plans:
        client.get(url).raise_for_status()  # warm
        if use_wrk:
            extra = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
            result = with_wrk(base, url, cookie, options.concurrency, options.seconds, extra)
        else:
            result = asyncio.run(with_httpx(base, url, cookie, options.concurrency,
                                            options.seconds, headers))
        rows.append((label, *result))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--db", help="an existing store with the user bench-admin (skips the "
                                     "demo)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10, help="load per URL")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--python-client", action="store_true",
                        help="use the Python load generator even when wrk is installed")
    options = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not options.python_client
    work = Path(tempfile.mkdtemp(prefix="clientfit-bench-web-"))
    env = dict(os.environ, CLIENTFIT_SECRET_KEY="bench", CLIENTFIT_PASSWORD=PASSWORD)
    db = options.db or f"sqlite:///{work / 'bench.db'}"
    if not options.db:
        clientfit("demo", "--clients", str(options.clients), "--out", str(work / "demo"),
                  env=env)
        clientfit("import", "bundle", str(work / "demo"), "--db", db, env=env)
        clientfit("users", "add", USER, "--role", "admin", "--db", db, env=env)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("clientfit")), "serve", "--db", db, "--port",
         str(options.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        rows = measure(f"http://127.0.0.1:{options.port}", options, use_wrk)
        memory = peak_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{options.clients} clients, {options.concurrency} connections, {options.seconds} s "
          f"per URL, one uvicorn process, load from "
          f"{'wrk (1 thread)' if use_wrk else 'httpx (Python)'}")
    print(f"{'url':<56} {'p50':>9} {'p95':>9} {'p99':>9} {'req/s':>6} {'errors':>6}")
    for row in rows:
        print(f"{row[0]:<56} {row[1]:>9} {row[2]:>9} {row[3]:>9} {row[4]:>6} {row[5]:>6}")
    print(f"server peak memory (VmHWM): {memory}")


if __name__ == "__main__":
    main()
