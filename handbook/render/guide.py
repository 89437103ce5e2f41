"""The writers' guide's list of mistakes, each with the messages the checks really print."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handbook import names
from handbook.mistakes import demonstrations
from handbook.problems import did_you_mean
from handbook.render import markup
from handbook.render.context import Context, RenderError
from handbook.scaffold import NewRole, slug


def check_messages(ctx: Context | None = None) -> str:
    """One section per mistake: its messages as the checker prints them, meaning and fix.

    The mistakes are made on the example handbook shipped with the package, so the output does
    not depend on the organisation's data (`ctx` is accepted for a uniform macro signature).
    The meaning and fix are the guide's own Markdown; the messages are shown verbatim.
    """
    parts = []
    for demo in demonstrations():
        mistake = demo.mistake
        messages = "\n".join(str(problem) for problem in demo.problems)
        parts.append(
            f"### {markup.md(mistake.title)}\n\n"
            f"```text\n{messages}\n```\n\n"
            f"**What it means.** {mistake.meaning}\n\n"
            f"**How to fix it.** {mistake.fix}\n"
        )
    return "\n".join(parts)


def id_list(ctx: Context, catalog: str) -> str:
    """The ids of one catalog of this handbook, with their names, in catalog order."""
    catalogs: dict[str, Mapping[str, Any]] = {
        "departments": ctx.handbook.departments,
        "levels": dict(sorted(ctx.handbook.levels.items(), key=lambda item: item[1].rank)),
        "skills": ctx.handbook.skills,
        "kpis": ctx.handbook.kpis,
    }
    if catalog not in catalogs:
        raise RenderError(
            f"unknown catalog {catalog!r}{did_you_mean(catalog, catalogs)}: use one of "
            + ", ".join(catalogs)
        )
    entries = catalogs[catalog]
    if not entries:
        return "*none yet*"
    return ", ".join(
        f"`{markup.md(key)}` ({markup.md(entry.name)})" for key, entry in entries.items()
    )


EXAMPLE_TITLES = ("Floor Coach", "Floor Support Coach", "Contact Coach")


def _example_role(ctx: Context) -> NewRole | None:
    """A new role that fits this handbook, for the guide's example command."""
    handbook = ctx.handbook
    members = ctx.relations.members
    if not handbook.roles:
        return None
    department = max(members, key=lambda d: len(members[d]))
    staff = members[department]
    if not staff:
        return None
    manager = staff[-1]  # the most senior role of the largest department
    levels = sorted(handbook.levels.values(), key=lambda level: level.rank)
    manager_rank = handbook.levels[handbook.roles[manager].level].rank
    level = next((lv for lv in levels if lv.rank < manager_rank), levels[0])
    # Compared as `check` and `new-role` compare titles: as they look.
    taken = {names.lookalike_key(r.title) for r in handbook.roles.values()}
    taken |= {names.lookalike_key(a) for r in handbook.roles.values() for a in r.aliases}
    title = next(
        (t for t in EXAMPLE_TITLES if names.lookalike_key(t) not in taken), "Example Coach 2"
    )
    role_id = slug(title)
    if role_id in handbook.roles:
        return None
    return NewRole(role_id, title, department, level.id, manager)


def new_role_example(ctx: Context) -> str:
    """The guide's `handbook new-role` command, with ids from this handbook, and what it writes."""
    new = _example_role(ctx)
    if new is None:
        return "*Add a department, a level and a first role to see an example command here.*"
    command = (
        f'.venv/bin/handbook new-role "{new.title}" --department {new.department} '
        f"--level {new.level} --reports-to {new.reports_to}"
    )
    return "\n".join(
        [
            "```sh",
            command,
            "```",
            "",
            "It writes one file:",
            "",
            f"- `roles_data/roles/{new.role_id}.yml`, the role's facts. Every field is there with "
            "a comment saying what it is for, and every fact the command cannot know holds a "
            'placeholder such as `"<FILL IN: two or three sentences on why the role exists>"`.',
            "",
            f"With `--page` it also writes `docs/roles/{new.department}/{new.role_id}.md`, a "
            "page for your own words about the role (see [Add your own words to a role "
            "page](#add-your-own-words-to-a-role-page)). The role's page and its place in the "
            "navigation come from the data: nothing else needs editing.",
        ]
    )


def new_role_refusal(ctx: Context) -> str:
    """What `handbook new-role` prints for the example command with a misspelt department."""
    new = _example_role(ctx)
    if new is None:
        return ""
    typo = new.department[:-1] if len(new.department) > 1 else new.department + "x"
    departments = list(ctx.handbook.departments)
    lines = [
        f"handbook new-role: --department: unknown department {typo!r}"
        f"{did_you_mean(typo, departments)}",
        "handbook new-role: nothing was written",
    ]
    return "```text\n" + "\n".join(lines) + "\n```"


def preview_error_example(ctx: Context | None = None) -> str:
    """The line `make serve` prints for a misspelt id, from the guide's example mistakes."""
    for demo in demonstrations():
        if demo.mistake.title.startswith("An unknown role"):
            return "```text\nERROR   -  " + str(demo.problems[0]) + "\n```"
    return ""  # pragma: no cover - the mistake is defined in handbook/mistakes.py
