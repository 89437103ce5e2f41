"""What changed, on the site: dates on role pages and the "What changed" page, from git history.

A project is made in a temporary git repository around the small fixture handbook, with three
commits at set dates, and built strictly as CI builds it; then copies of it without history (no
.git, a shallow clone) are built the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook import history
from handbook.audience import Audience, publish
from handbook.history import read_history
from handbook.render import recent
from handbook.validation import read_handbook
from tests.site import ROOT, Build, PageParser, build, make_project

FIXTURE = ROOT / "tests" / "fixtures" / "valid"
FIRST, SECOND, THIRD = (
    "2024-01-10T09:00:00+00:00",
    "2024-03-05T15:30:00+01:00",
    "2024-06-20T08:00:00+00:00",
)
INTERNAL_BAND = "salary:\n  min: 90000\n  max: 120000\n  source: Board\n  visibility: internal\n"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    if date is not None:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def make_repository(target: Path) -> Path:
    """A project whose data has three commits:

    1. (Jan 10, 2024) the fixture handbook; the director's pay band is internal.
    2. (Mar 5, 2024) team-leader.yml renamed team-coach.yml and retitled; the agent's pay
       band's top raised.
    3. (Jun 20, 2024) the director's internal band raised; a comment added to the agent's file.
    """
    project = make_project(target, data=FIXTURE)
    # No pages of its own, as a project `handbook init` makes: docs_dir names the data folder.
    shutil.rmtree(project / "docs")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as file:
        file.write("docs_dir: roles_data\n")
    roles = project / "roles_data" / "roles"
    with (roles / "director.yml").open("a", encoding="utf-8") as file:
        file.write(INTERNAL_BAND)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Writer")
    git(project, "config", "user.email", "writer@example.org")
    commit(project, "The handbook", FIRST)

    git(project, "mv", "roles_data/roles/team-leader.yml", "roles_data/roles/team-coach.yml")
    edit(roles / "team-coach.yml", "title: Team Leader", "title: Team Coach")
    edit(roles / "agent.yml", "reports_to: team-leader", "reports_to: team-coach")
    edit(roles / "agent.yml", "- to: team-leader", "- to: team-coach")
    edit(roles / "agent.yml", "max: 35000", "max: 36500")
    edit(project / "roles_data" / "processes.yml", "team-leader", "team-coach")
    commit(project, "Team coaches", SECOND)

    edit(roles / "director.yml", "min: 90000\n  max: 120000", "min: 95000\n  max: 125000")
    edit(roles / "agent.yml", "title: Agent\n", "title: Agent\n# Reviewed in June.\n")
    commit(project, "Director's band", THIRD)
    return project


def text_of(site: Path, page: str) -> str:
    parser = PageParser()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())


def article(site: Path, page: str) -> str:
    """The page's own content (without the navigation, which names every page)."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert found, page
    parser = PageParser()
    parser.feed(found.group(1))
    return " ".join(" ".join(parser.text).split())


def last_changed(site: Path, role_page: str) -> str | None:
    found = re.search(r"Last changed (\w+ \d+, \d{4})", article(site, role_page))
    return found.group(1) if found else None


def days(site: Path) -> list[tuple[str, str]]:
    """The "What changed" page's days, in order, each with the text under its heading."""
    html = (site / "changes" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert found
    out = []
    for chunk in found.group(1).split("<h2 ")[1:]:
        parser = PageParser()
        parser.feed("<h2 " + chunk)
        heading, _, rest = " ".join(" ".join(parser.text).split()).partition("¶")
        out.append((heading.strip(), rest.strip()))
    return out


AGENT, COACH, DIRECTOR = (
    "roles/operations/agent",
    "roles/operations/team-coach",
    "roles/executive/director",
)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("history") / "project")


@pytest.fixture(scope="module")
def public_site(repository: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build(repository, tmp_path_factory.mktemp("public") / "site")
    assert done.code == 0, done.log
    return done


def test_role_pages_say_when_each_role_last_changed(public_site: Build) -> None:
    site = public_site.site
    # The agent's band changed in March; June's comment is not a change to its page.
    assert last_changed(site, AGENT) == "March 5, 2024"
    # Renamed and retitled in March: the page at its new address says so.
    assert last_changed(site, COACH) == "March 5, 2024"
    # Only its internal band changed since January: the public edition does not count that.
    assert last_changed(site, DIRECTOR) == "January 10, 2024"
    assert '<time datetime="2024-03-05">' in (site / AGENT / "index.html").read_text("utf-8")


def test_the_what_changed_page_lists_the_changes_in_words_newest_first(public_site: Build) -> None:
    listed = days(public_site.site)
    assert [heading for heading, _ in listed] == ["March 5, 2024", "January 10, 2024"]
    march, january = listed[0][1], listed[1][1]
    assert "Team Coach id team-leader → team-coach" in march
    assert "title Team Leader → Team Coach" in march
    assert "Agent pay band USD 32,000–35,000 → 32,000–36,500" in march
    # The reporting line did not change: the manager's file was renamed, not replaced.
    assert "reports to" not in march
    assert january.startswith("The handbook began, with 3 roles.")
    page = article(public_site.site, "changes")
    assert "Every change to the role data since the handbook began, on January 10, 2024." in page
    html = (public_site.site / "changes" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../roles/operations/team-coach/">Team Coach</a>' in html


def test_an_internal_band_never_reaches_the_public_page(public_site: Build) -> None:
    page = article(public_site.site, "changes")
    assert "June 20, 2024" not in page  # that commit changed nothing the public sees
    assert days(public_site.site)[0][0] == "March 5, 2024"
    for figure in ("90,000", "95,000", "120,000", "125,000", "internal"):
        assert figure not in page
        assert figure not in article(public_site.site, DIRECTOR)


def test_the_staff_edition_shows_the_internal_change(
    repository: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    done = build(repository, tmp_path_factory.mktemp("internal") / "site", audience="internal")
    assert done.code == 0, done.log
    listed = days(done.site)
    assert [heading for heading, _ in listed][:2] == ["June 20, 2024", "March 5, 2024"]
    assert "Director pay band USD 90,000–120,000 → 95,000–125,000 (internal)" in listed[0][1]
    assert last_changed(done.site, DIRECTOR) == "June 20, 2024"
    assert last_changed(done.site, AGENT) == "March 5, 2024"


def test_a_copy_without_git_builds_and_says_it_has_no_history(
    repository: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "download"
    shutil.copytree(repository, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    done = build(copy, tmp_path / "site")
    assert done.code == 0, done.log
    for role_page in (AGENT, COACH, DIRECTOR):
        assert last_changed(done.site, role_page) is None
        assert "Last changed" not in article(done.site, role_page)
    page = article(done.site, "changes")
    assert recent.NO_HISTORY in page
    assert "2024" not in page


def test_a_shallow_clone_shows_no_false_changes(repository: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repository.as_uri(), str(clone))
    done = build(clone, tmp_path / "site")
    assert done.code == 0, done.log
    # The one commit holds every file as if it were new: it says nothing about any role.
    for role_page in (AGENT, COACH, DIRECTOR):
        assert last_changed(done.site, role_page) is None
    page = article(done.site, "changes")
    assert "new role" not in page and "began" not in page
    assert "This copy's history stops on June 20, 2024" in page


# ---- the history itself, without a build ------------------------------------------------------


def _read(project: Path, audience: Audience = Audience.PUBLIC, **kw: Any) -> history.History:
    data = project / "roles_data"
    return read_history(data, publish(data, audience), **kw)


def test_a_deeper_shallow_clone_dates_only_what_it_knows(repository: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", repository.as_uri(), str(clone))
    found = _read(clone, Audience.INTERNAL)
    # June's commit is known (its parent is there); March's, where the clone stops, is not.
    assert found.changed("director") is not None
    assert found.changed("director").isoformat() == "2024-06-20"  # type: ignore[union-attr]
    assert found.changed("agent") is None  # its last change is March's, which is unknown
    assert found.changed("team-coach") is None
    assert [e.day.isoformat() for e in found.entries] == ["2024-06-20"]
    assert found.stops is not None and found.stops.isoformat() == "2024-03-05"


def test_the_limit_setting_and_the_scope_sentence(tmp_path: Path) -> None:
    project = make_repository(tmp_path / "project")
    found = _read(project, Audience.INTERNAL, limit=1)
    assert (found.looked_at, found.more) == (1, True)
    assert [e.day.isoformat() for e in found.entries] == ["2024-06-20"]
    # Roles still get the date of their last change, however far back.
    assert found.changed("team-coach") is not None
    settings = project / "roles_data" / "handbook.yml"
    with settings.open("a", encoding="utf-8") as file:
        file.write("recent_changes: 2\n")
    commit(project, "Two commits on the page", "2024-07-01T10:00:00+00:00")
    found = _read(project, Audience.INTERNAL)
    assert found.limit == 2 and found.looked_at == 2


def test_a_role_edited_in_the_working_tree_has_no_date(tmp_path: Path) -> None:
    project = make_repository(tmp_path / "project")
    edit(project / "roles_data" / "roles" / "agent.yml", "max: 36500", "max: 37000")
    found = _read(project)
    assert found.changed("agent") is None  # the page shows a version no commit holds
    assert found.changed("team-coach") is not None


def test_the_history_is_read_once_per_head(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project = make_repository(tmp_path / "project")
    calls: list[str] = []
    real_run: Callable[..., Any] = subprocess.run

    def counting(args: list[str], **kw: Any) -> Any:
        calls.append(next(a for a in args[1:] if not a.startswith("-") and "=" not in a))
        return real_run(args, **kw)

    monkeypatch.setattr(subprocess, "run", counting)
    first = _read(project)
    # One pass, whatever the number of roles: no git command is run per role or per commit.
    assert calls == ["rev-parse", "status", "log", "ls-tree"]
    calls.clear()
    again = _read(project)  # as `mkdocs serve` does on every rebuild
    assert calls == ["rev-parse", "status"]
    assert again.entries == first.entries
    edit(project / "roles_data" / "roles" / "agent.yml", "min: 32000", "min: 33000")
    commit(project, "Agent's band", "2024-08-01T10:00:00+00:00")
    calls.clear()
    moved = _read(project)
    assert "log" in calls
    assert moved.changed("agent") is not None
    assert moved.changed("agent").isoformat() == "2024-08-01"  # type: ignore[union-attr]


def test_the_publishing_workflow_fetches_the_whole_history() -> None:
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    )
    checkout = next(
        step
        for step in workflow["jobs"]["build"]["steps"]
        if step.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0


def test_the_limit_setting_is_checked_like_every_other(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    with (data / "handbook.yml").open("a", encoding="utf-8") as file:
        file.write("recent_changes: 0\n")
    messages = [str(p) for p in read_handbook(data, display_root=tmp_path).problems]
    assert messages == ["data/handbook.yml:3: recent_changes: must be at least 1, got 0"]
