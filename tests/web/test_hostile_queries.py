"""Issue 16: every web route answers hostile query values (NaN, inf, 1e309, huge numbers, NUL,
markup, paths, very long text, bad dates) and hostile path values with a 4xx or a page — never
a 5xx."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.conftest import csrf_of, login
from tests.web.test_authz import fill, open_case, routes

VALUES = ["NaN", "inf", "-inf", "1e309", "-1e309", "-1", "0", "99999999999999999999999",
          "\x00", "'\"><script>alert(1)</script>", "../../etc/passwd", "", "x" * 2000,
          "😀", "2026-13-45", "true", "[]", "%", "\ud800".encode("utf-8", "surrogatepass")
          .decode("latin-1")]
NAMES = ["decision", "owner", "q", "sort", "order", "page", "size", "offset", "limit", "next",
         "closed", "who", "saved", "lang", "as_of", "today", "window", "history", "act_C00001",
         "pct_C00001", "to_C00001"]
PATH_VALUES = ["%2e%2e", "%00", "%3Cx%3E", "C" * 300, "-1", "1e309", "NaN"]


@pytest.mark.slow
def test_no_route_answers_a_5xx_to_hostile_query_values(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    failures = []
    for method, path in routes(web_app):
        if method != "GET":
            continue
        url = fill(path, web_demo.own_client, "LOSS_MAKING", case_id=case_id)
        for value in VALUES:
            query = "&".join(f"{name}={quote(value, safe='')}" for name in NAMES)
            own = web_demo.own_client  # a real client's reprice with the hostile percent
            query += f"&act_{own}=reprice&pct_{own}={quote(value, safe='')}"
            response = admin.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append((url, value[:20], response.status_code))
        for value in PATH_VALUES:
            bad = (path.replace("{client_id}", value).replace("{code}", value)
                   .replace("{name}", value).replace("{case_id}", value).replace("{key}", value))
            if bad != path:
                response = admin.get(bad)
                if response.status_code >= 500:
                    failures.append((bad, "path", response.status_code))
    assert failures == []


def test_posts_with_hostile_form_values_never_answer_a_5xx(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    token = csrf_of(admin.get(f"/cases/{case_id}").text)
    failures = []
    for method, path in routes(web_app):
        if method != "POST" or path in ("/logout", "/login") or path.startswith("/api/"):
            continue
        url = fill(path, web_demo.own_client, "LOSS_MAKING", case_id=case_id)
        for value in ("NaN", "1e309", "\x00", "x" * 5000, "'\"><b>"):
            data = {name: value for name in ("decision", "reason", "outcome", "owner", "text",
                                              "lang", "next", "referred", "note", "key",
                                              "username", "role", "staff", "client", "kind",
                                              "value", "password", "end_date", "start_date")}
            response = admin.post(url, data={**data, "csrf_token": token})
            if response.status_code >= 500:
                failures.append((url, value[:10], response.status_code))
    assert failures == []
