"""Keeping the catalogs: what `make catalogs` runs around Babel's extract and update.

`extract_templates` is Babel's extraction method for the renderers' templates: it reads a
template as the renderers' environment does (`templating.join_lines`), so a message is found
as it will be looked up. `fill_source` writes the English catalog, whose every message is its
own translation (a handbook may reword one there, as a language's catalog does).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from handbook.i18n import CATALOGS, DOMAIN, SOURCE
from handbook.render.templating import join_lines


def extract_templates(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    source = join_lines(fileobj.read().decode("utf-8"))
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true", **options}
    yield from babel_extract(io.BytesIO(source.encode("utf-8")), keywords, comment_tags, options)


def fill_source(path: Path = CATALOGS / SOURCE / "LC_MESSAGES" / f"{DOMAIN}.po") -> int:
    """Give every untranslated message of the English catalog its own words; the count."""
    with path.open("rb") as po:
        catalog = read_po(po, locale=SOURCE, domain=DOMAIN)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:  # an English message reworded: its old words are not its own
            message.string = ("",) * 2 if message.pluralizable else ""
        if message.pluralizable:
            if not any(message.string or ()):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False)
    return filled


def main() -> int:
    filled = fill_source()
    print(f"English catalog: {filled} new message(s) given their own words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
