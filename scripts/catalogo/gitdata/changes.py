"""Stage 3, enrich (what git says): What a change touched, from git, turned into a check Scope that
includes the references into and out of the touched records, so a pull request's check does not grow
with the catalogue."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git

from ..checks.codeowners import CODEOWNERS_PATH
from ..checks.run import Scope
from ..core.model import Catalogue

# A change to these changes the rules themselves: every record must be checked again.
RULE_PATHS = ("scripts/", "pyproject.toml", "catalogo.yaml")
# Where a new, untracked file can matter to validation: the records, the rules and CODEOWNERS.
# Listing untracked files walks every folder under these, so nothing else is walked.
UNTRACKED_PATHS = ("datasets", "parties", "best-practices", *RULE_PATHS, CODEOWNERS_PATH)


class BadReference(Exception):
    """The git reference does not exist or the folder is not a git repository."""


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed since the merge base of `ref` and HEAD, including uncommitted ones and
    untracked ones where they can matter (UNTRACKED_PATHS). Ask once per command and share."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        base = repo.git.merge_base(ref, "HEAD")
        top = Path(str(repo.working_tree_dir)).resolve()
        prefix = Path(root).resolve().relative_to(top).as_posix()
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError) as exc:
        raise BadReference(str(ref)) from exc
    prefix = "" if prefix in ("", ".") else prefix + "/"
    # Both listings walk the working tree; they run side by side.
    diff = _start(top, "diff", "--name-only", "--no-renames", "-z", base, "--")
    others = _start(
        top,
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--",
        *(f":(literal){prefix}{p.rstrip('/')}" for p in UNTRACKED_PATHS),
    )
    listed = [_finish(diff, ref), _finish(others, ref)]
    paths = sorted({p for text in listed for p in text.split("\0") if p})
    if prefix:
        paths = [p[len(prefix) :] for p in paths if p.startswith(prefix)]
    return paths


def _start(top: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", *args]
    return subprocess.Popen(command, cwd=top, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _finish(process: subprocess.Popen[bytes], ref: str) -> str:
    out, _ = process.communicate()
    if process.returncode != 0:
        raise BadReference(str(ref))
    return out.decode("utf-8", errors="surrogateescape")


def scope_for_paths(catalogue: Catalogue, paths: list[str]) -> Scope | None:
    """The records a set of changed (or named) paths touch, plus those that reference them;
    None (everything) when the change touches the validator, its schemas or the configuration."""
    if any(path.startswith(RULE_PATHS) for path in paths):
        return None
    scope = Scope()
    touched_datasets: set[str] = set()
    for path in paths:
        parts = path.strip("/").split("/")
        if parts[0] == "parties" and len(parts) >= 2:
            scope.folders.add(f"parties/{parts[1]}")
            for dataset in catalogue.datasets_of(parts[1]):
                scope.files.add(dataset.path)
        elif parts[0] == "datasets" and len(parts) >= 3:
            scope.folders.add(f"datasets/{parts[1]}/{parts[2]}")
            touched_datasets.add(f"{parts[1]}/{parts[2]}")
            party = catalogue.parties.get(parts[1])
            if party and party.inventory_path:
                scope.files.add(party.inventory_path)
        elif parts[0] == "datasets" and len(parts) == 2:
            scope.folders.add(path.strip("/"))
            touched_datasets.update(d.key for d in catalogue.datasets_of(parts[1]))
        elif parts[0] == "best-practices" and len(parts) >= 2:
            scope.folders.add("/".join(parts[:3]))
        elif parts[0] in ("parties", "datasets", "best-practices"):
            scope.folders.add(parts[0])
    if touched_datasets:
        for record in [*catalogue.stories.values(), *catalogue.tools.values()]:
            if touched_datasets.intersection(record.dataset_refs):
                scope.files.add(record.path)
    return scope
