"""The writers' guide's list of mistakes, each with the messages the checks really print."""

from __future__ import annotations

from handbook.mistakes import demonstrations
from handbook.render import markup
from handbook.render.context import Context


def check_messages(ctx: Context | None = None) -> str:
    """One section per mistake: its messages as the checker prints them, meaning and fix.

    The mistakes are made on the example handbook shipped with the package, so the output does
    not depend on the organisation's data (`ctx` is accepted for a uniform macro signature).
    The meaning and fix are the guide's own Markdown; the messages are shown verbatim.
    """
    parts = []
    for demo in demonstrations():
        mistake = demo.mistake
        messages = "\n".join(str(problem) for problem in demo.problems)
        parts.append(
            f"### {markup.md(mistake.title)}\n\n"
            f"```text\n{messages}\n```\n\n"
            f"**What it means.** {mistake.meaning}\n\n"
            f"**How to fix it.** {mistake.fix}\n"
        )
    return "\n".join(parts)
