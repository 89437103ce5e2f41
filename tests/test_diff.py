"""`handbook diff BASE [HEAD]`: what changes for people between two git revisions, in words."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.changes import compare
from handbook.cli import main
from handbook.validation import read_handbook
from tests.conftest import FIXTURES, edit

NEW_ROLE = """\
title: Quality Analyst
aliases: [QA]
department: operations
level: entry
reports_to: team-lead
summary: Listens to calls.
responsibilities:
  - area: Reviews
    description: Scores calls.
skills:
  - skill: communication
    level: 3
qualifications:
  education: High school diploma
  experience_years: 1
kpis:
  - kpi: customer-satisfaction
salary:
  min: 30000
  max: 34000
  source: Survey
"""

TRAINER = """\
title: Trainer
department: executive
level: lead
reports_to: director
summary: Prepares new starters for the floor and refreshes everyone's skills.
responsibilities:
  - area: Induction
    description: Runs the first four weeks of every new starter.
  - area: Refreshers
    description: Teaches short sessions on new products and systems.
skills:
  - skill: leadership
    level: 2
qualifications:
  education: Teaching certificate
  experience_years: 3
kpis:
  - kpi: average-handling-time
    target: Starters within 10% of the floor after six weeks
"""


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of the small fixture handbook (see the test for what
    the second changes), as the current folder."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Test Writer")
    _git(root, "config", "user.email", "writer@example.org")
    data = root / "roles_data"
    shutil.copytree(FIXTURES / "valid", data)
    roles = data / "roles"
    # A role that the second commit removes, and an internal pay band.
    (roles / "trainer.yml").write_text(TRAINER, "utf-8")
    edit(
        roles / "director.yml",
        "kpis:\n",
        "salary:\n  min: 90000\n  max: 120000\n  source: Board\n  visibility: internal\nkpis:\n",
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")

    # The second commit: team-leader.yml is renamed (and its references follow), retitled,
    # paid more, needs more leadership and gains a move; the agent gets another name, a new
    # responsibility and a new KPI target and loses its move; a role is added and one removed;
    # the director's internal band changes.
    _git(root, "mv", "roles_data/roles/team-leader.yml", "roles_data/roles/team-lead.yml")
    lead = roles / "team-lead.yml"
    edit(lead, "title: Team Leader", "title: Team Coach")
    edit(data / "processes.yml", "team-leader", "team-lead")
    edit(lead, "max: 44000", "max: 47250")
    edit(lead, "  - skill: leadership\n    level: 3", "  - skill: leadership\n    level: 4")
    edit(
        lead,
        "    requirements: Lead several teams.\n",
        "    requirements: Lead several teams.\n"
        "  - outside: Regional Manager\n"
        "    kind: promotion\n"
        "    typical_months: {min: 24, max: 48}\n"
        "    requirements: Run a site.\n",
    )
    agent = roles / "agent.yml"
    edit(agent, "reports_to: team-leader", "reports_to: team-lead")
    edit(
        agent,
        "aliases: [CSR, Customer Service Representative]",
        "aliases: [CSR, Customer Service Representative, Advisor]",
    )
    cut = agent.read_text("utf-8").split("progression:\n", 1)
    rest = cut[1].split("working_pattern:", 1)[1]
    agent.write_text(cut[0] + "working_pattern:" + rest, "utf-8")
    edit(
        agent,
        "    description: Answers customer calls.\n",
        "    description: Answers customer calls.\n"
        "  - area: Chat\n    description: Answers chats.\n",
    )
    edit(agent, "target: 6 minutes", "target: 5 minutes")
    edit(roles / "director.yml", "max: 120000", "max: 130000")
    (roles / "trainer.yml").unlink()
    (roles / "quality-analyst.yml").write_text(NEW_ROLE, "utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "second")
    monkeypatch.chdir(root)
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


PUBLIC_LINES = [
    "Role changes from HEAD~1 to HEAD: 1 role added, 1 role removed, 2 roles changed",
    "  Agent: other names: added Advisor",
    "  Agent: move removed: promotion to Team Leader",
    "  Agent: responsibility added: Chat",
    "  Agent: KPI Average handling time: target 6 minutes → 5 minutes",
    "  Quality Analyst: new role in Operations, level Entry, reports to Team Coach, "
    "pay band USD 30,000–34,000",
    "  Team Coach: id team-leader → team-lead (the role's file and page were renamed)",
    "  Team Coach: title Team Leader → Team Coach",
    "  Team Coach: pay band USD 38,000–44,000 → 38,000–47,250",
    "  Team Coach: new move: promotion to Regional Manager (outside the handbook), "
    "typically after 2–4 years",
    "  Team Coach: skill Leadership: level 3 → 4 of 5",
    "  Trainer: role removed",
]


def test_diff_says_each_change_in_words_and_a_renamed_file_keeps_its_identity(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "HEAD~1", "HEAD")
    assert (code, err) == (0, "")
    assert out.splitlines() == PUBLIC_LINES
    # The agent's manager was renamed, not changed: no reporting line changed, no internal band.
    assert "reports to" not in out.replace("reports to Team Coach, pay", "")
    assert "130,000" not in out and "Director" not in out


def test_the_working_tree_is_the_default_head(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / "roles_data" / "roles" / "agent.yml", "title: Agent", "title: Customer Agent")
    code, out, _ = _run(capsys, "HEAD")
    assert code == 0
    assert out.splitlines() == [
        "Role changes from HEAD to the working tree: 1 role changed",
        "  Customer Agent: title Agent → Customer Agent",
    ]
    code, out, _ = _run(capsys, "HEAD~1")
    assert "  Customer Agent: title Agent → Customer Agent" in out.splitlines()


def test_internal_pay_bands_only_for_the_internal_audience(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "HEAD~1", "HEAD", "--audience", "internal")
    assert code == 0
    assert "  Director: pay band USD 90,000–120,000 → 90,000–130,000 (internal)" in out.splitlines()
    assert out.splitlines()[0].endswith("3 roles changed")


def test_markdown_lists_each_role_with_its_changes_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "HEAD~1", "HEAD", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "### Role changes from HEAD&#126;1 to HEAD"
    assert lines[2] == "1 role added, 1 role removed, 2 roles changed."
    at = lines.index("- **Team Coach** (`team-lead`)")
    assert lines[at + 1 : at + 4] == [
        "  - id team-leader → team-lead (the role's file and page were renamed)",
        "  - title Team Leader → Team Coach",
        "  - pay band USD 38,000–44,000 → 38,000–47,250",
    ]
    assert "- **Trainer** (`trainer`)" in lines
    assert "  - skill Leadership&#58; level 3 → 4 of 5" in lines


def test_titles_with_markup_stay_text_in_markdown(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / "roles_data" / "roles" / "agent.yml", "title: Agent", 'title: "<b>Agent</b> *x*"')
    code, out, _ = _run(capsys, "HEAD", "--format", "markdown")
    assert code == 0
    assert "- **&#60;b&#62;Agent&#60;/b&#62; &#42;x&#42;** (`agent`)" in out.splitlines()
    assert "<b>" not in out


def test_outside_a_repository_or_with_an_unknown_revision_one_line_and_exit_2(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run(capsys, "no-such-branch")
    assert (code, out) == (2, "")
    assert err == (
        "handbook diff: unknown revision 'no-such-branch': name a branch, tag or commit of this "
        "repository (e.g. main, origin/main, HEAD~1); in a shallow clone, fetch it first\n"
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, err = _run(capsys, "main")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("handbook diff: ") and "is not in a git repository" in err


def test_a_move_whose_time_is_only_marked_as_own_is_not_a_change(tmp_path: Path) -> None:
    """`basis: own` says where a figure comes from; the figure itself did not change."""
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "valid", old_dir)
    shutil.copytree(FIXTURES / "valid", new_dir)
    edit(
        new_dir / "roles" / "agent.yml",
        "typical_months: {min: 12, max: 24}",
        "typical_months: {min: 12, max: 24, basis: own}",
    )
    old, new = read_handbook(old_dir).handbook, read_handbook(new_dir).handbook
    assert compare(old, new) == []
    edit(
        new_dir / "roles" / "agent.yml",
        "typical_months: {min: 12, max: 24, basis: own}",
        "typical_months: {min: 12, max: 30, basis: own}",
    )
    changed = compare(old, read_handbook(new_dir).handbook)
    assert [c.text for c in changed] == [
        "move to Team Leader: typically after 1–2 years → 12–30 months"
    ]
