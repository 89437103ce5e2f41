from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.cli import main
from tests.site import make_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A handbook project (the small valid fixture's data, the site's pages and mkdocs.yml) in
    which a writer works, as the current folder."""
    root = make_project(tmp_path / "project", data=FIXTURES / "valid")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small valid fixture handbook, as `roles_data/` in a temporary folder."""
    target = tmp_path / "roles_data"
    shutil.copytree(FIXTURES / "valid", target)
    monkeypatch.chdir(tmp_path)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of `old` in a file (fails loudly if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


Check = Callable[..., tuple[int, list[str]]]


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]) -> Check:
    """Run `handbook check` in-process; return the exit code and the lines it printed."""

    def run(*args: str) -> tuple[int, list[str]]:
        code = main(["check", *args])
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        return code, out.out.splitlines()

    return run
