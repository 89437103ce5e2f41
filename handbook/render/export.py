"""The exports for other tools: roles.json, roles.csv, skills.csv and the role file schema.

Every export is made from the handbook as its audience may see it (the caller passes the
filtered handbook), like the pages.

They are data for other programs, not pages: no HTML, and no words of the handbook's language.
The JSON keys and the CSV column headers are field names, the same in every language (an API:
`handbook import` reads roles.csv's headers back, and the career planner reads roles.json); the
values are the organisation's own text, as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from handbook import graph
from handbook.audience import Audience
from handbook.model import Handbook, role_json_schema
from handbook.relations import relate


def export_roles(handbook: Handbook, audience: Audience, urls: dict[str, str]) -> str:
    """JSON text of the handbook; `handbook` must already be filtered for `audience`.

    Besides the roles (in the data's order), it lists the departments in catalog order, each
    with its role ids most junior first, as the site's pages order them (the career planner's
    pickers group and order roles by it).
    """
    reports = graph.direct_reports(handbook.roles)
    rel = relate(handbook)
    roles: list[dict[str, Any]] = []
    for rid, role in handbook.roles.items():
        data = role.model_dump(mode="json", exclude_none=True)
        data["id"] = rid
        data["url"] = urls.get(rid)
        data["department"] = {
            "id": role.department,
            "name": handbook.departments[role.department].name,
        }
        level = handbook.levels[role.level]
        data["level"] = {"id": level.id, "name": level.name, "rank": level.rank}
        data["reporting_chain"] = graph.reporting_chain(handbook.roles, rid)
        data["direct_reports"] = reports[rid]
        data["skills"] = [
            {"id": s.skill, "name": handbook.skills[s.skill].name, "level": s.level}
            for s in role.skills
        ]
        data["kpis"] = [
            {
                "id": k.kpi,
                "name": handbook.kpis[k.kpi].name,
                "unit": handbook.kpis[k.kpi].unit,
                "better": handbook.kpis[k.kpi].better.value,
                **({"target": k.target, "basis": k.basis.value} if k.target else {}),
            }
            for k in role.kpis
        ]
        if role.salary is not None:
            data["salary"]["currency"] = handbook.currency(rid)
        for move in data.get("progression", []):
            move["title"] = handbook.roles[move["to"]].title if "to" in move else move["outside"]
        roles.append({"id": data.pop("id"), **data})
    document = {
        "organisation": handbook.settings.organisation,
        "audience": audience.value,
        "currency": handbook.settings.currency,
        "departments": [
            {"id": dept, "name": info.name, "roles": rel.members.get(dept, [])}
            for dept, info in handbook.departments.items()
        ],
        "roles": roles,
    }
    # Compact: the career planner downloads it, and json's C encoder writes only this form.
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The JSON Schema of role files, as committed and published."""
    return json.dumps(role_json_schema(), indent=2, ensure_ascii=False) + "\n"


# A cell a spreadsheet would read as a formula gets a leading apostrophe, which spreadsheets
# show as text (OWASP's advice on CSV injection): one that starts with =, +, -, @, a tab or a
# line break, also after spaces (some spreadsheets trim them on import), or with the fullwidth
# forms of those signs (which spreadsheets in East Asian locales read as the ASCII ones). Every
# cell is written through it, the header row too: the skills matrix's columns are skill names.
_FORMULA = re.compile("^[ \u00a0\u3000]*[=+\\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


# The columns of roles.csv, in order (`handbook import` reads the same names back).
ROLES_COLUMNS = (
    "id",
    "title",
    "aliases",
    "department",
    "level",
    "level_rank",
    "reports_to",
    "reports_to_title",
    "pay_min",
    "pay_max",
    "pay_currency",
    "pay_period",
)


def roles_csv(handbook: Handbook) -> str:
    """One row per role, most junior first within each department, for HR tools."""
    rel = relate(handbook)
    header = list(ROLES_COLUMNS)
    rows = []
    for dept in handbook.departments:
        for rid in rel.members.get(dept, []):
            role = handbook.roles[rid]
            level = handbook.levels[role.level]
            manager = role.reports_to
            pay = role.salary
            rows.append(
                [
                    rid,
                    role.title,
                    "; ".join(role.aliases),
                    handbook.departments[dept].name,
                    level.name,
                    level.rank,
                    manager or "",
                    handbook.roles[manager].title if manager else "",
                    pay.min if pay else "",
                    (pay.max if pay.max is not None else "") if pay else "",
                    handbook.currency(rid) if pay else "",
                    pay.period.value if pay else "",
                ]
            )
    return _csv(header, rows)


def skills_csv(handbook: Handbook) -> str:
    """The skills matrix: one row per role, one column per skill, the proficiency (1–5) needed."""
    rel = relate(handbook)
    skills = list(handbook.skills)
    header = ["id", "title", *(handbook.skills[s].name for s in skills)]
    rows = []
    for dept in handbook.departments:
        for rid in rel.members.get(dept, []):
            role = handbook.roles[rid]
            need = {s.skill: s.level for s in role.skills}
            rows.append([rid, role.title, *(need.get(s, "") for s in skills)])
    return _csv(header, rows)


def exports(handbook: Handbook, audience: Audience, urls: dict[str, str]) -> dict[str, str]:
    """Every export by file name; `handbook` must already be filtered for `audience`."""
    return {
        "roles.json": export_roles(handbook, audience, urls),
        "roles.csv": roles_csv(handbook),
        "skills.csv": skills_csv(handbook),
        "role.schema.json": schema_text(),
    }
