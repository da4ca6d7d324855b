"""The client page and its JSON twin show native and converted amounts; evidence names each
rate (issue 12)."""

from __future__ import annotations

from pathlib import Path

from clientfit import importing, service
from clientfit.store import open_store
from clientfit.web.app import Settings, create_app
from clientfit.web.auth import create_user
from tests.test_currencies import RATES, _portfolio
from tests.web.conftest import PASSWORDS, login


def test_client_page_shows_native_and_converted_amounts(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    store = open_store(url)
    service.import_bundle(store, _portfolio(tmp_path, usd_staff=True))
    importing.import_paths(store, "rates", [RATES / "archiwum_tab_a_2026.csv"])
    create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="Ada Admin")
    app = create_app(url, Settings(secret_key="test-secret"))
    admin = login(app, "admin")
    data = admin.get("/clients/C2.json").json()
    assert data["assessment"]["native"] == [{"currency": "USD", "revenue_minor": 100_000,
                                             "converted_minor": 397_100,
                                             "reporting_currency": "PLN"}]
    assert data["currency"] == "PLN"
    page = admin.get("/clients/C2").text
    assert 'id="currencies"' in page and "Invoiced in its own currency" in page
    code = data["assessment"]["reasons"][0]["code"]
    evidence = admin.get(f"/clients/C2/evidence/{code}.json").json()
    rated = [item for item in evidence["evidence"] if item.get("rate")]
    assert rated and "042/A/NBP/2026" in rated[0]["rate"]["text"]
    assert "042/A/NBP/2026" in admin.get(f"/clients/C2/evidence/{code}").text
