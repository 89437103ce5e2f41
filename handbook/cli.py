"""The `handbook` command: the only place that prints and decides exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook.model import role_json_schema
from handbook.pages import index_pages
from handbook.problems import format_json, format_text, sort_problems
from handbook.validation import read_handbook

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SCHEMA_FILE = "role.schema.json"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handbook", description="Tools for the call-center role handbook.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate the role data and report every problem")
    check.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    check.add_argument(
        "--docs",
        type=Path,
        default=None,
        help="pages folder to check for role pages (default: docs/ when it exists)",
    )
    check.add_argument("--format", choices=["text", "json"], default="text")

    schema = sub.add_parser("schema", help="write the JSON Schema of role files")
    schema.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    schema.add_argument(
        "--check", action="store_true", help="only report whether the committed schema is current"
    )
    return parser


def schema_text() -> str:
    return json.dumps(role_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _check(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(f"handbook check: data folder {str(args.data)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    result = read_handbook(args.data)
    docs = args.docs if args.docs is not None else Path("docs")
    if args.docs is not None and not docs.is_dir():
        print(f"handbook check: pages folder {str(docs)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if result.handbook is not None and docs.is_dir():
        departments = {rid: r.department for rid, r in result.handbook.roles.items()}
        pages = index_pages(docs, departments, shown_root=docs.as_posix())
        result.problems = sort_problems(result.problems + pages.problems)
    if args.format == "json":
        print(format_json(result.problems))
    elif result.problems:
        print(format_text(result.problems))
        count = len(result.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
    else:
        handbook = result.handbook
        roles = len(handbook.roles) if handbook else 0
        print(f"{args.data}: {roles} roles checked, no problems")
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    target = args.data / SCHEMA_FILE
    wanted = schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == wanted:
            print(f"{target}: up to date")
            return EXIT_OK
        print(f"{target}: out of date with handbook/model.py; run 'handbook schema' to update it")
        return EXIT_PROBLEMS
    if current != wanted:
        target.write_text(wanted, encoding="utf-8")
        print(f"{target}: written")
    else:
        print(f"{target}: already up to date")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    commands = {"check": _check, "schema": _schema}
    return commands[args.command](args)


def run() -> None:
    sys.exit(main())
