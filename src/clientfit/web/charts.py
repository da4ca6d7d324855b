"""Charts as Vega-Lite specs built with Altair and rendered to SVG on the server by
vl-convert: no JavaScript, no CDN, and pages stay readable without scripts.

Served as separate `image/svg+xml` responses shown through <img> (the no-JS view). Each mark
carries its tooltip, already formatted by Babel in the page's language, as its `aria-label`
(Vega's `description` channel), and a client's mark links to that client's page; static/app.js
fetches the same SVG and puts it inline, adding a <title> per mark so the browser shows the
tooltip and the link works (issue 16). Vega escapes every text and attribute it writes, and the
page's CSP runs no inline script, so a client name stays text.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import altair as alt
import vl_convert
from babel import numbers as babel_numbers

from clientfit import whatif
from clientfit.domain import Assessment
from clientfit.service import AssessmentRun
from clientfit.web import i18n
from clientfit.web.errors import PageNotFound

DECISION_COLOURS = {"KEEP": "#2e7d32", "RESET": "#0277bd", "REASSIGN": "#6a1b9a",
                    "RECOVER": "#a84300", "RENEGOTIATE": "#f9a825", "RELEASE": "#c62828",
                    "WATCH": "#757575"}
# One colour per series whatever the language (the legend's order and colours never swap).
SERIES_COLOURS = {"revenue_minor": "#1565c0", "collected_minor": "#2e7d32",
                  "cost_minor": "#c62828"}
# Dates on the axes in the page's language (d3-time-format locales built into vl-convert).
D3_TIME_LOCALES = {"en": "en-US", "pl": "pl-PL"}


def d3_number_locale(lang: str) -> dict[str, Any]:
    """The axes' number format from Babel's symbols for the page's language, so a chart groups
    and separates digits exactly as the page around it ("250 000,5" in Polish)."""
    locale = i18n.babel_locale(lang)
    return {"decimal": babel_numbers.get_decimal_symbol(locale),
            "thousands": babel_numbers.get_group_symbol(locale), "grouping": [3],
            "currency": ["", ""]}


# Vega's loader prefixes a relative `href` with its default data base URL; links are ours, so the
# prefix is taken off again (the app's pages are on the same origin).
VEGA_BASE_URL = "https://vega.github.io/vega-datasets/"


def client_url(client_id: str) -> str:
    return "/clients/" + quote(client_id, safe="")


_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 256


def to_svg(key: tuple[Any, ...], build: Callable[[], alt.TopLevelMixin],
           lang: str = i18n.DEFAULT) -> str:
    """The chart as SVG, cached by its inputs: a page view does not even build the spec again.
    Axis numbers and dates follow `lang`."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    with _cache_lock:
        if digest in _cache:
            _cache.move_to_end(digest)
            return _cache[digest]
    svg = vl_convert.vegalite_to_svg(
        build().to_dict(validate=False), format_locale=d3_number_locale(lang),
        time_format_locale=D3_TIME_LOCALES.get(lang, D3_TIME_LOCALES[i18n.DEFAULT]))
    svg = svg.replace(f'xlink:href="{VEGA_BASE_URL}', 'xlink:href="')
    with _cache_lock:
        _cache[digest] = svg
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


def _major(minor: float | None, currency: str | None) -> float:
    return round((minor or 0) / 100.0, 2)


def value_health(assessments: list[Assessment], currency: str | None, lang: str) -> str:
    t = i18n.translations(lang).gettext
    rows = []
    for a in assessments:
        health = whatif.health(a.metrics)
        if health is None:
            continue
        decision = t(a.effective_decision.value)
        margin = a.metrics.get("margin_minor")
        tip = (f"{a.client_name} · {decision} · {t('Margin')} "
               f"{i18n.money(margin, currency, lang)} · {t('Health')} "
               f"{i18n.number(health, 2, lang)}")
        rows.append({"client": a.client_name, "decision": decision,
                     "margin": _major(margin, currency), "health": health, "tip": tip,
                     "url": client_url(a.client_id)})

    def build() -> alt.TopLevelMixin:
        return alt.Chart(alt.Data(values=rows)).mark_circle(size=70, opacity=0.8).encode(
            x=alt.X("margin:Q", title=t("Margin") + f" ({currency or ''})"),
            y=alt.Y("health:Q", title=t("Health"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("decision:N", title=t("Decision"), scale=alt.Scale(
                domain=[t(d) for d in DECISION_COLOURS], range=list(DECISION_COLOURS.values()))),
            description=alt.Description("tip:N"), href=alt.Href("url:N"),
        ).properties(width=420, height=300, title=t("Value × health"))

    return to_svg(("value-health", lang, currency, rows), build, lang)


def whale(assessments: list[Assessment], currency: str | None, lang: str) -> str:
    t = i18n.translations(lang).gettext
    curve = whatif.whale_curve([
        whatif.ClientFigures.from_metrics(a.client_id, a.client_name, a.owner,
                                          a.effective_decision.value, a.metrics)
        for a in assessments])
    rows = [{"clients_pct": 0.0, "cumulative": 0.0}] + [
        {"clients_pct": p.clients_pct, "cumulative": _major(p.cumulative_minor, currency)}
        for p in curve.points]
    peak = curve.points[curve.peak_rank - 1] if curve.peak_rank else None

    def build() -> alt.TopLevelMixin:
        x = alt.X("clients_pct:Q", title=t("Clients ranked by profit (%)"),
                  scale=alt.Scale(domain=[0, 100]))
        y = alt.Y("cumulative:Q", title=t("Cumulative profit") + f" ({currency or ''})")
        layers: list[Any] = [
            alt.Chart(alt.Data(values=rows)).mark_line(color="#1565c0").encode(x=x, y=y)]
        if peak is not None:
            marker = [{"clients_pct": peak.clients_pct,
                       "cumulative": _major(peak.cumulative_minor, currency),
                       "label": t("peak"),
                       "tip": f"{t('peak')}: {i18n.percent(peak.clients_pct / 100, 1, lang)} · "
                              f"{i18n.money(peak.cumulative_minor, currency, lang)}"}]
            layers.append(alt.Chart(alt.Data(values=marker)).mark_point(
                color="#c62828", size=120, filled=True).encode(
                    x=x, y=y, description=alt.Description("tip:N")))
            layers.append(alt.Chart(alt.Data(values=marker)).mark_text(
                dy=-12, color="#c62828").encode(x=x, y=y, text="label:N"))
        return alt.layer(*layers).properties(width=420, height=300, title=t("Whale curve"))

    return to_svg(("whale", lang, currency, rows), build, lang)


def trend(monthly: list[dict[str, Any]], currency: str | None, lang: str) -> str:
    """Revenue (net of sales tax, as the margin reads it), cash collected (gross: what the
    client paid, tax included) and cost to serve, per month. The labels say net and gross, so
    a taxed client's collections standing above its revenue is not a puzzle."""
    t = i18n.translations(lang).gettext
    names = {"revenue_minor": t("Revenue, net of sales tax"),
             "collected_minor": t("Collected, incl. sales tax"),
             "cost_minor": t("Cost to serve")}
    rows = [{"month": m["month"], "series": label, "amount": _major(m[key], currency),
             "tip": f"{m['month']} · {label}: {i18n.money(m[key], currency, lang)}"}
            for m in monthly for key, label in names.items()]

    def build() -> alt.TopLevelMixin:
        # the tooltip sits on each point; the line (one path per series) describes none of them
        base = alt.Chart(alt.Data(values=rows)).encode(
            x=alt.X("month:O", title=t("Month")),
            y=alt.Y("amount:Q", title=t("Amount") + f" ({currency or ''})"),
            color=alt.Color("series:N", title=None, sort=list(names.values()), scale=alt.Scale(
                domain=list(names.values()),
                range=[SERIES_COLOURS[key] for key in names])))
        return alt.layer(
            base.mark_line(aria=False),
            base.mark_point(filled=True).encode(description=alt.Description("tip:N")),
        ).properties(width=560, height=240, title=t("Trend by month"))

    return to_svg(("trend", lang, currency, rows), build, lang)


def portfolio_chart(name: str, assessments: list[Assessment], run: AssessmentRun | None,
                    lang: str) -> str:
    currency = run.currency if run else None
    if name == "value-health":
        return value_health(assessments, currency, lang)
    if name == "whale":
        return whale(assessments, currency, lang)
    raise PageNotFound(f"no chart {name!r}")
