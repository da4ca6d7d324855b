"""The hot pages at scale: pagination, sorting and filters in the URL (page, twin and API),
cached responses with ETag / 304, no cached answer ever crossing to a user of a different
visibility, the fast path's limits, and answering at once while the assessment runs."""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import urlsplit

from clientfit.web import Settings, create_app, portfolio
from tests.web.conftest import csrf_of, login, make_client


def test_the_twin_pages_with_size_and_the_pager_keeps_the_filters(shared_app):
    admin = login(shared_app, "admin")
    everyone = admin.get("/portfolio.json?sort=name&order=asc&size=1000").json()
    ids = [c["client_id"] for c in everyone["clients"]]
    assert everyone["matching"] == len(ids) > 40 and everyone["pages"] == 1
    second = admin.get("/portfolio.json?sort=name&order=asc&size=10&page=2").json()
    assert [c["client_id"] for c in second["clients"]] == ids[10:20]
    assert (second["page"], second["pages"], second["size"]) == (2, -(-len(ids) // 10), 10)
    assert second["links"]["prev"] == "/portfolio.json?sort=name&order=asc&size=10"
    assert second["links"]["next"] == "/portfolio.json?sort=name&order=asc&page=3&size=10"
    last = admin.get(f"/portfolio.json?sort=name&order=asc&size=10&page={10**6}").json()
    assert last["page"] == last["pages"] and last["links"]["next"] is None
    assert [c["client_id"] for c in last["clients"]] == ids[(last["pages"] - 1) * 10:]
    html = admin.get("/portfolio?decision=KEEP&sort=health&order=asc&size=25").text
    pager = html[html.index('id="pager"'):]
    assert 'rel="next"' in pager or "Page 1 of 1" in pager
    for link in re.findall(r'<a href="(/portfolio\?[^"]+)"', pager):
        query = link.replace("&amp;", "&")
        assert "decision=KEEP" in query and "sort=health" in query and "size=25" in query
    assert admin.get("/portfolio.json?size=0").status_code == 422


def test_the_api_pages_by_limit_and_offset_with_a_total(shared_app):
    admin = login(shared_app, "admin")
    full = admin.get("/api/clients?sort=revenue&order=asc&limit=1000").json()
    expected = [c["client_id"] for c in full["clients"]]
    assert full["total"] == len(expected) and full["next"] is None and full["prev"] is None
    revenues = [c["revenue_minor"] for c in full["clients"] if c["revenue_minor"] is not None]
    assert revenues == sorted(revenues)
    walked, url = [], "/api/clients?sort=revenue&order=asc&limit=7"
    while url:
        page = admin.get(url).json()
        assert page["total"] == len(expected) and page["limit"] == 7
        walked += [c["client_id"] for c in page["clients"]]
        url = page["next"]
    assert walked == expected
    keep = admin.get("/api/clients?decision=KEEP&limit=5&offset=2").json()
    assert keep["offset"] == 2 and len(keep["clients"]) <= 5
    assert {c["decision"] for c in keep["clients"]} <= {"KEEP"}
    assert keep["prev"] == "/api/clients?decision=KEEP&limit=5&offset=0"
    assert admin.get("/api/clients?limit=0").status_code == 422
    assert admin.get("/api/clients?order=sideways").status_code == 422
    schema = make_client(shared_app).get("/api/openapi.json").json()
    operation = schema["paths"]["/api/clients"]["get"]
    assert {"limit", "offset"} <= {p["name"] for p in operation["parameters"]}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ClientPage")
    assert "total" in schema["components"]["schemas"]["ClientPage"]["properties"]


def test_etag_gives_304_until_the_data_changes(web_app, web_demo):
    admin = login(web_app, "admin")
    for url in ("/portfolio", "/portfolio.json", "/api/clients", "/api/portfolio/summary",
                "/portfolio/charts/whale.svg"):
        first = admin.get(url)
        tag = first.headers["etag"]
        again = admin.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"", url
        assert again.headers["etag"] == tag
        assert admin.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    tag = admin.get("/portfolio.json").headers["etag"]
    csrf = csrf_of(admin.get("/portfolio").text)
    admin.post(f"/clients/{web_demo.own_client}/override",
               data={"decision": "WATCH", "reason": "waiting for Q3", "csrf_token": csrf})
    changed = admin.get("/portfolio.json", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    row = next(c for c in admin.get("/portfolio.json?size=1000").json()["clients"]
               if c["client_id"] == web_demo.own_client)
    assert row["decision"] == "WATCH"


def test_a_cached_answer_never_reaches_a_user_who_sees_other_clients(web_app, web_demo):
    admin, anna, tomasz = (login(web_app, name) for name in ("admin", "anna", "tomasz"))
    urls = ("/portfolio.json?size=1000", "/api/clients?limit=1000", "/portfolio",
            "/api/portfolio/summary")
    for _ in range(2):  # the second round is answered from the cache (and the fast path)
        seen = {name: [client.get(url) for url in urls]
                for name, client in (("admin", admin), ("anna", anna), ("tomasz", tomasz))}
        owners = {name: {c["owner"]["staff_id"] for c in answers[0].json()["clients"]}
                  for name, answers in seen.items()}
        assert owners["anna"] == {"S1"} and owners["tomasz"] == {"S2"}
        assert {"S1", "S2"} < owners["admin"]
        api_owners = {c["owner"]["staff_id"] for c in seen["anna"][1].json()["clients"]}
        assert api_owners == {"S1"}
        assert seen["anna"][3].json()["clients"] == len(seen["anna"][0].json()["clients"])
        assert seen["admin"][3].json()["clients"] > seen["anna"][3].json()["clients"]
        anna_html, admin_html = seen["anna"][2].text, seen["admin"][2].text
        assert web_demo.other_client not in anna_html and "Anna Kowalska" in anna_html
        assert "Ada Admin" in admin_html and "Ada Admin" not in anna_html
        assert csrf_of(anna_html) != csrf_of(admin_html)
    assert len(web_app.state.web.responses) >= 8
    # the same user in a second session shares the page, but each gets its own CSRF token
    anna2 = login(web_app, "anna")
    assert csrf_of(anna2.get("/portfolio").text) != csrf_of(anna.get("/portfolio").text)
    # the bearer token of tomasz never gets anna's cached list
    bearer = make_client(web_app).get("/api/clients?limit=1000", headers={
        "Authorization": f"Bearer {web_demo.token_tomasz}"}).json()
    assert {c["owner"]["staff_id"] for c in bearer["clients"]} == {"S2"}


def test_the_fast_path_stops_when_the_login_expires(web_db_url):
    app = create_app(web_db_url, Settings(secret_key="s", session_max_seconds=4))
    app.state.web.run()
    admin = login(app, "admin")
    assert admin.get("/portfolio").status_code == 200
    fast = admin.get("/portfolio")  # answered by the fast path, with the same headers
    assert fast.status_code == 200 and app.state.web._known
    assert fast.headers["content-security-policy"].startswith("default-src 'self'")
    assert fast.headers["x-frame-options"] == "DENY" and "set-cookie" not in fast.headers
    assert fast.headers["content-type"] == "text/html; charset=utf-8"
    time.sleep(4.2)
    expired = admin.get("/portfolio")
    assert expired.status_code == 303 and expired.headers["location"].startswith("/login")


def test_a_user_disabled_outside_the_app_is_refused_within_the_recheck_time(web_app,
                                                                           web_db_url):
    from clientfit.store import open_store
    from clientfit.web.auth import set_disabled

    anna = login(web_app, "anna")
    assert anna.get("/api/clients").status_code == 200
    assert anna.get("/api/clients").status_code == 200  # the fast path
    set_disabled(open_store(web_db_url), "anna", True)  # as `clientfit users disable` does
    time.sleep(web_app.state.web.settings.recheck_seconds + 0.05)
    assert anna.get("/api/clients").status_code == 401


def test_pages_answer_at_once_while_the_assessment_runs(web_db_url, monkeypatch):
    from clientfit import service

    release = threading.Event()
    real = service.assess

    def slow_assess(*args, **kwargs):
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "assess", slow_assess)
    app = create_app(web_db_url, Settings(secret_key="s"))
    admin = login(app, "admin")
    worker = app.state.web.warm()
    time.sleep(0.2)
    page = admin.get("/portfolio")
    assert page.status_code == 200 and 'id="assessment-running"' in page.text
    assert page.headers["refresh"] and page.headers["cache-control"] == "no-store"
    twin = admin.get("/api/clients")
    assert twin.status_code == 503 and twin.headers["retry-after"] == "5"
    assert twin.json()["ok"] is False
    release.set()
    worker.join(120)
    ready = admin.get("/portfolio")
    assert 'id="assessment-running"' not in ready.text and 'id="clients"' in ready.text


def test_links_and_page_numbers():
    filters = portfolio.Filters.clean(decision="keep", q="a&b", sort="name", order="asc")
    links = portfolio.links("/portfolio", filters, 1, 3, 50)
    assert links["prev"] is None
    assert urlsplit(links["next"]).query == ("decision=KEEP&q=a%26b&sort=name&order=asc"
                                             "&page=2&size=50")
    assert portfolio.page_numbers(1, 1) == [1]
    assert portfolio.page_numbers(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert portfolio.page_numbers(2, 5) == [1, 2, 3, 4, 5]
