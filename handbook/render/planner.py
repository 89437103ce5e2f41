"""Where the career planner's script draws: the compare and route pickers.

The pickers are built in the browser by handbook/theme/assets/javascripts/planner.js from roles.json
(the exported, audience-filtered data), so a page's weight does not grow with the number of
roles. Without JavaScript, these containers stay hidden and the pages show their written
comparisons and routes.
"""

from __future__ import annotations

from handbook.render import markup
from handbook.render.context import Context


def _container(kind: str, ctx: Context, intro: str) -> str:
    del ctx  # the script finds roles.json from the site's base address
    return (
        f'<section class="hb-planner hb-planner--{kind}" data-hb-planner="{kind}" hidden '
        f'aria-label="{markup.html(intro)}"></section>'
    )


def compare_picker(ctx: Context) -> str:
    """Two pickers and a side-by-side comparison of any two roles (drawn by planner.js)."""
    return _container("compare", ctx, "Compare any two roles")


def route_picker(ctx: Context) -> str:
    """From/to pickers and the route between any two roles (drawn by planner.js)."""
    return _container("route", ctx, "Find the route between any two roles")
