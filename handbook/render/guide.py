"""The writers' guide's list of mistakes, each with the messages the checks really print."""

from __future__ import annotations

from collections.abc import Iterable

from handbook.mistakes import Demonstration
from handbook.render import markup


def check_messages(demonstrations: Iterable[Demonstration]) -> str:
    """One section per mistake: its messages as the checker prints them, meaning and fix.

    The meaning and fix are the guide's own Markdown; the messages are shown verbatim.
    """
    parts = []
    for demo in demonstrations:
        mistake = demo.mistake
        messages = "\n".join(str(problem) for problem in demo.problems)
        parts.append(
            f"### {markup.md(mistake.title)}\n\n"
            f"```text\n{messages}\n```\n\n"
            f"**What it means.** {mistake.meaning}\n\n"
            f"**How to fix it.** {mistake.fix}\n"
        )
    return "\n".join(parts)
