"""Issue 16: every main page in a real browser, English and Polish, at 1440 and 390 px wide:
no console errors, no horizontal page overflow, and axe-core (vendored from npm) finds no
serious or critical accessibility violation. Screenshots go to test-artifacts/web/walk/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORDS
from tests.web.test_browser import ARTIFACTS

pytestmark = pytest.mark.slow
AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text(encoding="utf-8")
WALK = ARTIFACTS / "walk"


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r".*/portfolio$"))


def _check(page, name: str, problems: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    WALK.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(WALK / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        problems.append(f"{name}: page {overflow}px wider than the window")
    page.evaluate(AXE + "\n;true")  # through the DevTools protocol: the app's CSP stays on
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    problems += [f"{name}: {v}" for v in found]


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("username", ["admin", "tomasz"])  # tomasz reads Polish
def test_every_page_is_clean_in_a_browser(browser, live_url, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    _login(page, live_url, username)
    tag = f"{username}-{width}"
    _check(page, f"{tag}-portfolio", problems)
    today = page.locator("#today h2").bounding_box()
    assert today is not None and today["y"] < 900 - today["height"], "what needs me today"
    client = page.locator("#clients a.client-link").first.get_attribute("href")
    page.goto(f"{live_url}{client}")
    _check(page, f"{tag}-client", problems)
    worst = client.rsplit("/", 1)[1]
    page.goto(f"{live_url}/whatif?act_{worst}=release")
    _check(page, f"{tag}-whatif", problems)
    page.goto(f"{live_url}/cases")
    _check(page, f"{tag}-cases", problems)
    page.goto(f"{live_url}/account/password")
    _check(page, f"{tag}-password", problems)
    if username == "admin":
        for path in ("/import", "/admin/users"):
            page.goto(f"{live_url}{path}")
            _check(page, f"{tag}-{path.strip('/').replace('/', '-')}", problems)
    page.goto(f"{live_url}/no-such-page")
    problems[:] = [p for p in problems if "404" not in p]  # the one 404 asked for
    context.close()
    assert not problems, "\n".join(problems)
