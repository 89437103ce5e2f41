"""The `handbook` command: the only place that prints and decides exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook import navigation, placeholders, scaffold
from handbook.loading import parse_yaml
from handbook.model import role_json_schema
from handbook.pages import index_pages
from handbook.problems import Problem, format_github, format_json, format_text, sort_problems
from handbook.validation import ROLES_DIR, Result, read_handbook

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
    check.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text (one line per problem), json, or github (annotations in a pull request)",
    )

    schema = sub.add_parser("schema", help="write the JSON Schema of role files")
    schema.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    schema.add_argument(
        "--check", action="store_true", help="only report whether the committed schema is current"
    )

    new = sub.add_parser(
        "new-role",
        help="start a new role: its data file, its page and its place in the navigation",
        description="Write roles_data/roles/<id>.yml (with placeholders to fill in) and "
        "docs/roles/<department>/<id>.md, and list the page in the nav of mkdocs.yml.",
    )
    new.add_argument("title", help="the role's title, e.g. 'Quality Coach'")
    new.add_argument("--department", required=True, help="a department id, e.g. quality")
    new.add_argument("--level", required=True, help="a level id, e.g. mid")
    new.add_argument("--reports-to", required=True, help="the id of the role it reports to")
    new.add_argument("--id", dest="role_id", help="the role id (default: made from the title)")
    new.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    new.add_argument("--docs", type=Path, default=Path("docs"), help="pages folder")
    new.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config")
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
    elif args.format == "github" and result.problems:
        print(format_github(result.problems))
        print(_summary(result.problems), file=sys.stderr)
    elif result.problems:
        print(format_text(result.problems))
        print(_summary(result.problems), file=sys.stderr)
    else:
        handbook = result.handbook
        roles = len(handbook.roles) if handbook else 0
        print(f"{args.data}: {roles} roles checked, no problems")
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def _summary(problems: list[Problem]) -> str:
    count = len(problems)
    text = f"{count} problem{'s' if count != 1 else ''} found"
    left = sum(placeholders.is_placeholder_message(p.message) for p in problems)
    if left:
        text += f", {left} of them placeholder{'s' if left != 1 else ''} left to fill in"
    return text


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


def _department_name(result: Result, department: str) -> str:
    for shown, doc in result.documents.items():
        if shown.endswith("/departments.yml") and isinstance(doc.data, list):
            for item in doc.data:
                if isinstance(item, dict) and item.get("id") == department and item.get("name"):
                    return str(item["name"])
    return department.replace("-", " ").title()


def _new_role(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(f"handbook new-role: data folder {str(args.data)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    result = read_handbook(args.data)
    new = scaffold.NewRole(
        role_id=args.role_id or scaffold.slug(args.title),
        title=" ".join(args.title.split()),
        department=args.department,
        level=args.level,
        reports_to=args.reports_to,
    )
    data_file = args.data / ROLES_DIR / f"{new.role_id}.yml"
    page_rel = f"roles/{new.department}/{new.role_id}.md"
    page_file = args.docs / page_rel
    problems = scaffold.argument_problems(new, result)
    if not new.role_id:
        problems = [("--id", f"cannot make an id from the title {args.title!r}: pass --id")]
    for path in (data_file, page_file):
        if new.role_id and path.exists():
            problems.append((path.as_posix(), "already exists; edit it, or pass another --id"))
    if problems:
        for where, message in problems:
            print(f"handbook new-role: {where}: {message}", file=sys.stderr)
        print("handbook new-role: nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS

    manager_doc = result.role_documents.get(new.reports_to)
    manager = manager_doc.data if manager_doc and isinstance(manager_doc.data, dict) else None
    text = scaffold.role_file(new, manager, schema="../" + SCHEMA_FILE)
    parsed, _ = parse_yaml(text, data_file.as_posix())
    left = len(list(placeholders.find(parsed.data))) if parsed else 0
    data_file.write_text(text, encoding="utf-8")
    page_file.parent.mkdir(parents=True, exist_ok=True)
    page_file.write_text(scaffold.role_page(new), encoding="utf-8")
    section = _department_name(result, new.department)
    if args.config.is_file():
        change = navigation.add_role_page(
            args.config.read_text(encoding="utf-8"), new.department, section, page_rel
        )
        if change.added:
            args.config.write_text(change.text, encoding="utf-8")
        nav_note = change.note
    else:
        nav_note = f"no {args.config.as_posix()} here: add '{page_rel}' to the site's nav"

    print(f"Started the role {new.role_id!r} ({new.title}):")
    print(f"  {data_file.as_posix()}  the role's facts, with {left} placeholders to fill in")
    print(f"  {page_file.as_posix()}  its page")
    print(f"  {nav_note}")
    print()
    print("Next:")
    print(f"  1. Open {data_file.as_posix()} and replace every <FILL IN: ...> value.")
    print("  2. Run 'handbook check': it lists the placeholders still left, with their lines.")
    print(
        "  3. If other roles lead to this one, add a move to their 'progression' list "
        f"(to: {new.role_id})."
    )
    print(
        "  4. Preview with 'make serve' and open "
        f"http://127.0.0.1:8000/roles/{new.department}/{new.role_id}/"
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    commands = {"check": _check, "schema": _schema, "new-role": _new_role}
    return commands[args.command](args)


def run() -> None:
    sys.exit(main())
