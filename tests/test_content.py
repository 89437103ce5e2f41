"""The example's content keeps its promises, and what a writer reads about starting over works.

Checks over whatever handbook is in roles_data/ (no role is named): every role has a pay band,
pay rises with the level, a move up a level is not called lateral, and every figure marked as
the organisation's own is marked on the page and chart that show it. Then the marks themselves
on fixture data, the plurals of generated sentences, and the README's "Start your own handbook"
steps, run as written on a copy of the project.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from handbook.audience import Audience, for_audience
from handbook.i18n import ENGLISH
from handbook.model import Basis, Handbook, MoveKind
from handbook.render import general, own, phrases, role, salary
from handbook.render.context import Context
from handbook.render.links import Links
from handbook.validation import read_handbook
from tests.conftest import FIXTURES
from tests.site import ROOT, build, make_project

EXAMPLE = ROOT / "roles_data"
MARK = '<span class="hb-own" title="'


def example() -> Handbook:
    result = read_handbook(EXAMPLE)
    assert result.ok, [str(p) for p in result.errors]
    return result.handbook


# ---- the example's data -----------------------------------------------------------------------


def test_every_role_of_the_example_has_a_pay_band() -> None:
    handbook = example()
    missing = [rid for rid, r in handbook.roles.items() if r.salary is None]
    assert missing == []


def test_pay_rises_with_the_level_in_the_example() -> None:
    """No band starts above the start of a band at a higher level (same currency and period)."""
    handbook = example()
    bands = [
        (rid, handbook.currency(rid), r.salary.period, r.salary.min)
        for rid, r in handbook.roles.items()
        if r.salary
    ]
    wrong = [
        (low[0], high[0])
        for low in bands
        for high in bands
        if low[1:3] == high[1:3]
        and handbook.rank(low[0]) < handbook.rank(high[0])
        and low[3] > high[3]
    ]
    assert wrong == []


def test_no_move_up_a_level_is_called_lateral_in_the_example() -> None:
    handbook = example()
    wrong = [
        (rid, move.to)
        for rid, r in handbook.roles.items()
        for move in r.progression
        if move.kind is MoveKind.LATERAL
        and move.to is not None
        and handbook.rank(move.to) > handbook.rank(rid)
    ]
    assert wrong == []


def test_the_examples_own_bands_say_so_in_their_source_notes() -> None:
    handbook = example()
    organisation = handbook.settings.organisation.split()[0]
    for rid, r in handbook.roles.items():
        assert r.salary is not None
        says_own = f"{organisation}'s own band" in r.salary.source
        assert says_own == (r.salary.basis is Basis.OWN), rid
        if r.salary.basis is Basis.OWN:
            assert r.sources and f"band is {organisation}'s own" in r.sources, rid


def test_no_pay_note_calls_a_range_an_average() -> None:
    handbook = example()
    notes = [r.salary.source for r in handbook.roles.values() if r.salary]
    notes += handbook.settings.notes.salaries
    assert [n for n in notes if "average" in n.casefold()] == []


# ---- the example's pages: own figures marked where they are shown ----------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("content")
    project = make_project(tmp / "project")
    built = build(project, tmp / "site")
    assert built.code == 0, built.log
    yield built.site


def _own_figures(handbook: Handbook, rid: str) -> int:
    """How many marks a role's page shows: its band (in the facts at the top), each own
    KPI target, each own typical time of a move out of it and into it, and the bands of each
    move out (in its details)."""
    r = handbook.roles[rid]
    mine = r.salary is not None and r.salary.basis is Basis.OWN
    count = 1 if mine else 0  # the band in the facts at the top (role_salary is not in role_page)
    count += sum(1 for k in r.kpis if k.target and k.basis is Basis.OWN)
    for move in r.progression:
        count += move.typical_months.basis is Basis.OWN
        if move.to is None:
            continue
        theirs = handbook.roles[move.to].salary
        if r.salary is not None or theirs is not None:  # the move's "Pay: A → B"
            count += mine + (theirs is not None and theirs.basis is Basis.OWN)
    count += sum(
        1
        for other in handbook.roles.values()
        for move in other.progression
        if move.to == rid and move.typical_months.basis is Basis.OWN
    )
    return count


def test_every_own_figure_is_marked_on_its_roles_page(example_site: Path) -> None:
    handbook = for_audience(example(), Audience.PUBLIC)
    explanation = html.escape(
        f"{handbook.settings.organisation} itself, not taken from a source", quote=True
    )
    for rid, r in handbook.roles.items():
        page = (example_site / "roles" / r.department / rid / "index.html").read_text("utf-8")
        marks = page.count(MARK)
        assert marks == _own_figures(handbook, rid), rid
        if marks:  # explained on the page in words, not only in a tooltip
            assert f'<span class="hb-own">{own.LABEL}</span>: set by {explanation}' in page, rid


def test_every_own_band_is_marked_on_the_salary_chart(example_site: Path) -> None:
    handbook = for_audience(example(), Audience.PUBLIC)
    page = (example_site / "reference" / "salaries" / "index.html").read_text("utf-8")
    own_bands = [r for r in handbook.roles.values() if r.salary and r.salary.basis is Basis.OWN]
    assert own_bands
    assert page.count(MARK) == len(own_bands)
    assert f'<span class="hb-own">{own.LABEL}</span>: set by' in page


# ---- the marks, on data nobody tuned them to ---------------------------------------------------


def _fixture_context(own_figures: bool) -> Context:
    handbook = read_handbook(FIXTURES / "valid").handbook
    if own_figures:
        roles = {}
        for rid, r in handbook.roles.items():
            update: dict[str, object] = {
                "kpis": [k.model_copy(update={"basis": Basis.OWN}) for k in r.kpis],
                "progression": [
                    m.model_copy(
                        update={
                            "typical_months": m.typical_months.model_copy(
                                update={"basis": Basis.OWN}
                            )
                        }
                    )
                    for m in r.progression
                ],
            }
            if r.salary is not None:
                update["salary"] = r.salary.model_copy(update={"basis": Basis.OWN})
            roles[rid] = r.model_copy(update=update)
        handbook = dataclasses.replace(handbook, roles=roles)
    pages = {rid: f"roles/{r.department}/{rid}.md" for rid, r in handbook.roles.items()}
    return Context(handbook, Links("roles/operations/agent.md", pages))


def test_own_figures_are_marked_and_explained_in_the_sections_that_show_them() -> None:
    ctx = _fixture_context(own_figures=True)
    organisation = ctx.handbook.settings.organisation
    agent = ctx.handbook.roles["agent"]
    for section, expected in (
        (role.role_summary, 1),
        (role.role_salary, 1),
        (role.role_kpis, sum(1 for k in agent.kpis if k.target)),
    ):
        text = section(ctx, "agent")
        assert text.count(MARK) == expected, section.__name__
    for section in (role.role_salary, role.role_kpis, role.role_next_steps):
        assert f"set by {organisation} itself" in section(ctx, "agent"), section.__name__
    steps = role.role_next_steps(ctx, "agent")
    assert re.search(r"typically after [^<]+ <span class=\"hb-own\"", steps)
    assert MARK in salary.salary_bands(ctx)


def test_sourced_figures_carry_no_mark() -> None:
    ctx = _fixture_context(own_figures=False)
    assert MARK not in role.role_page(ctx, "agent")
    assert "hb-own" not in salary.salary_bands(ctx)


# ---- plurals -----------------------------------------------------------------------------------


def test_plural_forms_follow_the_count() -> None:
    assert ENGLISH.ngettext("%(num)s role", "%(num)s roles", 1) == "1 role"
    assert ENGLISH.ngettext("%(num)s role", "%(num)s roles", 0) == "0 roles"
    assert ENGLISH.ngettext("%(num)s year", "%(num)s years", 2.5) == "2.5 years"


def test_generated_sentences_agree_with_one() -> None:
    ctx = _fixture_context(own_figures=False)
    one = dataclasses.replace(
        ctx.handbook, roles={"agent": ctx.handbook.roles["agent"].model_copy()}
    )
    single = Context(one, ctx.links)
    assert general.roles_described(single) == "the one role"
    assert general.roles_described(ctx) == f"all {len(ctx.handbook.roles)} roles"
    english = ENGLISH
    assert (
        phrases.years(english, 1),
        phrases.years(english, 3),
        phrases.months(english, 12, 12),
    ) == (
        "1 year",
        "3 years",
        "1 year",
    )


# ---- the README's own-handbook steps ---------------------------------------------------------


def _readme_steps() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Start your own handbook", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_installs_before_it_runs_an_installed_tool() -> None:
    steps = _readme_steps()
    installed = [i for i, step in enumerate(steps) if step.startswith("make install")]
    uses = [i for i, step in enumerate(steps) if ".venv/bin/" in step]
    assert installed and uses and installed[0] < min(uses), steps
    # What the steps run from .venv/bin is what `make install` puts there.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\):.*\n(?:\t.*\n)*\t.*pip install .*-e \.", makefile, re.M)
    for step in steps:
        for tool in re.findall(r"\.venv/bin/([\w-]+)", step):
            assert (ROOT / ".venv" / "bin" / tool).is_file(), tool
