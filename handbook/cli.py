"""The `handbook` command: the only place that prints and decides exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook import placeholders, scaffold, writes
from handbook.loading import decode, parse_yaml
from handbook.problems import Problem, format_github, format_json, format_text, sort_problems
from handbook.relations import relate
from handbook.render.export import schema_text
from handbook.site import ROLES_DIR, plan_site
from handbook.validation import SCHEMA_FILE, currency_problem, read_handbook

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        help="pages folder, to check the role pages writers added (default: docs/ if it exists)",
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
        help="start a new role: its data file (and, with --page, a page for your own prose)",
        description="Write roles_data/roles/<id>.yml with placeholders to fill in. The role's "
        "page and its place in the navigation come from the data; --page also writes "
        "docs/roles/<department>/<id>.md for prose of your own.",
    )
    new.add_argument("title", help="the role's title, e.g. 'Quality Coach'")
    new.add_argument("--department", required=True, help="a department id, e.g. quality")
    new.add_argument("--level", required=True, help="a level id, e.g. mid")
    new.add_argument("--reports-to", required=True, help="the id of the role it reports to")
    new.add_argument("--id", dest="role_id", help="the role id (default: made from the title)")
    new.add_argument(
        "--page", action="store_true", help="also write a page for your own prose about the role"
    )
    new.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    new.add_argument("--docs", type=Path, default=Path("docs"), help="pages folder")

    init = sub.add_parser(
        "init",
        help="start a new organisation's handbook data: settings, catalogs, one example role",
        description="Write a data folder for a new organisation that builds as it is: "
        "handbook.yml, the catalogs (with comments on every field) and one example role.",
    )
    init.add_argument("folder", type=Path, help="the data folder to create, e.g. roles_data")
    init.add_argument(
        "--organisation", required=True, help="the organisation's name, e.g. 'Acme Support'"
    )
    init.add_argument("--currency", default="USD", help="ISO 4217 code of pay bands (USD)")
    return parser


def _writer_pages(docs: Path) -> tuple[list[str], list[Problem]]:
    """The Markdown files under docs/roles/, and any that are not UTF-8 text."""
    roles = docs / ROLES_DIR
    pages, problems = [], []
    for path in sorted(roles.rglob("*.md")) if roles.is_dir() else []:
        shown = path.as_posix()
        text, error = decode(path.read_bytes())
        if text is None:
            problems.append(Problem(shown, None, "", error or "unreadable"))
            continue
        pages.append(path.relative_to(docs).as_posix())
    return pages, problems


def _check(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(f"handbook check: data folder {str(args.data)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    result = read_handbook(args.data)
    problems = list(result.problems)
    docs = args.docs if args.docs is not None else Path("docs")
    if args.docs is not None and not docs.is_dir():
        print(f"handbook check: pages folder {str(docs)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if docs.is_dir():
        pages, unreadable = _writer_pages(docs)
        handbook = result.handbook
        plan = plan_site(
            handbook, relate(handbook), result.broken, pages, docs_shown=docs.as_posix()
        )
        problems = sort_problems([*problems, *unreadable, *plan.problems])
    errors = [p for p in problems if not p.warning]
    if args.format == "json":
        print(format_json(problems))
    elif args.format == "github" and problems:
        print(format_github(problems))
        print(_summary(problems), file=sys.stderr)
    elif problems:
        print(format_text(problems))
        print(_summary(problems), file=sys.stderr)
    if args.format == "text" and not errors:
        count = len(result.handbook.roles)
        print(f"{args.data}: {count} role{'s' if count != 1 else ''} checked, no problems")
    return EXIT_PROBLEMS if errors else EXIT_OK


def _summary(problems: list[Problem]) -> str:
    errors = [p for p in problems if not p.warning]
    warnings = len(problems) - len(errors)
    count = len(errors)
    text = f"{count} problem{'s' if count != 1 else ''} found"
    left = sum(placeholders.is_placeholder_message(p.message) for p in errors)
    if left:
        text += f", {left} of them placeholder{'s' if left != 1 else ''} left to fill in"
    if warnings:
        text += f"; {warnings} warning{'s' if warnings != 1 else ''}"
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


def _fail(command: str, problems: list[tuple[str, str]]) -> int:
    for where, message in problems:
        print(f"handbook {command}: {where}: {message}", file=sys.stderr)
    print(f"handbook {command}: nothing was written", file=sys.stderr)
    return EXIT_PROBLEMS


def _new_role(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(f"handbook new-role: data folder {str(args.data)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    result = read_handbook(args.data)
    title = " ".join(args.title.split())
    new = scaffold.NewRole(
        role_id=args.role_id or scaffold.slug(title),
        title=title,
        department=args.department,
        level=args.level,
        reports_to=args.reports_to,
    )
    data_file = args.data / ROLES_DIR / f"{new.role_id}.yml"
    page_file = args.docs / ROLES_DIR / new.department / f"{new.role_id}.md"
    problems = scaffold.argument_problems(new, result)
    if not new.role_id:
        problems = [
            ("--id", f"cannot make an id from the title {args.title!r}: pass --id, e.g. --id agent")
        ]
    manager_doc = result.role_documents.get(new.reports_to)
    manager = manager_doc.data if manager_doc and isinstance(manager_doc.data, dict) else None
    text = scaffold.role_file(new, manager, schema="../" + SCHEMA_FILE)
    parsed, _ = parse_yaml(text, data_file.as_posix())
    if parsed is None or not isinstance(parsed.data, dict) or parsed.data.get("title") != title:
        problems.append(("title", f"{args.title!r} cannot be written as a role title"))
    if problems:
        return _fail("new-role", problems)
    planned = [writes.Planned(data_file, text)]
    if args.page:
        planned.append(writes.Planned(page_file, scaffold.role_page(new)))
    failure = writes.write_all(planned)
    if failure:
        return _fail("new-role", [failure])

    left = len(list(placeholders.find(parsed.data))) if parsed else 0
    print(f"Started the role {new.role_id!r} ({new.title}):")
    print(f"  {data_file.as_posix()}  the role's facts, with {left} placeholders to fill in")
    if args.page:
        print(f"  {page_file.as_posix()}  a page for your own prose about the role")
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
        f"http://127.0.0.1:8000/roles/{new.department}/{new.role_id}/ — its page and its place "
        "in the navigation come from the data."
    )
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    problems: list[tuple[str, str]] = []
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        problems.append(
            (folder.as_posix(), "already exists and is not empty: move it away, or name another")
        )
    name = " ".join(args.organisation.split())
    if not name:
        problems.append(("--organisation", "must not be empty"))
    if currency := currency_problem(args.currency):
        problems.append(("--currency", currency))
    if problems:
        return _fail("init", problems)
    planned = [
        writes.Planned(folder / relative, text)
        for relative, text in scaffold.starter_files(name, args.currency).items()
    ]
    planned.append(writes.Planned(folder / SCHEMA_FILE, schema_text()))
    failure = writes.write_all(planned)
    if failure:
        return _fail("init", [failure])
    result = read_handbook(folder)
    print(f"Started the handbook of {name} in {folder.as_posix()}/:")
    for item in planned:
        print(f"  {item.path.as_posix()}")
    print()
    print("Next:")
    print(f"  1. Point the site at it: keep it as roles_data/ (or set HANDBOOK_DATA={folder}).")
    print("  2. Delete the previous organisation's pages in docs/roles/, if any.")
    print("  3. Edit the catalogs and the example role; add roles with 'handbook new-role'.")
    print("  4. Run 'handbook check', then 'make serve' to preview.")
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    commands = {"check": _check, "schema": _schema, "new-role": _new_role, "init": _init}
    return commands[args.command](args)


def run() -> None:
    sys.exit(main())
