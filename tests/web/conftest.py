"""A demo portfolio with probe strings, three users, and logged-in test clients.

The demo store is built once per session; each test gets its own copy of the SQLite file.
Browser tests drive Debian's /usr/bin/chromium (../../shared/TRAPS.md): never a downloaded one.
"""

from __future__ import annotations

import csv
import re
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.store import open_store
from clientfit.web import Settings, create_app
from clientfit.web.auth import create_token, create_user

PROBE_SCRIPT = "<script>alert(1)</script>"
PROBE_IMG = '"><img src=x onerror=alert(1)>'
PASSWORDS = {"admin": "admin-pass-123", "anna": "anna-pass-123", "tomasz": "tomasz-pass-123"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class Demo:
    path: Path
    own_client: str  # owned by S1 (anna)
    probe_client: str  # owned by S1, named PROBE_SCRIPT
    probe_message_client: str  # owned by S1, a message body with PROBE_IMG
    other_client: str  # owned by S2 (tomasz)
    token_tomasz: str


def _rewrite(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def web_demo(tmp_path_factory) -> Demo:
    root = tmp_path_factory.mktemp("web-demo")
    bundle = root / "demo"
    generate_bundle(bundle, clients=60, seed=7)
    picked: dict[str, str] = {}

    def clients(rows: list[dict]) -> None:
        s1 = [r for r in rows if r["owner_staff_id"] == "S1" and not r["ended_on"]]
        s2 = [r for r in rows if r["owner_staff_id"] == "S2" and not r["ended_on"]]
        picked.update(own=s1[0]["client_id"], probe=s1[1]["client_id"],
                      probe_message=s1[2]["client_id"], other=s2[0]["client_id"])
        s1[1]["name"] = PROBE_SCRIPT

    def messages(rows: list[dict]) -> None:
        target = max((r for r in rows if r["client_id"] == picked["probe_message"]
                      and r["direction"] == "in"), key=lambda r: r["sent_at"])
        target["subject"] = PROBE_IMG
        target["language"] = "en"
        target["body"] = PROBE_IMG + " This is unacceptable. I will call your manager."
        picked["probe_message_id"] = target["message_id"]

    _rewrite(bundle / "clients.csv", clients)
    _rewrite(bundle / "messages.csv", messages)
    db = root / "clientfit.db"
    store = open_store(f"sqlite:///{db}")
    service.import_bundle(store, bundle)
    create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="Ada Admin")
    create_user(store, "anna", PASSWORDS["anna"], role="manager", staff_id="S1",
                display_name="Anna Kowalska")
    create_user(store, "tomasz", PASSWORDS["tomasz"], role="manager", staff_id="S2",
                locale="pl", display_name="Tomasz Nowak")
    token = create_token(store, "tomasz", label="tests")
    store.dispose()
    return Demo(db, picked["own"], picked["probe"], picked["probe_message"], picked["other"],
                token)


@pytest.fixture
def web_db_url(web_demo, tmp_path) -> str:
    copy = tmp_path / "clientfit.db"
    shutil.copy(web_demo.path, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def web_app(web_db_url):
    return create_app(web_db_url, Settings(secret_key="test-secret"))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def make_client(app):
    from fastapi.testclient import TestClient

    with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works
        warnings.simplefilter("ignore")
        return TestClient(app, follow_redirects=False)


def login(app, username: str):
    client = make_client(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": username,
                                           "password": PASSWORDS[username],
                                           "csrf_token": csrf_of(page.text), "next": "/"})
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="session")
def shared_app(web_demo, tmp_path_factory):
    """One app for tests that only read (or are refused): the assessment is computed once."""
    copy = tmp_path_factory.mktemp("shared") / "clientfit.db"
    shutil.copy(web_demo.path, copy)
    return create_app(f"sqlite:///{copy}", Settings(secret_key="test-secret"))


@pytest.fixture
def admin(web_app):
    return login(web_app, "admin")


@pytest.fixture
def anna(web_app):
    return login(web_app, "anna")


@pytest.fixture
def tomasz(web_app):
    return login(web_app, "tomasz")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's chromium; nothing is downloaded."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server() -> Iterator[Callable[[str], str]]:
    """`live_server(db_url)`: the web app on that store, served by uvicorn on a free loopback
    port for the browser tests; its base URL. Every server started stops after the test."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(db_url: str) -> str:
        app = create_app(db_url, Settings(secret_key="browser-tests"))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        running.append((server, thread))
        deadline = time.time() + 30
        while not server.started:
            assert time.time() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_url(live_server, web_db_url) -> str:
    """The demo store's web app, served live."""
    return live_server(web_db_url)
