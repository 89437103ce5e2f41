"""Who a build is for: the public handbook drops everything marked `visibility: internal`."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from handbook.model import Handbook, Visibility


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


def for_audience(handbook: Handbook, audience: Audience) -> Handbook:
    """The handbook as `audience` may see it; filtering happens once, before any rendering."""
    if audience is Audience.INTERNAL:
        return handbook
    roles = {
        role_id: (
            role.model_copy(update={"salary": None})
            if role.salary and role.salary.visibility is Visibility.INTERNAL
            else role
        )
        for role_id, role in handbook.roles.items()
    }
    return dataclasses.replace(handbook, roles=roles)
