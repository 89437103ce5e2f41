"""Live preview: `mkdocs serve` reflects edits, explains a broken one in a line, and recovers."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from handbook.render.templating import PACKAGE_TEMPLATES
from tests.conftest import FIXTURES, edit
from tests.site import make_project, mkdocs_env, own_page

pytestmark = pytest.mark.build

TEAM_LEADER = "roles/operations/team-leader/"
AGENT = "roles/operations/agent/"
SUMMARY = "Leads a team of agents."
TIMEOUT = 90.0


@dataclass
class Server:
    """A running `mkdocs serve` on a copy of the project, and everything it has logged."""

    project: Path
    url: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve stopped while waiting for {what}:\n{self.log}")
            try:
                if condition():
                    return
            except urllib.error.URLError:
                pass
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}:\n{self.log}")

    def builds(self) -> int:
        return self.log.count("Reloading browsers")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(project: Path) -> Iterator[Server]:
    """`mkdocs serve` on `project`, as `make serve` runs it, until the block ends."""
    port = _free_port()
    process = subprocess.Popen(
        # As `make serve` runs it: dirty rebuilds, so a save rebuilds only what it affects.
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=mkdocs_env(project / "roles_data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(project, f"http://127.0.0.1:{port}/", process)
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            running.lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        running.wait_for("the first build", lambda: "Serving on" in running.log)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when serve hangs
            process.kill()
            process.wait()
        reader.join(timeout=5)
        stdout.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with serving(make_project(tmp_path / "project", data=FIXTURES / "valid")) as running:
        yield running


def test_serve_shows_a_template_override_as_soon_as_it_is_saved(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    edit(
        project / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    folder = project / "overrides" / "handbook" / "role"
    folder.mkdir(parents=True)
    source = (PACKAGE_TEMPLATES / "role" / "title.md").read_text(encoding="utf-8")
    with serving(project) as server:
        assert "(our wording)" not in server.get(AGENT)
        for wording in ("our wording", "our second wording"):
            (folder / "title.md").write_text(
                source.replace("# {{ title|md }}", f"# {{{{ title|md }}}} ({wording})"),
                encoding="utf-8",
            )
            server.wait_for(wording, lambda w=wording: f">Agent ({w})<" in server.get(AGENT))
        assert "Traceback" not in server.log


def test_serve_shows_data_edits_explains_a_broken_one_and_recovers(server: Server) -> None:
    role_file = server.project / "roles_data" / "roles" / "team-leader.yml"
    assert SUMMARY in server.get(TEAM_LEADER)

    edit(role_file, SUMMARY, "Guides a pod of agents.")
    server.wait_for("the edit", lambda: "Guides a pod of agents." in server.get(TEAM_LEADER))

    edit(role_file, "reports_to: director", "reports_to: directr")
    server.wait_for("the check message", lambda: "unknown role 'directr'" in server.log)
    message = next(line for line in server.lines if "unknown role 'directr'" in line)
    assert message.endswith(
        "roles_data/roles/team-leader.yml:5: reports_to: unknown role 'directr' "
        "(did you mean 'director'?)"
    )
    # The server keeps serving: the role's page says what to fix; other pages are as usual.
    server.wait_for(
        "the page to show the problem",
        lambda: "This role has 1 problem to fix" in server.get(TEAM_LEADER),
    )
    assert "reports_to: unknown role &#x27;directr&#x27;" in server.get(TEAM_LEADER)
    assert "Answers calls." in server.get(AGENT)

    edit(role_file, "reports_to: directr", "reports_to: director")
    server.wait_for(
        "the fixed edit",
        lambda: (
            "Guides a pod of agents." in server.get(TEAM_LEADER)
            and "problem to fix" not in server.get(TEAM_LEADER)
        ),
    )
    assert "Traceback" not in server.log
    assert server.process.poll() is None


def test_serve_explains_a_template_mistake_in_a_page_and_recovers(server: Server) -> None:
    page = own_page(server.project, "org-chart.md")
    original = page.read_text(encoding="utf-8")
    builds = server.builds()
    page.write_text(original.replace("{{ org_chart(", "{{ org_chrt(", 1), encoding="utf-8")
    server.wait_for("the message", lambda: "'org_chrt' is not a macro" in server.log)
    line = next(line for line in server.lines if "'org_chrt' is not a macro" in line)
    assert re.search(r"docs/org-chart\.md:\d+: 'org_chrt' is not a macro or variable", line)
    assert "(did you mean 'org_chart'?)" in line
    server.wait_for("the rebuild", lambda: server.builds() > builds)

    page.write_text(original, encoding="utf-8")
    server.wait_for("the fixed page", lambda: 'class="hb-org' in server.get("org-chart/"))
    assert "Traceback" not in server.log
    assert server.process.poll() is None


def test_serve_shows_a_new_role_and_lists_the_placeholders_left_on_its_page(
    server: Server,
) -> None:
    roles = server.project / "roles_data" / "roles"
    text = (roles / "agent.yml").read_text(encoding="utf-8")
    text = text.replace("title: Agent", "title: Floor Coach").replace(
        "aliases: [CSR, Customer Service Representative]", "aliases: []"
    )
    (roles / "floor-coach.yml").write_text(text, encoding="utf-8")
    server.wait_for(
        "the new role's page", lambda: "Floor Coach" in server.get("roles/operations/floor-coach/")
    )
    edit(roles / "floor-coach.yml", "summary: Answers calls.", 'summary: "<FILL IN: why>"')
    server.wait_for(
        "the placeholder on its page",
        lambda: "placeholder left to fill in: why" in server.get("roles/operations/floor-coach/"),
    )
    assert "Answers calls." in server.get(AGENT)
    assert "Traceback" not in server.log


def test_serve_shows_a_changed_title_on_every_page_that_names_the_role(server: Server) -> None:
    """A dirty rebuild rebuilds every page a data file feeds: the role's page, its neighbours'
    and department's, and the general pages that show role data (organisation chart, roles
    index, reference pages), which would otherwise keep the old title."""
    role_file = server.project / "roles_data" / "roles" / "agent.yml"
    pages = ["roles/operations/agent/", "roles/operations/", "org-chart/", "roles/"]
    pages += ["reference/skills/", "roles/operations/team-leader/"]
    assert all("Floor Agent" not in server.get(page) for page in pages)
    edit(role_file, "title: Agent", "title: Floor Agent")
    server.wait_for(
        "the new title on every page",
        lambda: all("Floor Agent" in server.get(page) for page in pages),
    )
    assert "Traceback" not in server.log


def test_serve_drops_a_deleted_role_from_the_general_pages(server: Server) -> None:
    roles = server.project / "roles_data" / "roles"
    text = (roles / "agent.yml").read_text(encoding="utf-8")
    text = text.replace("title: Agent", "title: Floor Coach").replace(
        "aliases: [CSR, Customer Service Representative]", "aliases: []"
    )
    (roles / "floor-coach.yml").write_text(text, encoding="utf-8")
    server.wait_for(
        "the new role on the roles index", lambda: "Floor Coach" in server.get("roles/")
    )
    (roles / "floor-coach.yml").unlink()
    server.wait_for(
        "the role gone from the index", lambda: "Floor Coach" not in server.get("roles/")
    )
    assert "Floor Coach" not in server.get("org-chart/")
