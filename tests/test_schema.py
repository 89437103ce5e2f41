"""The committed JSON Schema of role files matches the model, and editors can rely on it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from handbook.cli import main, schema_text
from tests.conftest import ROOT

SCHEMA = ROOT / "roles_data" / "role.schema.json"
ROLE_FILES = sorted((ROOT / "roles_data" / "roles").glob("*.yml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../role.schema.json"


def test_committed_schema_is_in_sync_with_the_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "roles_data/role.schema.json is out of date: run 'handbook schema'"
    )


def test_schema_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--data", str(tmp_path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["schema", "--data", str(tmp_path)]) == 0
    assert main(["schema", "--data", str(tmp_path), "--check"]) == 0


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_file_names_its_schema_and_satisfies_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(text))


def test_schema_rejects_a_misspelt_field() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    role = yaml.safe_load(ROLE_FILES[0].read_text(encoding="utf-8"))
    role["respnsibilities"] = role.pop("responsibilities")
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(role)]
    assert "'responsibilities' is a required property" in errors
    assert any("'respnsibilities' was unexpected" in e for e in errors)
