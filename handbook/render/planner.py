"""Where the career planner's script draws: the compare and route pickers.

The pickers are built in the browser by handbook/theme/assets/javascripts/planner.js from roles.json
(the exported, audience-filtered data), so a page's weight does not grow with the number of
roles. Without JavaScript, these containers stay hidden and the pages show their written
comparisons and routes. Each is the template planner/picker.html, named for assistive
technology in the handbook's language.
"""

from __future__ import annotations

from handbook.render.context import Context


def compare_picker(ctx: Context) -> str:
    """Two pickers and a side-by-side comparison of any two roles (drawn by planner.js)."""
    label = ctx.language.gettext("Compare any two roles")
    return ctx.render("planner/picker.html", kind="compare", label=label)


def route_picker(ctx: Context) -> str:
    """From/to pickers and the route between any two roles (drawn by planner.js)."""
    label = ctx.language.gettext("Find the route between any two roles")
    return ctx.render("planner/picker.html", kind="route", label=label)
