"""How strongly search should favour a role's page over pages that merely mention it."""

from __future__ import annotations

from handbook.model import Handbook

ROLE_PAGE_BOOST = 4


def _names(handbook: Handbook, role_id: str) -> list[str]:
    role = handbook.roles[role_id]
    return [" ".join(name.casefold().split()) for name in (role.title, *role.aliases)]


def search_boost(handbook: Handbook, role_id: str) -> int:
    """The search boost of a role page: above pages that mention it, and one step more when
    one of its names is a word-for-word part of another role's longer name.

    Search scores "CSR" alike on the pages of "CSR" and "Senior CSR"; the plain name means
    the role that carries it, so that page ranks first.
    """
    own = _names(handbook, role_id)
    for other in handbook.roles:
        if other == role_id:
            continue
        for longer in _names(handbook, other):
            if any(name != longer and f" {name} " in f" {longer} " for name in own):
                return ROLE_PAGE_BOOST + 1
    return ROLE_PAGE_BOOST
