"""The writers' guide's list of mistakes, each with the messages the checks really print.

The guide's sections are the templates under guide/, in the handbook's language; what the
tools print (the checker's messages, `handbook new-role`'s refusal, `make serve`'s error line)
is shown as they print it, in code blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handbook import names
from handbook.mistakes import demonstrations
from handbook.model import MAX_ID, MAX_LINE, MAX_PAY, MAX_TEXT
from handbook.problems import did_you_mean
from handbook.render.context import Context, RenderError
from handbook.render.templating import templates
from handbook.scaffold import NewRole, slug


def check_messages(ctx: Context | None = None) -> str:
    """One section per mistake (template guide/check_messages.md): its messages as the checker
    prints them, meaning and fix.

    The mistakes are made on the example handbook shipped with the package, so the output does
    not depend on the organisation's data (`ctx` gives the language and the project's templates;
    without it, the package's in English). The meaning and fix are the guide's own Markdown; the
    messages are shown verbatim.
    """
    found = ctx.templates if ctx is not None else templates()
    language = found.language
    limits = {"max_line": MAX_LINE, "max_text": MAX_TEXT, "max_id": MAX_ID, "max_pay": MAX_PAY}
    mistakes = [
        {
            "title": language.gettext(demo.mistake.title),
            "messages": "\n".join(str(problem) for problem in demo.problems),
            "meaning": language.gettext(demo.mistake.meaning, **limits)
            if "%(" in demo.mistake.meaning
            else language.gettext(demo.mistake.meaning),
            "fix": language.gettext(demo.mistake.fix),
        }
        for demo in demonstrations()
    ]
    return found.render("guide/check_messages.md", mistakes=mistakes) + "\n"


def id_list(ctx: Context, catalog: str) -> str:
    """The ids of one catalog of this handbook, with their names, in catalog order (template
    guide/id_list.md)."""
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
    entries = [(key, entry.name) for key, entry in catalogs[catalog].items()]
    return ctx.render("guide/id_list.md", entries=entries)


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
    """The guide's `handbook new-role` command, with ids from this handbook, and what it writes
    (template guide/new_role_example.md)."""
    return ctx.render("guide/new_role_example.md", new=_example_role(ctx))


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
