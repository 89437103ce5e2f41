"""Salary bands as bar charts drawn at build time: one chart per currency and pay period.

Bands are never put on one axis with another currency or period. The axis runs from zero to a
round figure above the highest band, with ticks at 1, 2, 2.5 or 5 times a power of ten, so any
amount (JPY millions, hourly rates, a top of 10^12) gets a readable scale. A band with no top
("over 100,000") runs to the end of the axis and fades out. The chart is HTML and CSS, so on a
phone each role's title sits above its bar and nothing needs to scroll; every figure is also
written out as text, in the handbook's language.

Search reads each row as a section of the page: the role's title is the row's heading (an `h3`
with an id, which the table of contents does not list), its band the text under it ("USD
38,000–44,000 per year"), so a search for the role lists its band on the salary page, and the
result opens the chart at that row. The levels, bars and axis stay out of the index.

This module works out the charts (which roles, their order, the axis and each bar's place) and
the words that depend on the currency and period; the template salary/bands.md writes them.
"""

from __future__ import annotations

import math
from typing import Any

from babel import Locale
from babel.numbers import format_compact_decimal

from handbook.i18n import Language
from handbook.model import Basis, Period, Salary, Visibility
from handbook.render import phrases
from handbook.render.context import Context

_PERIOD_ORDER = {Period.YEAR: 0, Period.MONTH: 1, Period.HOUR: 2}


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Ticks from 0 past `top`, at a round step: 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def compact(amount: float, locale: Locale | str = "en") -> str:
    """A tick label in the locale's short form: '40K', '2.5M', '1T' in English."""
    return str(format_compact_decimal(amount, locale=locale, fraction_digits=1))


def salary_bands(ctx: Context) -> str:
    """One chart per currency and period, each role's band as a bar, senior roles first."""
    handbook = ctx.handbook
    groups: dict[tuple[str, Period], list[str]] = {}
    for dept in handbook.departments:
        for rid in ctx.relations.members.get(dept, []):
            salary = handbook.roles[rid].salary
            if salary is not None:
                groups.setdefault((handbook.currency(rid), salary.period), []).append(rid)
    charts = []
    for (currency, period), rids in sorted(
        groups.items(), key=lambda item: (item[0][0], _PERIOD_ORDER[item[0][1]])
    ):
        rids.sort(key=lambda rid: (-handbook.rank(rid), handbook.roles[rid].title.casefold()))
        charts.append(_chart(ctx, rids, currency, period))
    # Sources follow the charts' first sight of each currency and period, senior roles first.
    shown = [rid for rids in groups.values() for rid in rids]
    return ctx.render(
        "salary/bands.md",
        charts=charts,
        organisation=handbook.settings.organisation,
        marked=any(_salary(ctx, rid).basis is Basis.OWN for rid in shown),
        sources=[
            {"url": ctx.links.url(rid), "title": ctx.title(rid), "source": _salary(ctx, rid).source}
            for rid in shown
        ],
    )


def _salary(ctx: Context, rid: str) -> Salary:
    """The band of a role that has one (the charts hold no other)."""
    salary = ctx.handbook.roles[rid].salary
    assert salary is not None
    return salary


def _chart(ctx: Context, rids: list[str], currency: str, period: Period) -> dict[str, Any]:
    """One chart's view: its words, its axis, and a row per role."""
    handbook = ctx.handbook
    salaries = [_salary(ctx, rid) for rid in rids]
    top = max((s.max if s.max is not None else s.min) for s in salaries)
    ticks = nice_ticks(top * 1.05)
    end = ticks[-1]
    rows = []
    for rid, salary in zip(rids, salaries, strict=True):
        left = 100 * salary.min / end
        if salary.max is None:
            width = 100 - left
        else:
            width = max(100 * (salary.max - salary.min) / end, 0.6)
        figures = phrases.figures(ctx.language, salary.min, salary.max)
        rows.append(
            {
                "anchor": anchor(rid),
                "url": ctx.links.url(rid),
                "title": ctx.title(rid),
                "level": handbook.levels[handbook.roles[rid].level].name,
                "band": ctx.language.gettext(
                    "%(currency)s %(figures)s", currency=currency, figures=figures
                ),
                "internal": salary.visibility is Visibility.INTERNAL,
                "open": salary.max is None,
                "left": left,
                "width": width,
                "basis": salary.basis,
            }
        )
    return {
        **_period_words(ctx.language, currency, period),
        "ticks": [
            {"left": 100 * tick / end, "label": compact(tick, ctx.language.locale)}
            for tick in ticks
        ],
        "rows": rows,
    }


def _period_words(language: Language, currency: str, period: Period) -> dict[str, str]:
    """A chart's heading and label, and the words said after each band ('per year')."""
    if period is Period.YEAR:
        return {
            "heading": language.gettext("%(currency)s per year", currency=currency),
            "label": language.gettext("Salary bands in %(currency)s per year", currency=currency),
            "per": language.gettext("per year"),
        }
    if period is Period.MONTH:
        return {
            "heading": language.gettext("%(currency)s per month", currency=currency),
            "label": language.gettext("Salary bands in %(currency)s per month", currency=currency),
            "per": language.gettext("per month"),
        }
    return {
        "heading": language.gettext("%(currency)s per hour", currency=currency),
        "label": language.gettext("Salary bands in %(currency)s per hour", currency=currency),
        "per": language.gettext("per hour"),
    }


def anchor(rid: str) -> str:
    """The id of a role's row on the salary page (role ids are lower-case ASCII words)."""
    return f"pay-{rid}"
