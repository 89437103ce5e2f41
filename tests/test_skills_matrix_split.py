"""The skills matrix of a large department: several tables of at most MATRIX_ROLES roles, as
even as can be, that together name each role once, junior first (tests/orggen.py's data)."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.audience import Audience, publish
from handbook.relations import relate
from handbook.render.context import Context
from handbook.render.links import Links
from handbook.render.tables import MATRIX_ROLES, skills_matrix
from handbook.site import plan_site
from tests.orggen import generate

TABLE = re.compile(r"<table class=\"hb-table hb-matrix\".*?</table>", re.S)
ROLE_HEAD = re.compile(
    r'<th scope="col" class="hb-matrix__role"><span class="hb-matrix__title">'
    r'<a href="([^"]+)">'
)


def test_a_large_department_is_split_into_even_tables(tmp_path: Path) -> None:
    org = generate(tmp_path / "data", 120)
    published = publish(org.root, Audience.PUBLIC)
    handbook, relations = published.handbook, relate(published.handbook)
    plan = plan_site(handbook, relations, published.broken, [])
    ctx = Context(
        handbook, Links("reference/skills.md", plan.role_pages, True), relations=relations
    )
    sizes = {d: len(relations.members.get(d, [])) for d in handbook.departments}
    large = [d for d, n in sizes.items() if n > MATRIX_ROLES]
    small = [d for d, n in sizes.items() if 0 < n <= MATRIX_ROLES]
    assert large, sizes
    for dept in large + small:
        members = relations.members[dept]
        out = skills_matrix(ctx, dept)
        tables = TABLE.findall(out)
        counts = [len(ROLE_HEAD.findall(table)) for table in tables]
        assert len(tables) == -(-len(members) // MATRIX_ROLES), dept
        assert max(counts) <= MATRIX_ROLES and max(counts) - min(counts) <= 1, counts
        links = [href for table in tables for href in ROLE_HEAD.findall(table)]
        assert links == [ctx.links.url(rid) for rid in members], dept
        if len(tables) > 1:
            assert f"Roles 1–{counts[0]} of {len(members)}</caption>" in tables[0]
            assert (
                f'aria-label="Skills matrix of {handbook.departments[dept].name}, roles 1–' in out
            )
        else:
            assert "<caption" not in out
