"""Salary bands by level as an accessible SVG bar chart, drawn at build time, with a text table."""

from __future__ import annotations

from handbook.render import markup
from handbook.render.context import Context
from handbook.render.role import link, salary_text

ROW, LABEL, WIDTH, PAD = 34, 250, 760, 12


def _ticks(top: int) -> list[int]:
    step = next(s for s in (10_000, 20_000, 25_000, 50_000, 100_000) if top / s <= 8)
    return list(range(0, top + 1, step))


def salary_bands(ctx: Context) -> str:
    """One bar per role with a visible band, grouped by level, most senior first."""
    handbook = ctx.handbook
    banded = [rid for rid, role in handbook.roles.items() if role.salary is not None]
    if not banded:
        return "No salary bands are published in this handbook."
    banded.sort(key=lambda rid: (-handbook.rank(rid), handbook.roles[rid].title))
    currencies = {handbook.currency(rid) for rid in banded}
    top = max(
        handbook.roles[rid].salary.max or handbook.roles[rid].salary.min  # type: ignore[union-attr]
        for rid in banded
    )
    ticks = _ticks(int(top * 1.05) + 1)
    scale = (WIDTH - LABEL - PAD * 2) / ticks[-1]
    height = ROW * len(banded) + 40
    title = f"Salary bands by role ({', '.join(sorted(currencies))} per year)"
    parts = [
        f'<figure class="hb-salary"><svg class="hb-salary__chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="hb-salary-title hb-salary-desc">',
        f'<title id="hb-salary-title">{markup.html(title)}</title>',
        '<desc id="hb-salary-desc">Each bar spans a role\'s band from its minimum to its maximum; '
        "the table below gives the same figures.</desc>",
    ]
    for tick in ticks:
        x = LABEL + PAD + tick * scale
        parts.append(
            f'<line class="hb-salary__grid" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 24}"/>'
            f'<text class="hb-salary__tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{tick // 1000}k</text>"
        )
    for row, rid in enumerate(banded):
        role = handbook.roles[rid]
        salary = role.salary
        assert salary is not None
        y = row * ROW + 6
        x0, x1 = LABEL + PAD + salary.min * scale, LABEL + PAD + (salary.max or top) * scale
        band = salary_text(ctx, rid) or ""
        parts.append(
            f'<a href="{ctx.links.url(rid)}"><text class="hb-salary__label" x="{LABEL}" '
            f'y="{y + 17}" text-anchor="end">{markup.html(role.title)}</text></a>'
            f'<rect class="hb-salary__bar hb-level--{role.level}" x="{x0:.1f}" y="{y}" '
            f'width="{max(x1 - x0, 3):.1f}" height="{ROW - 12}" rx="4">'
            f"<title>{markup.html(role.title)}: {markup.html(band)}</title></rect>"
        )
    parts.append("</svg></figure>")
    rows = [
        [
            link(ctx, rid),
            markup.md(handbook.levels[handbook.roles[rid].level].name),
            markup.md(salary_text(ctx, rid) or ""),
            markup.md(handbook.roles[rid].salary.source),  # type: ignore[union-attr]
        ]
        for rid in banded
    ]
    return "".join(parts) + "\n\n" + markup.table(["Role", "Level", "Band", "Source"], rows)
