"""The client page lists each evidence record once, numbered; each reason cites the numbers
(issue 16 req. 4). The JSON twin keeps every reason's own evidence list."""

from __future__ import annotations

import re

from tests.web.conftest import login


def test_client_page_lists_evidence_once_and_reasons_cite_it(shared_app):
    admin = login(shared_app, "admin")
    clients = admin.get("/portfolio.json").json()["clients"]
    best = None
    for row in clients[:15]:
        reasons = admin.get(f"/clients/{row['client_id']}.json").json()["assessment"]["reasons"]
        total = sum(len(r["evidence"]) for r in reasons)
        if best is None or total > best[2]:
            best = (row["client_id"], reasons, total)
    client_id, reasons, _ = best
    html = admin.get(f"/clients/{client_id}").text
    listed = []
    for reason in reasons:
        for ref in reason["evidence"]:
            if (ref["kind"], ref["id"]) not in listed:
                listed.append((ref["kind"], ref["id"]))
    rows = re.findall(r'<tr id="ev-(\d+)" class="evidence-row (\w+)">\s*<td class="num">\[\d+\]'
                      r'</td>\s*<td>[^<]*<code>([^<]+)</code>', html)
    assert [(kind, record_id) for _, kind, record_id in rows] == listed  # once each, in order
    assert [int(n) for n, _, _ in rows] == list(range(1, len(listed) + 1))
    # each reason cites exactly the numbers of its own records
    items = re.findall(r'<li class="reason" data-code="([A-Z_]+)">(.*?)</li>', html, re.S)
    for (code, body), reason in zip(items, reasons, strict=True):
        assert code == reason["code"]
        cited = [int(n) for n in re.findall(r'href="#ev-(\d+)"', body)]
        expected = []
        for ref in reason["evidence"]:
            number = listed.index((ref["kind"], ref["id"])) + 1
            if number not in expected:
                expected.append(number)
        assert cited == sorted(expected)
