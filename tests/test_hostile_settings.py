"""Settings, the environment and file names are data too: refused in one line, never run.

One test per row of issue 19's table about settings and forged messages: the exact lines
`handbook check` prints, and what a real strict build (or the preview) does with the same
setting. A refused address reaches no page; a file name cannot start a CI command or move the
terminal in any output.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from handbook.problems import shown
from handbook.urls import REPOSITORY_EXAMPLE, SITE_EXAMPLE, address_problem
from tests.conftest import Check, edit
from tests.site import Build, build
from tests.test_hostile import (
    assert_no_traceback,
    failing_build,
    fixture_project,
    problem_lines,
    serving,
    site_files,
)

SETTINGS = "roles_data/handbook.yml"
NOT_AN_ADDRESS = "is not a web address the site can link to: it"
REPO_FIX = f"write it as your browser's address bar shows it, such as {REPOSITORY_EXAMPLE}"
SITE_FIX = f"write it as your browser's address bar shows it, such as {SITE_EXAMPLE}"
SCRIPT_URL = 'https://evil.example/"><script>alert(1)</script>'
IMG_URL = 'https://x.example/"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.domain)//"
# A line GitHub Actions' runner reads as a command: `::name ...::` at its start (after blanks),
# or the legacy `##[name]` anywhere in it.
COMMAND = re.compile(r"^\s*::|##\[")
# What moves a terminal or ends a line, other than the line's own end.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _set_repo_url(data: Path, value: str) -> None:
    with (data / "handbook.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"repo_url: '{value}'\n")  # line 3 of the fixture's settings


def _hostile_text(site: Path, payloads: tuple[str, ...]) -> list[str]:
    """Where the site holds any of `payloads` as it is (markup a page shows as text is
    escaped, so it is not found)."""
    return [
        f"{path.relative_to(site)}: {payload}"
        for path, text in site_files(site)
        for payload in payloads
        if payload in text
    ]


def _links_to(site: Path, host: str) -> list[str]:
    """Where the site links to, or loads from, an address on `host`."""
    pattern = re.compile(rf"""(?:href|src)\s*=\s*["']?[^"'>\s]*{re.escape(host)}""")
    return [f"{path.relative_to(site)}" for path, text in site_files(site) if pattern.search(text)]


JS_HREF = re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _javascript_links(site: Path) -> list[str]:
    return [f"{path.relative_to(site)}" for path, text in site_files(site) if JS_HREF.search(text)]


# ---- the rule, on its own -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (IMG_URL, 'holds ", >, < and spaces, which a web address cannot hold'),
        (JS_URL, "does not start with https:// or http://"),
        ("JavaScript:alert(1)", "does not start with https:// or http://"),
        ("data:text/html,<b>x</b>", "holds < and >, which a web address cannot hold"),
        ("vbscript:msgbox(1)", "does not start with https:// or http://"),
        ("//evil.example/x", "does not start with https:// or http://"),
        ("github.com/org/x", "does not start with https:// or http://"),
        ("https:javascript:alert(1)", "does not start with https:// or http://"),
        ("https://x.example/a'b", "holds ', which a web address cannot hold"),
        ("https://x.example/a\\b", "holds \\, which a web address cannot hold"),
        ("https://x.example/{{ 7*7 }}", "holds {, spaces and }, which a web address cannot hold"),
        (
            "https://x.example/\u2028x\u200b",
            "holds invisible characters (\\u2028) and invisible characters (\\u200b), which a "
            "web address cannot hold",
        ),
        (" https://x.example/", "holds spaces, which a web address cannot hold"),
        (
            "https://x.example/\n",
            "holds invisible characters (\\n), which a web address cannot hold",
        ),
        ("https:///path", "has no valid host name after '://'"),
        ("https://x.example:99999/", "has a port that is not a number from 0 to 65535"),
        (
            "https://ci:ghp_secret@github.com/org/x",
            "holds a user name or password (before '@'), which every page would show",
        ),
        ("https://" + "a" * 2_000, "is longer than 2,000 characters"),
    ],
)
def test_an_address_that_is_not_plainly_http_is_refused_with_the_reason(
    value: str, reason: str
) -> None:
    message = address_problem(value, REPOSITORY_EXAMPLE)
    assert message is not None
    assert message.endswith(f" {NOT_AN_ADDRESS} {reason}; {REPO_FIX}")
    assert "ghp_secret" not in message  # a token in an address is not repeated in the log
    assert len(message) < 400


@pytest.mark.parametrize(
    "value",
    [
        "https://github.com/org/handbook",
        "http://127.0.0.1:8000/",
        "HTTPS://GitLab.example.org/group/sub/project/",
        "https://bücher.example/handbuch/",
        "https://[2001:db8::1]:8443/handbook/",
        "https://x.example/a%20b?x=1&y=(2);z#part",
    ],
)
def test_plain_http_addresses_are_accepted(value: str) -> None:
    assert address_problem(value, REPOSITORY_EXAMPLE) is None


def test_shown_escapes_what_would_end_a_line_move_the_terminal_or_start_a_command() -> None:
    assert shown("a\nb\r\tc\x1b[2J\x07\x9b\x7f") == "a\\nb\\r\\tc\\x1b[2J\\x07\\x9b\\x7f"
    assert shown("x\u2028\u202eabc\u2066\udc9b") == "x\\u2028\\u202eabc\\u2066\\udc9b"
    assert shown("run ##[error]x and ###[y") == "run #\\x23[error]x and ##\\x23[y"
    # Text in any language, joiners and emoji included, is shown as written.
    plain = "Agent 👩\u200d💻 کارشناس\u200cارشد — 5 % «x» [a]"
    assert shown(plain) == plain


# ---- Row: markup in repo_url ------------------------------------------------------------------


def test_markup_in_repo_url_is_refused_by_check(data: Path, check: Check) -> None:
    _set_repo_url(data, IMG_URL)
    assert check() == (
        1,
        [
            f'{SETTINGS}:3: repo_url: {IMG_URL!r} {NOT_AN_ADDRESS} holds ", >, < and spaces, '
            f"which a web address cannot hold; {REPO_FIX}"
        ],
    )


@pytest.mark.build
def test_markup_in_repo_url_fails_the_strict_build_and_reaches_no_page(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _set_repo_url(project / "roles_data", IMG_URL)
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [
        f'{SETTINGS}:3: repo_url: {IMG_URL!r} {NOT_AN_ADDRESS} holds ", >, < and spaces, '
        f"which a web address cannot hold; {REPO_FIX}"
    ]
    # What MkDocs wrote before it stopped holds the setting nowhere, as markup or as a link.
    assert _hostile_text(result.site, ("<img src=x", '"><img')) == []
    assert _links_to(result.site, "x.example") == []


# ---- Row: a javascript: repo_url -------------------------------------------------------------


def test_a_javascript_repo_url_is_refused_by_check(data: Path, check: Check) -> None:
    _set_repo_url(data, JS_URL)
    assert check() == (
        1,
        [
            f"{SETTINGS}:3: repo_url: {JS_URL!r} {NOT_AN_ADDRESS} does not start with https:// "
            f"or http://; {REPO_FIX}"
        ],
    )


@pytest.mark.build
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "preview"])
def test_a_javascript_repo_url_becomes_no_link(tmp_path: Path, strict: bool) -> None:
    """The strict build fails on it; the preview builds, says so once, and links neither the
    header nor an edit button to it."""
    project = fixture_project(tmp_path)
    _set_repo_url(project / "roles_data", JS_URL)
    if strict:
        result = failing_build(project, tmp_path / "site")
    else:
        result = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
        assert result.code == 0, result.log
    assert problem_lines(result.log) == [
        f"{SETTINGS}:3: repo_url: {JS_URL!r} {NOT_AN_ADDRESS} does not start with https:// "
        f"or http://; {REPO_FIX}"
    ]
    assert _javascript_links(result.site) == []
    assert _hostile_text(result.site, ('class="md-source"', 'rel="edit"')) == []


@pytest.mark.build
def test_serve_reports_a_javascript_repo_url_once_and_keeps_serving(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    settings = project / "roles_data" / "handbook.yml"
    _set_repo_url(project / "roles_data", REPOSITORY_EXAMPLE)
    agent = "roles/operations/agent/"
    edit_link = f'href="{REPOSITORY_EXAMPLE}/edit/main/roles_data/roles/agent.yml"'
    with serving(project) as server:
        assert edit_link in server.get(agent)
        edit(settings, REPOSITORY_EXAMPLE, JS_URL)
        server.wait_for("the message", lambda: "document.domain" in server.log)
        server.wait_for("the links to go", lambda: 'class="md-source"' not in server.get(agent))
        page = server.get(agent)
        assert "Answers calls." in page
        assert not JS_HREF.search(page) and 'rel="edit"' not in page
        logged = [line for line in server.lines if "document.domain" in line]
        assert len(logged) == 1
        assert logged[0].endswith(
            f"{SETTINGS}:3: repo_url: {JS_URL!r} {NOT_AN_ADDRESS} does not start with https:// "
            f"or http://; {REPO_FIX}"
        )
        edit(settings, JS_URL, REPOSITORY_EXAMPLE)
        server.wait_for("the links to come back", lambda: edit_link in server.get(agent))
    assert_no_traceback(server.log)


# ---- Row: HANDBOOK_REPO_URL or HANDBOOK_SITE_URL with markup ---------------------------------


def _env_line(variable: str, fix: str) -> str:
    return (
        f'environment: {variable}: {SCRIPT_URL!r} {NOT_AN_ADDRESS} holds ", > and <, which a '
        f"web address cannot hold; {fix}"
    )


URL_VARIABLES = [("HANDBOOK_REPO_URL", REPO_FIX), ("HANDBOOK_SITE_URL", SITE_FIX)]


@pytest.mark.parametrize(("variable", "fix"), URL_VARIABLES)
def test_markup_in_an_address_variable_is_refused_by_check(
    data: Path, check: Check, monkeypatch: pytest.MonkeyPatch, variable: str, fix: str
) -> None:
    monkeypatch.setenv(variable, SCRIPT_URL)
    assert check() == (1, [_env_line(variable, fix)])
    # As an annotation, on no file.
    github = "::error title=handbook check::" + _env_line(variable, fix).removeprefix(
        "environment: "
    )
    assert check("--format", "github") == (1, [github])


@pytest.mark.build
@pytest.mark.parametrize(("variable", "fix"), URL_VARIABLES)
def test_markup_in_an_address_variable_fails_the_build_and_reaches_no_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, fix: str
) -> None:
    project = fixture_project(tmp_path)
    monkeypatch.setenv(variable, SCRIPT_URL)
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [_env_line(variable, fix)]
    assert (result.site / "404.html").is_file()
    assert _hostile_text(result.site, ("<script>alert(1)", '"><script')) == []
    assert _links_to(result.site, "evil.example") == []


@pytest.mark.build
def test_serve_reports_markup_in_the_site_address_once_and_keeps_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = fixture_project(tmp_path)
    monkeypatch.setenv("HANDBOOK_SITE_URL", SCRIPT_URL)
    with serving(project) as server:
        # MkDocs serves under the address's path, percent-encoded; no page holds the markup.
        home = server.get("")
        assert "Fixture Contact Center" in home
        assert "alert(1)" not in home and "evil.example" not in home
        mount = urllib.parse.quote('"><script>alert(1)</script>/')
        agent = server.get(f"{mount}roles/operations/agent/")
        assert "Answers calls." in agent and "alert(1)" not in agent
        assert [line for line in server.lines if "environment:" in line] == [
            f"ERROR   -  {_env_line('HANDBOOK_SITE_URL', SITE_FIX)}"
        ]
    assert_no_traceback(server.log)


@pytest.mark.build
def test_a_plain_address_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = fixture_project(tmp_path)
    monkeypatch.setenv("HANDBOOK_SITE_URL", "https://org.example/handbook/")
    monkeypatch.setenv("HANDBOOK_REPO_URL", "https://git.example/org/handbook")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    agent = (result.site / "roles" / "operations" / "agent" / "index.html").read_text("utf-8")
    assert (
        '<link rel="canonical" href="https://org.example/handbook/roles/operations/agent/">'
        in agent
    )
    assert 'href="https://git.example/org/handbook/edit/main/roles_data/roles/agent.yml"' in agent


# ---- Row: file names with line breaks or terminal escapes --------------------------------------

FORGED_NAMES = {
    "x\n::error file=README.md,line=1::Build hijacked.yml": (
        "x\\n::error file=README.md,line=1::Build hijacked.yml",
        "x-error-file-readme-md-line-1-build-hijacked.yml",
    ),
    "a\x1b[2Jb.yml": ("a\\x1b[2Jb.yml", "a-2jb.yml"),
    "t\x1b]0;pwned\x07.yml": ("t\\x1b]0;pwned\\x07.yml", "t-0-pwned.yml"),
    "x##[error]hijacked.yml": ("x#\\x23[error]hijacked.yml", "x-error-hijacked.yml"),
}


def _forged_line(escaped: str, suggestion: str) -> str:
    return (
        f"roles_data/roles/{escaped}: file name '{escaped}' is not a valid role id: use "
        f"lowercase letters, digits and hyphens, such as '{suggestion}'"
    )


def _forge(roles: Path) -> None:
    agent = (roles / "agent.yml").read_text(encoding="utf-8")
    for name in FORGED_NAMES:
        (roles / name).write_text(agent, encoding="utf-8")


def _assert_cannot_forge(text: str) -> None:
    for line in text.splitlines():
        assert not CONTROL.search(line), line
        assert not COMMAND.search(line), line


def test_file_names_cannot_forge_a_line_of_check(data: Path, check: Check) -> None:
    _forge(data / "roles")
    expected = sorted(_forged_line(*shown_as) for shown_as in FORGED_NAMES.values())
    code, lines = check()
    assert (code, sorted(lines)) == (1, expected)
    _assert_cannot_forge("\n".join(lines))
    # As annotations: GitHub's own escapes for a line break; each problem one command, on the
    # file of its own name; other control characters escaped as in text.
    code, lines = check("--format", "github")
    assert code == 1
    assert sorted(lines) == sorted(
        [
            "::error file=roles_data/roles/x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3ABuild "
            "hijacked.yml,title=handbook check::file name 'x\\n::error file=README.md,line=1::"
            "Build hijacked.yml' is not a valid role id: use lowercase letters, digits and "
            "hyphens, such as 'x-error-file-readme-md-line-1-build-hijacked.yml'",
            "::error file=roles_data/roles/a\\x1b[2Jb.yml,title=handbook check::file name "
            "'a\\x1b[2Jb.yml' is not a valid role id: use lowercase letters, digits and hyphens, "
            "such as 'a-2jb.yml'",
            "::error file=roles_data/roles/t\\x1b]0;pwned\\x07.yml,title=handbook check::file name "
            "'t\\x1b]0;pwned\\x07.yml' is not a valid role id: use lowercase letters, digits and "
            "hyphens, such as 't-0-pwned.yml'",
            "::error file=roles_data/roles/x##[error]hijacked.yml,title=handbook check::file name "
            "'x##[error]hijacked.yml' is not a valid role id: use lowercase letters, digits and "
            "hyphens, such as 'x-error-hijacked.yml'",
        ]
    )
    for line in lines:
        assert line.startswith("::error file=roles_data/roles/")
        assert not CONTROL.search(line), line


@pytest.mark.build
def test_file_names_cannot_forge_a_line_of_the_build_log(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _forge(project / "roles_data" / "roles")
    result = failing_build(project, tmp_path / "site")
    assert sorted(problem_lines(result.log)) == sorted(
        _forged_line(*shown_as) for shown_as in FORGED_NAMES.values()
    )
    _assert_cannot_forge(result.log)


# ---- Row: HANDBOOK_DATA names something that is not a folder ------------------------------------

DATA_FIX = (
    "set HANDBOOK_DATA to the folder that holds handbook.yml and roles/, or unset it to use the "
    "project's roles_data/"
)


def _not_a_folder(tmp_path: Path) -> list[tuple[str, str]]:
    hostname = tmp_path / "hostname"
    hostname.write_text("box\n", encoding="utf-8")
    return [
        (str(hostname), "is not a folder"),
        (str(tmp_path / "nowhere"), "does not exist"),
        ("/dev/null", "is not a folder"),
    ]


def test_a_data_variable_that_is_not_a_folder_is_one_line_of_check(
    data: Path, check: Check, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for value, what in _not_a_folder(tmp_path):
        monkeypatch.setenv("HANDBOOK_DATA", value)
        assert check() == (1, [f"environment: HANDBOOK_DATA: {value!r} {what}: {DATA_FIX}"])


@pytest.mark.build
def test_a_data_variable_that_is_not_a_folder_is_one_line_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = fixture_project(tmp_path)
    hostname = tmp_path / "hostname"
    hostname.write_text("box\n", encoding="utf-8")
    # tests.site.build sets HANDBOOK_DATA from its `data`: the file is given as that.
    result: Build = build(project, tmp_path / "site", data=hostname)
    assert result.code != 0, result.log
    assert_no_traceback(result.log)
    assert problem_lines(result.log) == [
        f"environment: HANDBOOK_DATA: {str(hostname)!r} is not a folder: {DATA_FIX}"
    ]


# ---- HANDBOOK_AUDIENCE, the other setting of the environment ----------------------------------


def test_an_unknown_audience_is_one_line_of_check(
    data: Path, check: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_AUDIENCE", "Internal")
    assert check() == (
        1,
        [
            "environment: HANDBOOK_AUDIENCE: 'Internal' is not an audience: use 'public' or "
            "'internal'"
        ],
    )


# ---- the same rule for the addresses mkdocs.yml itself gives ---------------------------------


@pytest.mark.build
def test_an_address_of_mkdocs_yml_is_refused_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = fixture_project(tmp_path)
    edit(
        project / "mkdocs.yml",
        'site_url: !ENV [HANDBOOK_SITE_URL, "http://127.0.0.1:8000/"]',
        "site_url: 'https://x.example/a b'",
    )
    # A javascript: address MkDocs itself takes (it has a host) is refused by name.
    monkeypatch.setenv("HANDBOOK_REPO_URL", "javascript://x.example/%0Aalert(1)")
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [
        "environment: HANDBOOK_REPO_URL: 'javascript://x.example/%0Aalert(1)' "
        f"{NOT_AN_ADDRESS} does not start with https:// or http://; {REPO_FIX}",
        f"mkdocs.yml: site_url: 'https://x.example/a b/' {NOT_AN_ADDRESS} holds spaces, which a "
        f"web address cannot hold; {SITE_FIX}",
    ]
    assert _javascript_links(result.site) == []
    assert _links_to(result.site, "x.example") == []
