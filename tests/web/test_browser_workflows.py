"""Issue 16, done-when: the workflows walked as forms in a real browser (Debian's chromium),
in English and in Polish: what-if (set a price change, compute, read the result), a case from
the decision to its close (opened from the client page, steps done, closed with a reason) and
import (upload a small export, preview, confirm). No console errors on the way;
axe-core finds no serious or critical violation on
the result pages; screenshots go to test-artifacts/web/workflows/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clientfit.store import open_store
from clientfit.web.auth import create_user
from tests.web.conftest import PASSWORDS
from tests.web.test_browser import ARTIFACTS
from tests.web.test_browser_walk import _check

pytestmark = pytest.mark.slow
DATA = Path(__file__).parents[1] / "data" / "imports"
SHOTS = ARTIFACTS / "workflows"
ADMINS = {"en": ("admin", PASSWORDS["admin"]), "pl": ("ola", "ola-pass-123")}
WORDS = {  # what each language's pages say, so a screen in the wrong language fails
    "en": {"result": "Result", "import": "Import now", "close": "Close the case"},
    "pl": {"result": "Wynik", "import": "Importuj", "close": "Zamknij sprawę"},
}


def _shot(page, name: str, problems: list[str] | None = None) -> None:
    """A full-page screenshot; with `problems`, also the walk's checks (page overflow,
    axe-core's serious and critical violations)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if problems is not None:
        _check(page, f"workflow-{name}", problems)


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_whatif_import_and_case_walked_as_forms(browser, live_url, web_db_url, lang,
                                                width):
    username, password = ADMINS[lang]
    if lang == "pl":  # a Polish-speaking admin: imports are an admin's job
        store = open_store(web_db_url)
        create_user(store, username, password, role="admin", locale="pl",
                    display_name="Ola Kowal")
        store.dispose()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(f"{live_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r".*/portfolio$"))
    assert f'lang="{lang}"' in page.content()
    words = WORDS[lang]

    # what-if: a 10 % price rise for the first client, computed from the top of the form
    page.goto(f"{live_url}/whatif")
    price = page.locator("input[name^=pct_]").first
    client_id = price.get_attribute("name").removeprefix("pct_")
    price.fill("10")  # typing a price change picks "reprice" (app.js) ...
    assert page.input_value(f"select[name=act_{client_id}]") == "reprice"
    _submit(page, "#whatif-compute")
    assert f"pct_{client_id}=10" in page.url
    assert page.url.count("=") <= 3, page.url  # only what was set travels in the URL
    assert page.inner_text("#whatif-result h2") == words["result"]
    assert page.locator("#whatif-summary strong").count() == 3
    _shot(page, f"{lang}-{width}-1-whatif-result", problems)

    # a case: from a client page whose decision calls for one, through its steps, to its close
    page.goto(f"{live_url}/portfolio")
    links = page.locator("#clients a.client-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    for link in links:
        page.goto(f"{live_url}{link}")
        if page.locator("#open-case").count():
            break
    else:
        pytest.fail("no client on the first portfolio page offers a case")
    _shot(page, f"{lang}-{width}-2-client")
    page.locator("#reasons").screenshot(path=str(SHOTS / f"{lang}-{width}-2-reasons.png"))
    _submit(page, "#open-case button")
    assert re.search(r"/cases/\d+\?saved=open", page.url), page.url
    _shot(page, f"{lang}-{width}-3-case-opened", problems)
    done = 0
    while page.locator(".step-done").count() and done < 30:
        _submit(page, ".step-done")
        done += 1
    assert done > 0
    _shot(page, f"{lang}-{width}-4-steps-done")
    assert page.inner_text("#close h2") == words["close"]
    page.fill("#close input[name=reason]", "walked in the browser")
    _submit(page, "#close button[type=submit]")
    assert "saved=close" in page.url
    assert page.locator("#case-outcome").is_visible()
    assert page.locator("#close").count() == 0  # a closed case offers no close form
    assert "walked in the browser" in page.inner_text("#history")
    _shot(page, f"{lang}-{width}-5-case-closed", problems)

    # import, last (a newer export may move the assessment window): a small Harvest export
    # through the preview to the confirmation
    page.goto(f"{live_url}/import")
    page.set_input_files("input[name=upload]", str(DATA / "harvest_us.csv"))
    _submit(page, "#import-form button[type=submit]")
    assert "harvest" in page.inner_text("#import-files")
    assert page.inner_text("#import-commit button") == words["import"]
    _shot(page, f"{lang}-{width}-6-import-preview", problems)
    _submit(page, "#import-commit button")
    assert page.locator("#import-done").is_visible()
    _shot(page, f"{lang}-{width}-7-import-done")

    context.close()
    assert not problems, "\n".join(problems)
