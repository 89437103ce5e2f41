"""What every renderer needs: the handbook as its audience sees it, and links from the page."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.audience import Audience
from handbook.model import Handbook
from handbook.problems import did_you_mean
from handbook.render.links import Links


class RenderError(Exception):
    """A writer's mistake in a page (an unknown id, say); the message says how to fix it."""


@dataclass(frozen=True)
class Context:
    handbook: Handbook
    links: Links
    audience: Audience = Audience.PUBLIC
    edit_base: str | None = None  # e.g. 'https://github.com/org/repo/edit/main/'

    def resolve(self, role_id: str | None) -> str:
        """`role_id` when it names a role, else a RenderError naming the closest id."""
        if not role_id:
            raise RenderError(
                "no role given: pass a role id or name one in the page's front matter "
                "('role: team-leader')"
            )
        if role_id not in self.handbook.roles:
            hint = did_you_mean(role_id, self.handbook.roles)
            raise RenderError(f"unknown role {role_id!r}{hint}")
        return role_id

    def department(self, department: str | None) -> str | None:
        if department is not None and department not in self.handbook.departments:
            hint = did_you_mean(department, self.handbook.departments)
            raise RenderError(f"unknown department {department!r}{hint}")
        return department

    def title(self, role_id: str) -> str:
        return self.handbook.roles[role_id].title
