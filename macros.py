"""mkdocs-macros adapter: registers the handbook's render functions, nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handbook.problems import HandbookError, format_text
from handbook.validation import read_handbook

DATA_DIR = Path(__file__).resolve().parent / "roles_data"


def define_env(env: Any) -> None:
    result = read_handbook(DATA_DIR, display_root=DATA_DIR.parent)
    if result.handbook is None:
        raise HandbookError(result.problems)
    handbook = result.handbook
    env.variables["organisation"] = handbook.settings.organisation
    env.variables["role_count"] = len(handbook.roles)
    _ = format_text
