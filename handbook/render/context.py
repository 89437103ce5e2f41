"""What every renderer needs: the handbook as its audience sees it, and links from the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handbook.audience import Audience
from handbook.i18n import Language
from handbook.model import Handbook
from handbook.problems import did_you_mean
from handbook.relations import Relations, relate
from handbook.render.links import Links
from handbook.render.templating import Templates, templates
from handbook.validation import BrokenRole


class RenderError(Exception):
    """A writer's mistake in a page (an unknown id, say); the message says how to fix it."""


@dataclass(frozen=True)
class Context:
    handbook: Handbook
    links: Links
    audience: Audience = Audience.PUBLIC
    edit_base: str | None = None  # e.g. 'https://github.com/org/repo/edit/main/'
    relations: Relations = field(default=None)  # type: ignore[assignment]
    broken: Mapping[str, BrokenRole] = field(default_factory=dict)
    # The templates in the handbook's language (with the project's overrides).
    templates: Templates = field(default_factory=templates)

    @property
    def language(self) -> Language:
        return self.templates.language

    def render(self, name: str, /, **view: object) -> str:
        """The template `name` (handbook/templates/) rendered with `view`."""
        return self.templates.render(name, **view)

    def __post_init__(self) -> None:
        if self.relations is None:  # convenient in tests; builds pass the shared one
            object.__setattr__(self, "relations", relate(self.handbook))

    def resolve(self, role_id: str | None) -> str:
        """`role_id` when it names a role, else a RenderError naming the closest id."""
        if not role_id:
            example = next(iter(self.handbook.roles), "<role id>")
            raise RenderError(
                f"no role given: pass a role id, such as role_page('{example}'), or use the "
                "macro on the role's own page"
            )
        if role_id not in self.handbook.roles:
            if role_id in self.broken:
                raise RenderError(
                    f"role {role_id!r} has problems to fix first ({self.broken[role_id].file}); "
                    "run 'handbook check'"
                )
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
