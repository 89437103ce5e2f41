"""The `handbook` command: the only place that prints and decides exit codes."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook import i18n, placeholders, scaffold, writes
from handbook.build import DATA_DIR, environment_problems
from handbook.loading import parse_yaml
from handbook.pagefiles import scan_docs
from handbook.problems import (
    Problem,
    format_github,
    format_json,
    format_text,
    shown,
    sort_problems,
)
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
        help="start a new handbook project: mkdocs.yml and roles_data/",
        description="Write a new handbook project: mkdocs.yml and roles_data/, which builds "
        "as it is: handbook.yml, the catalogs (with comments on every field) and one example "
        "role. Run 'mkdocs build --strict' in the folder to make the site.",
    )
    init.add_argument("folder", type=Path, help="the project folder to create, e.g. acme-handbook")
    init.add_argument(
        "--organisation", required=True, help="the organisation's name, e.g. 'Acme Support'"
    )
    init.add_argument("--currency", default="USD", help="ISO 4217 code of pay bands (USD)")
    init.add_argument(
        "--language",
        default="en",
        help="the handbook's language, a BCP 47 code such as en, es, zh-Hans (en)",
    )

    imp = sub.add_parser(
        "import",
        help="add or update roles from a CSV file or Excel workbook, one role per row",
        description="Read roles from a .csv or .xlsx file with one role per row. The columns "
        "of the site's roles.csv are understood as they are; map other headers with --map. "
        "Every problem is reported, by row and column, before anything is written; then new "
        "roles get files (with placeholders for what the row does not hold) and existing roles "
        "only the fields the file holds, every other line kept.",
    )
    imp.add_argument("file", type=Path, help="the .csv or .xlsx file, e.g. roles.xlsx")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="read the column HEADER as FIELD, e.g. --map 'Job Title=title' (repeatable)",
    )
    imp.add_argument(
        "--mapping", type=Path, help="a YAML file of 'HEADER: field' lines, like --map"
    )
    imp.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    imp.add_argument(
        "--no-new",
        action="store_true",
        help="refuse departments and levels that are not in the catalogs (default: add them)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="say what would change, and write nothing"
    )
    imp.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")

    diff = sub.add_parser(
        "diff",
        help="say in words what changed in the roles between two git revisions",
        description="Compare the role data at git revision BASE with HEAD (default: the "
        "working tree) and say what changes for people: roles added, removed or renamed, "
        "titles, reporting lines, levels, pay bands, moves, responsibilities and skills.",
    )
    diff.add_argument("base", help="the older revision: a branch, tag or commit, e.g. main")
    diff.add_argument("head", nargs="?", help="the newer revision (default: the working tree)")
    diff.add_argument("--data", type=Path, default=Path("roles_data"), help="data folder")
    diff.add_argument(
        "--format", choices=["text", "markdown"], default="text", help="text or markdown"
    )
    diff.add_argument(
        "--audience",
        choices=["public", "internal"],
        default="public",
        help="public (default) leaves out pay bands marked internal; internal shows them",
    )
    return parser


def _writer_pages(docs: Path) -> tuple[list[str], list[Problem]]:
    """The Markdown files under docs/roles/, and the problems of the files under docs/: special
    files (never opened), pages that are not UTF-8 text, front matter refused."""
    pages, problems = scan_docs(docs)
    return [page for page in pages if page.startswith(ROLES_DIR + "/")], problems


def _check(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(
            shown(f"handbook check: data folder {str(args.data)!r} does not exist"), file=sys.stderr
        )
        return EXIT_USAGE
    result = read_handbook(args.data)
    problems = list(result.problems)
    docs = args.docs if args.docs is not None else Path("docs")
    if args.docs is not None and not docs.is_dir():
        print(shown(f"handbook check: pages folder {str(docs)!r} does not exist"), file=sys.stderr)
        return EXIT_USAGE
    if docs.is_dir():
        pages, unreadable = _writer_pages(docs)
        handbook = result.handbook
        plan = plan_site(
            handbook, relate(handbook), result.broken, pages, docs_shown=docs.as_posix()
        )
        problems = sort_problems([*problems, *unreadable, *plan.problems])
    # The settings the build would take from the environment (CI sets them) are checked too.
    problems = [*environment_problems(os.environ), *problems]
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
        print(shown(f"{args.data}: {count} role{'s' if count != 1 else ''} checked, no problems"))
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
    unwritten = (
        parsed is None or not isinstance(parsed.data, dict) or parsed.data.get("title") != title
    )
    if unwritten and not any(option == "title" for option, _ in problems):  # said once
        problems.append(("title", f"{args.title!r} cannot be written as a role title"))
    if problems:
        return _fail("new-role", problems)
    planned = [writes.Planned(data_file, text)]
    if args.page:
        planned.append(writes.Planned(page_file, scaffold.role_page(new)))
    try:
        failure = writes.write_all(planned)
    except OSError as err:  # a path the system refuses outright, e.g. a name too long
        failure = (str(err.filename or data_file), f"cannot be written ({err.strerror or err})")
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
        "  4. Preview with 'mkdocs serve' (or 'make serve') and open "
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
    problems += [("--organisation", message) for message in scaffold.name_problems(name)]
    if currency := currency_problem(args.currency):
        problems.append(("--currency", currency))
    try:
        i18n.parse(args.language)
    except ValueError as error:
        problems.append(("--language", str(error)))
    if problems:
        return _fail("init", problems)
    data = folder / DATA_DIR
    planned = [writes.Planned(folder / scaffold.PROJECT_CONFIG, scaffold.project_config(name))]
    planned += [
        writes.Planned(data / relative, text)
        for relative, text in scaffold.starter_files(name, args.currency, args.language).items()
    ]
    # The project's overrides folder (mkdocs.yml's custom_dir, which must exist): kept by git
    # while it holds nothing else.
    planned.append(writes.Planned(folder / scaffold.OVERRIDES_KEEP, ""))
    planned.append(writes.Planned(data / SCHEMA_FILE, schema_text()))
    failure = writes.write_all(planned)
    if failure:
        return _fail("init", [failure])
    result = read_handbook(data)
    print(f"Started the handbook of {name} in {folder.as_posix()}/:")
    for item in planned:
        print(f"  {item.path.as_posix()}")
    print()
    print("Next:")
    print(f"  1. cd {shlex.quote(folder.as_posix())}")
    print(
        f"  2. Edit the catalogs in {DATA_DIR}/ (departments, levels, skills, KPIs) and the "
        f"example role in {DATA_DIR}/roles/; add roles with 'handbook new-role'."
    )
    print("  3. Run 'handbook check': it lists every problem in the data.")
    print(
        "  4. Preview with 'mkdocs serve' at http://127.0.0.1:8000/; publish with "
        "'mkdocs build --strict', which writes the site to site/."
    )
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _import(args: argparse.Namespace) -> int:
    from handbook.imports import columns, commit, plan, table

    if not args.data.is_dir():
        print(f"handbook import: data folder {str(args.data)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        rows = table.read_table(args.file, args.sheet)
    except table.TableError as err:
        print(f"handbook import: {err}", file=sys.stderr)
        return EXIT_USAGE
    maps, problems = columns.parse_maps(args.map)
    if args.mapping is not None:
        from_file, more = columns.read_mapping_file(args.mapping)
        maps = {**from_file, **maps}
        problems += more
    if problems:
        for where, message in problems:
            print(f"{where}: {message}", file=sys.stderr)
        print("handbook import: nothing was read or written", file=sys.stderr)
        return EXIT_USAGE
    found = columns.columns(rows, maps)
    result = read_handbook(args.data)
    planned = plan.plan_import(rows, found, args.data, result, args.no_new)
    if planned.problems:
        for where, message in planned.problems:
            print(f"{where}: {message}", file=sys.stderr)
        count = len(planned.problems)
        print(
            f"handbook import: {count} problem{'s' if count != 1 else ''} in {args.file.name}; "
            "nothing was written",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if not args.dry_run and planned.writes:
        failure = commit.write_all(planned.writes)
        if failure:
            print(f"handbook import: {failure[0]}: {failure[1]}", file=sys.stderr)
            return EXIT_PROBLEMS
    roles_dir = (args.data / ROLES_DIR).as_posix()
    verb = "would be" if args.dry_run else "were"
    print(
        f"{'Dry run: nothing was written. ' if args.dry_run else ''}{rows.name}, "
        f"{len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''}:"
    )
    print(f"  {len(planned.added)} role{'s' if len(planned.added) != 1 else ''} {verb} added")
    for rid, title in planned.added:
        print(f"    {roles_dir}/{rid}.yml  {title}")
    print(f"  {len(planned.changed)} role{'s' if len(planned.changed) != 1 else ''} {verb} changed")
    for rid, what in planned.changed:
        print(f"    {roles_dir}/{rid}.yml  {'; '.join(what)}")
    left = len(planned.unchanged)
    print(
        f"  {left} role{'s' if left != 1 else ''} left alone (the file says what they already say)"
    )
    for entry in planned.catalog_added:
        print(f"  new {entry}")
    for index, header in found.ignored:
        print(
            f"  column {table.letters(index)} ({header!r}) not imported: map it with "
            f"--map '{header}=FIELD' if it holds a role's field"
        )
    if planned.placeholders:
        print()
        print(
            f"Next: replace the {planned.placeholders} <FILL IN: ...> placeholders in the new "
            "files, then run 'handbook check', which lists those still left."
        )
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from handbook import changes, revisions
    from handbook.audience import Audience, for_audience

    audience = Audience(args.audience)
    try:
        root = revisions.repository(Path.cwd())
        base = revisions.commit(root, args.base)
        head = revisions.commit(root, args.head) if args.head else None
        old = revisions.snapshot(root, args.data, base, args.base)
        new = revisions.snapshot(root, args.data, head, args.head or revisions.WORKING_TREE)
        renamed = revisions.renames(root, args.data, base, head)
    except revisions.RevisionError as err:
        print(f"handbook diff: {err}", file=sys.stderr)
        return EXIT_USAGE
    skipped = set(old.broken) | set(new.broken)
    notes = [
        f"{len(snap.broken)} role file{'s' if len(snap.broken) != 1 else ''} at {snap.label} "
        f"{'have' if len(snap.broken) != 1 else 'has'} problems and "
        f"{'are' if len(snap.broken) != 1 else 'is'} not compared "
        f"({', '.join(snap.broken[:5])}{', …' if len(snap.broken) > 5 else ''}): "
        "run 'handbook check' there"
        for snap in (old, new)
        if snap.broken
    ]
    found = changes.compare(
        changes.without(for_audience(old.handbook, audience), skipped),
        changes.without(for_audience(new.handbook, audience), skipped),
        renamed,
    )
    render = changes.render_markdown if args.format == "markdown" else changes.render_text
    sys.stdout.write(render(found, old.label, new.label, notes))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    commands = {
        "check": _check,
        "schema": _schema,
        "new-role": _new_role,
        "init": _init,
        "import": _import,
        "diff": _diff,
    }
    return commands[args.command](args)


def run() -> None:
    sys.exit(main())
