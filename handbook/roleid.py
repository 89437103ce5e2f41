"""Which ids a role may take: an id is a file name and part of the address of the role's page.

A role's page is `roles/<department>/<id>/` and a department's is `roles/<department>/` (its
file `roles/<department>/index.md`); a role whose department is unknown has its page, in a
preview, at `roles/<id>/`. So a role cannot be called `index`, nor take a department's id, and
an id is short enough for any file system and address (see `handbook.site`).
"""

from __future__ import annotations

from collections.abc import Collection

from handbook.model import MAX_ID

DEPARTMENT_PAGE = "index"


def _shown(role_id: str) -> str:
    return repr(role_id) if len(role_id) <= 40 else repr(role_id[:37] + "...")


def role_id_problem(role_id: str, departments: Collection[str]) -> str | None:
    """Why `role_id` (a well-formed id) cannot name a role, without the fix; None if it can."""
    if len(role_id) > MAX_ID:
        return (
            f"{_shown(role_id)} is {len(role_id):,} characters long, more than the {MAX_ID} a "
            "role id may have"
        )
    if role_id == DEPARTMENT_PAGE:
        return (
            f"{role_id!r} cannot be a role id, as each department's own page is "
            "roles/<department>/index.md"
        )
    if role_id in departments:
        return (
            f"{role_id!r} cannot be a role id, as it is the id of a department (whose page is "
            f"roles/{role_id}/)"
        )
    return None


def bounded(role_id: str) -> str:
    """`role_id` cut to the length an id may have, at a hyphen where there is one."""
    if len(role_id) <= MAX_ID:
        return role_id
    cut = role_id[: MAX_ID + 1]
    head = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_ID]
    return head[:MAX_ID].strip("-")
