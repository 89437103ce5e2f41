"""Figures an organisation sets itself: marked where they are shown, and explained there.

A pay band, a KPI target or a typical time before a move with `basis: own` is not taken from a
source the handbook cites. Each is marked beside the figure, and the section or chart showing
one explains the mark in a visible line (a title attribute alone would not show on a phone).

The mark and the line are written by the macros of `handbook/templates/own/marks.html`, which
the templates that show such figures import; `marker` and `note` call the same macros for a
renderer that needs the HTML as a value.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from handbook.model import Basis
from handbook.render.context import Context

MARKS = "own/marks.html"
LABEL = "own figure"  # the mark's English words (own/marks.html writes them, translated)


def explanation(ctx: Context) -> str:
    """What the mark means, in the handbook's language (plain text)."""
    return ctx.language.gettext(
        "set by %(organisation)s itself, not taken from a source this handbook cites.",
        organisation=ctx.handbook.settings.organisation,
    )


def _marks(ctx: Context) -> Any:
    """The macros of own/marks.html (made once), to call from Python."""
    return ctx.templates.template(MARKS).module


def marker(ctx: Context, basis: Basis) -> str:
    """The mark after an own figure (HTML, with a space before it), or nothing for a sourced
    one."""
    if basis is not Basis.OWN:
        return ""
    mark: Markup = _marks(ctx).marker(basis, ctx.handbook.settings.organisation)
    return mark


def note(ctx: Context) -> str:
    """The visible line that explains the mark (HTML), for under a section that shows one."""
    line: Markup = _marks(ctx).note(ctx.handbook.settings.organisation)
    return line
