"""In a real browser (Debian's chromium): an admin imports a Harvest export through the
preview, disables a user on the users page; a Polish manager reads Polish reasons and changes
their password. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORDS
from tests.web.test_browser import shot

DATA = Path(__file__).parents[1] / "data" / "imports"
pytestmark = pytest.mark.slow


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r".*/portfolio$"))


def test_import_an_export_and_manage_users(page, live_url):
    page.set_default_timeout(60_000)
    log_in(page, live_url, "admin", PASSWORDS["admin"])
    page.click("nav a[href='/import']")
    page.set_input_files("input[name=upload]", str(DATA / "harvest_us.csv"))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#preview")
    assert "harvest" in page.inner_text("#import-files")
    assert "Acme Ltd" in page.inner_text("#new-clients")
    shot(page, "admin-1-import-preview")
    page.click("#import-commit button")
    page.wait_for_selector("#import-done")
    shot(page, "admin-2-imported")

    page.click("nav a[href='/admin/users']")
    row = page.locator("tr[data-username=tomasz]")
    row.locator("button", has_text="Disable").click()
    page.wait_for_selector("#users-saved")
    assert "disabled" in page.locator("tr[data-username=tomasz]").inner_text()
    shot(page, "admin-3-users")


def test_polish_manager_reads_polish_reasons_and_changes_password(page, live_url):
    page.set_default_timeout(60_000)
    log_in(page, live_url, "tomasz", PASSWORDS["tomasz"])
    page.locator("#clients a.client-link").first.click()
    page.wait_for_selector("#reasons")
    assert page.inner_text("#reasons h2") == "Powody"
    reasons = page.locator("#reasons .reason-text").all_inner_texts()
    assert reasons and all(not r.startswith(("Margin ", "Pays ", "Lost ")) for r in reasons)
    shot(page, "polish-reasons")
    page.click("a.user")
    page.fill("input[name=current]", PASSWORDS["tomasz"])
    page.fill("input[name=new]", "nowe-haslo-123")
    page.fill("input[name=confirm]", "nowe-haslo-123")
    page.click("#password-form button[type=submit]")
    page.wait_for_selector("#password-changed")
    assert "Twoje hasło zostało zmienione." in page.inner_text("#password-changed")
