"""roles.json: every role as its audience may see it, with references resolved, for other tools."""

from __future__ import annotations

import json
from typing import Any

from handbook import graph
from handbook.audience import Audience
from handbook.model import Handbook


def export_roles(handbook: Handbook, audience: Audience, urls: dict[str, str]) -> str:
    """JSON text of the handbook; `handbook` must already be filtered for `audience`."""
    reports = graph.direct_reports(handbook.roles)
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
                **({"target": k.target} if k.target else {}),
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
        "roles": roles,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
