"""Figures an organisation sets itself: marked where they are shown, and explained there.

A pay band, a KPI target or a typical time before a move with `basis: own` is not taken from a
source the handbook cites. Each is marked beside the figure, and the section or chart showing
one explains the mark in a visible line (a title attribute alone would not show on a phone).
"""

from __future__ import annotations

from handbook.model import Basis
from handbook.render import markup
from handbook.render.context import Context

LABEL = "own figure"


def explanation(ctx: Context) -> str:
    organisation = ctx.handbook.settings.organisation
    return f"set by {organisation} itself, not taken from a source this handbook cites."


def marker(ctx: Context, basis: Basis) -> str:
    """The mark after an own figure (HTML), or nothing for a sourced one."""
    if basis is not Basis.OWN:
        return ""
    return f' <span class="hb-own" title="{markup.html(explanation(ctx))}">{LABEL}</span>'


def note(ctx: Context) -> str:
    """The visible line that explains the mark (HTML), for under a section that shows one."""
    return (
        f'<p class="hb-muted hb-own-note" data-search-exclude="true">'
        f'<span class="hb-own">{LABEL}</span>: {markup.html(explanation(ctx))}</p>'
    )
