"""Issue 16: chart legends, axes and numbers in the page's language; colours fixed per decision
and per series whatever the language."""

from __future__ import annotations

import re

from clientfit.web import charts

MONTHS = [{"month": f"2026-0{i}", "revenue_minor": 1_234_500 * i, "collected_minor": 900_000,
           "cost_minor": 500_000 * i} for i in range(1, 4)]


def test_trend_colours_stay_with_their_series_in_both_languages():
    english = charts.trend(MONTHS, "EUR", "en")
    polish = charts.trend(MONTHS, "EUR", "pl")
    assert "Revenue, net of sales tax" in english and "Przychód netto" in polish
    assert "Revenue" not in polish
    for svg in (english, polish):
        for colour in charts.SERIES_COLOURS.values():
            assert colour in svg.lower()


def test_polish_charts_have_polish_numbers_and_decisions(shared_app, web_demo):
    from tests.web.conftest import login

    tomasz = login(shared_app, "tomasz")
    svg = tomasz.get("/portfolio/charts/value-health.svg").text
    assert "ZACHOWAJ" in svg and ">KEEP<" not in svg
    whale = tomasz.get("/portfolio/charts/whale.svg").text
    assert re.search(r">\d{1,3}(\xa0|\s)\d{3}<", whale), "thousands grouped the Polish way"
    english = login(shared_app, "admin").get("/portfolio/charts/whale.svg").text
    assert re.search(r">\d{1,3},\d{3}<", english)


def test_marks_carry_tooltips_in_the_page_language(shared_app, web_demo):
    from tests.web.conftest import login

    whale = login(shared_app, "tomasz").get("/portfolio/charts/whale.svg").text
    assert re.search(r'aria-label="szczyt: \d+,\d\xa0?%', whale), "the peak's tooltip in Polish"
    english = login(shared_app, "admin").get("/portfolio/charts/value-health.svg").text
    assert re.search(r'aria-label="[^"]+ · [A-Z]+ · Margin [^"]+ · Health \d\.\d\d"', english)
