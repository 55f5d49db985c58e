"""What a change touched, from git, turned into a check Scope that includes the references into
and out of the touched records, so a pull request's check does not grow with the catalogue."""

from __future__ import annotations

from pathlib import Path

import git

from .check import Scope
from .model import Catalogue


class BadReference(Exception):
    """The git reference does not exist or the folder is not a git repository."""


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed since the merge base of `ref` and HEAD, including uncommitted and untracked ones."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        base = repo.git.merge_base(ref, "HEAD")
        changed = repo.git.diff("--name-only", "--no-renames", "-z", base).split("\0")
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z").split("\0")
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError) as exc:
        raise BadReference(str(ref)) from exc
    prefix = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    paths = sorted({p for p in changed + untracked if p})
    if prefix not in ("", "."):
        paths = [p[len(prefix) + 1:] for p in paths if p.startswith(prefix + "/")]
    return paths


# A change to these changes the rules themselves: every record must be checked again.
RULE_PATHS = ("scripts/", "pyproject.toml", "catalogo.yaml")


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
