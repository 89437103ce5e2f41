"""Words that change with a number: one place, so a translation can take it over.

`ngettext` has the signature and behaviour of gettext's (English rules: one is singular, any
other number plural); a later translation replaces it with the catalog's own `ngettext`, whose
languages have their own rules. Callers pass whole phrases, never a word to add an 's' to.
"""

from __future__ import annotations


def ngettext(singular: str, plural: str, n: float) -> str:
    """`singular` when `n` is one, else `plural` (with `%(n)s` in either replaced by `n`)."""
    text = singular if n == 1 else plural
    return text.replace("%(n)s", str(n) if isinstance(n, int) else f"{n:g}")
