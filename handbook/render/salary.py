"""Salary bands as bar charts drawn at build time: one chart per currency and pay period.

Bands are never put on one axis with another currency or period. The axis runs from zero to a
round figure above the highest band, with ticks at 1, 2, 2.5 or 5 times a power of ten, so any
amount (JPY millions, hourly rates, a top of 10^12) gets a readable scale. A band with no top
("over 100,000") runs to the end of the axis and fades out. The chart is HTML and CSS, so on a
phone each role's title sits above its bar and nothing needs to scroll; every figure is also
written out as text.

Search reads each row as a section of the page: the role's title is the row's heading (an `h3`
with an id, which the table of contents does not list), its band the text under it ("USD
38,000–44,000 per year"), so a search for the role lists its band on the salary page, and the
result opens the chart at that row. The levels, bars and axis stay out of the index.
"""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal

from handbook.model import Basis, Period, Salary
from handbook.render import markup, own
from handbook.render.context import Context
from handbook.render.role import a, salary_text

_PERIOD_ORDER = {Period.YEAR: 0, Period.MONTH: 1, Period.HOUR: 2}
# Between a row's title, level and band, for screen readers and search: "Team Leader, Lead, …".
_COMMA = '<span class="hb-sr-only">,</span>'


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


def compact(amount: float) -> str:
    """A tick label: '40K', '2.5M', '1T'."""
    return str(format_compact_decimal(amount, locale="en", fraction_digits=1))


def salary_bands(ctx: Context) -> str:
    """One chart per currency and period, each role's band as a bar, senior roles first."""
    handbook = ctx.handbook
    groups: dict[tuple[str, Period], list[str]] = {}
    for dept in handbook.departments:
        for rid in ctx.relations.members.get(dept, []):
            salary = handbook.roles[rid].salary
            if salary is not None:
                groups.setdefault((handbook.currency(rid), salary.period), []).append(rid)
    if not groups:
        return "No salary bands are published in this handbook."
    parts = []
    for (currency, period), rids in sorted(
        groups.items(), key=lambda item: (item[0][0], _PERIOD_ORDER[item[0][1]])
    ):
        rids.sort(key=lambda rid: (-handbook.rank(rid), handbook.roles[rid].title.casefold()))
        parts += [
            f"## {markup.md(currency)} per {period.value}",
            "",
            _chart(ctx, rids, currency, period),
            "",
        ]
    sources = "".join(
        f"<li>{a(ctx, rid)}: {markup.html(handbook.roles[rid].salary.source)}</li>"  # type: ignore[union-attr]
        for rids in groups.values()
        for rid in rids
    )
    if any(
        handbook.roles[rid].salary.basis is Basis.OWN  # type: ignore[union-attr]
        for rids in groups.values()
        for rid in rids
    ):
        parts += [own.note(ctx), ""]
    parts.append(
        '<details class="hb-fold" data-search-exclude="true"><summary>Where the figures come '
        f'from</summary><ul class="hb-list">{sources}</ul></details>'
    )
    return "\n".join(parts)


def _chart(ctx: Context, rids: list[str], currency: str, period: Period) -> str:
    handbook = ctx.handbook
    salaries = [handbook.roles[rid].salary for rid in rids]
    top = max((s.max if s.max is not None else s.min) for s in salaries if s is not None)
    ticks = nice_ticks(top * 1.05)
    end = ticks[-1]
    rows = []
    for rid in rids:
        role = handbook.roles[rid]
        salary = role.salary
        assert salary is not None
        left = 100 * salary.min / end
        if salary.max is None:
            width, css = 100 - left, " hb-band__bar--open"
        else:
            width, css = max(100 * (salary.max - salary.min) / end, 0.6), ""
        level = handbook.levels[role.level].name
        rows.append(
            f'<li class="hb-band"><h3 class="hb-band__head" id="{anchor(rid)}">'
            f'<span class="hb-band__role">{a(ctx, rid)} <span class="hb-muted" '
            f'data-search-exclude="true">{_COMMA}{markup.html(level)}{_COMMA}</span></span></h3>'
            f'<span class="hb-band__track" aria-hidden="true"><span class="hb-band__bar{css}" '
            f'style="left:{left:.2f}%;width:{width:.2f}%"></span></span>'
            f'<span class="hb-band__figures">{_figures(ctx, rid)}{_own(ctx, salary)}</span></li>'
        )
    axis = "".join(
        f'<span class="hb-band__tick" style="left:{100 * tick / end:.2f}%">'
        f"{markup.html(compact(tick))}</span>"
        for tick in ticks
    )
    label = f"Salary bands in {currency} per {period.value}"
    return (
        f'<figure class="hb-bands" aria-label="{markup.html(label)}" '
        f'style="--hb-ticks:{len(ticks) - 1}">'
        f'<ol class="hb-bands__rows">{"".join(rows)}</ol>'
        '<div class="hb-band hb-band--axis" aria-hidden="true" data-search-exclude="true">'
        '<span class="hb-band__role"></span>'
        f'<span class="hb-band__axis">{axis}</span><span class="hb-band__figures"></span></div>'
        "</figure>"
    )


def anchor(rid: str) -> str:
    """The id of a role's row on the salary page (role ids are lower-case ASCII words)."""
    return f"pay-{rid}"


def _own(ctx: Context, salary: Salary) -> str:
    """The own-figure mark after a band, read as "…, own figure"."""
    mark = own.marker(ctx, salary.basis)
    return _COMMA + mark if mark else ""


def _figures(ctx: Context, rid: str) -> str:
    """The band as HTML, its period said only to screen readers and search (the chart's
    heading shows it): 'USD 32,000–35,000', read as 'USD 32,000–35,000 per year'."""
    text = salary_text(ctx, rid) or ""
    salary = ctx.handbook.roles[rid].salary
    if salary is None:
        return markup.html(text)
    band, period, rest = text.partition(f" per {salary.period.value}")
    if not period:
        return markup.html(text)
    return f'{markup.html(band)}<span class="hb-sr-only">{period}</span>{markup.html(rest)}'
