"""A real browser (Debian's /usr/bin/chromium through pytest-playwright) against the app served
by uvicorn on a free loopback port: log in, dashboard, client, evidence, override, open a case
and complete a step, Polish.

Screenshots are kept under test-artifacts/web/ (gitignored)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORDS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
pytestmark = pytest.mark.slow


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_login_dashboard_client_evidence_override_polish(page, live_url):
    page.set_default_timeout(60_000)
    page.goto(f"{live_url}/portfolio")
    assert "/login" in page.url
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORDS["admin"])
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r".*/portfolio$"))
    assert page.locator("h1").inner_text() == "Portfolio"
    sentence = page.locator("#whale-sentence").inner_text()
    assert re.match(r"\d+ of \d+ clients make money and earn [\d.]+% of the profit; \d+ lose "
                    r"money and take away [\d.]+% of it\. The most profitable \d+ clients",
                    sentence), sentence
    for chart in page.locator(".charts img").all():  # the SVG charts really render
        chart.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=chart.element_handle())
    shot(page, "1-portfolio")

    # the filter form swaps the table in place through the vendored htmx
    page.select_option("form.filters select[name=decision]", "KEEP")
    page.wait_for_url(re.compile(r".*decision=KEEP.*"))
    page.wait_for_function("[...document.querySelectorAll('#clients tbody .badge')]"
                           ".every(b => b.textContent.trim() === 'KEEP')")
    assert page.locator("#whale-sentence").count() == 1  # the rest of the page stayed

    # server-side pages: next keeps the sorting and the page size
    page.goto(f"{live_url}/portfolio?sort=name&order=asc&size=10")
    first_page = page.locator("#clients a.client-link").first.inner_text()
    page.click("#page-next")
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert "sort=name" in page.url and "size=10" in page.url
    assert page.locator("#page-of").inner_text().startswith("Page 2 of")
    assert page.locator("#clients a.client-link").count() == 10
    assert page.locator("#clients a.client-link").first.inner_text() != first_page

    # a client with a reason backed by evidence: the most loss-making one
    page.goto(f"{live_url}/portfolio?sort=margin&order=asc")
    page.locator("#clients a.client-link").first.click()
    page.wait_for_url(re.compile(r".*/clients/[^/]+$"))
    client_url = page.url
    client_name = page.locator("#client-name").inner_text()
    assert page.locator("li.reason").count() >= 1
    shot(page, "2-client")

    page.locator("a.evidence-link").first.click()
    page.wait_for_url(re.compile(r".*/evidence/[A-Z_]+$"))
    assert page.locator("tr.evidence-row").count() >= 1
    assert page.locator("h1").inner_text().startswith("Evidence")
    shot(page, "3-evidence")

    page.goto(client_url)
    page.select_option("#override-form select[name=decision]", "RENEGOTIATE")
    page.fill("#override-form textarea[name=reason]", "They agreed to talk about scope first")
    page.click("#override-form button[type=submit]")
    page.wait_for_url(re.compile(r".*\?saved=override$"))
    assert "Override saved" in page.locator("p.notice").inner_text()
    assert page.locator("#decision .badge").inner_text() == "RENEGOTIATE"
    assert "They agreed to talk about scope first" in page.locator("#audit").inner_text()
    shot(page, "4-override")

    if page.locator("#open-case").count():  # cases (issue 6) installed: open one, do a step
        page.click("#open-case button")
        page.wait_for_url(re.compile(r".*/cases/\d+\?saved=open$"))
        first = page.locator("tr.step").first
        assert first.locator(".step-status").inner_text().startswith("pending")
        first.locator("button.step-done").click()
        page.wait_for_url(re.compile(r".*saved=step.*"))
        assert page.locator("tr.step").first.locator(".step-status").inner_text().startswith(
            "done")
        assert page.locator("#case-state").inner_text() == "in progress"
        shot(page, "4b-case-step-done")
        page.goto(client_url)

    page.select_option("#language-form select[name=lang]", "pl")
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'pl'")
    assert page.locator("#client-name").inner_text() == client_name
    assert "Decyzja" in page.locator("#decision h2").inner_text()
    assert "RENEGOCJUJ" in page.locator("#decision .badge").inner_text()
    revenue = page.locator("#metrics td.num").first.inner_text()
    assert re.search(r"\d,\d\d\s€$", revenue.replace("\xa0", " ")), revenue
    shot(page, "5-polish-client")
    page.goto(f"{live_url}/portfolio")
    assert page.locator("h1").inner_text() == "Portfel"
    shot(page, "6-polish-portfolio")
