"""Issue 16: charts with scripts on are inline SVG whose marks show a tooltip in the page's
language and link to their client; the <img> stays the no-JS view."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login
from tests.web.test_browser_walk import _login

pytestmark = pytest.mark.slow
MARK = ".chart-inline svg a[href^='/clients/'] [role=graphics-symbol]"


@pytest.mark.parametrize(("username", "word"), [("admin", "Margin"), ("tomasz", "Marża")])
def test_chart_marks_have_tooltips_and_open_their_client(browser, live_url,
                                                         username, word):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    _login(page, live_url, username)
    page.wait_for_selector(".chart-inline svg")
    page.wait_for_selector(MARK)
    assert page.locator("img[src$='/charts/value-health.svg']").count() == 0, "inlined"
    mark = page.locator(MARK).first
    tip = mark.locator("title").text_content()
    assert word in tip and " · " in tip
    if username == "tomasz":
        assert re.search(r"\d,\d\d", tip), "Polish decimal comma: " + tip
    href = page.locator(".chart-inline svg a[href^='/clients/']").first.get_attribute("href")
    mark.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    trend = page.wait_for_selector(".chart-inline svg [aria-roledescription=point] title",
                                   state="attached")
    assert (("Revenue, net of sales tax" if username == "admin" else "Przychód netto")
            in trend.text_content())
    context.close()
    assert not problems, "\n".join(problems)


def test_chart_svg_escapes_client_names_and_links_to_our_pages(shared_app, web_demo):
    svg = login(shared_app, "admin").get("/portfolio/charts/value-health.svg").text
    assert "vega.github.io" not in svg
    assert re.search(r'xlink:href="/clients/[^"/]+"', svg)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg, "the probe client is in, as text"
    assert "<script" not in svg.lower()
