"""Change history from git, read in one pass over `git log` (never one git call per file).

Each record (a dataset folder, a party folder, a story or tool file) gets its changes, newest
first, with commit, date (committer date: when it reached the branch) and subject. Outside a git
repository the history is simply empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import git


@dataclass(frozen=True)
class Change:
    commit: str
    date: str  # ISO 8601 with offset, e.g. 2026-01-15T10:00:00-06:00
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass
class History:
    records: dict[str, list[Change]] = field(default_factory=dict)  # record key -> changes, newest first
    files: dict[str, Change] = field(default_factory=dict)  # file -> its last change

    def of(self, key: str) -> list[Change]:
        return self.records.get(key, [])

    def created(self, key: str) -> Change | None:
        changes = self.of(key)
        return changes[-1] if changes else None

    def updated(self, key: str) -> Change | None:
        changes = self.of(key)
        return changes[0] if changes else None

    def last_change_of_files(self, paths: list[str]) -> Change | None:
        found = [self.files[p] for p in paths if p in self.files]
        return max(found, key=lambda c: c.date) if found else None


def is_shallow(root: Path) -> bool:
    """A shallow clone lacks the history that dates and plan statuses come from."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        return repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return False


def record_key(path: str) -> str | None:
    """The record a repository path belongs to: 'datasets/p/d', 'parties/p' or the story/tool file."""
    parts = path.split("/")
    if parts[0] == "datasets" and len(parts) >= 4:
        return "/".join(parts[:3])
    if parts[0] == "parties" and len(parts) >= 3:
        return "/".join(parts[:2])
    if parts[0] == "best-practices" and len(parts) == 3 and parts[1] in ("stories", "tools"):
        return path
    return None


def read_history(root: Path, until: str | None = None) -> History:
    """One `git log` over the catalogue folders; `until` limits it to commits up to a date."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        prefix = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        # first parent only: a change counts from when it reached the branch, merge or not
        args = ["--format=%x1e%H%x1f%cI%x1f%s", "--name-only", "--no-renames", "-z",
                "--first-parent", "--diff-merges=first-parent", "HEAD"]
        if until:
            args.insert(0, f"--until={until}")
        base = "" if prefix == "." else prefix + "/"
        raw = repo.git.log(*args, "--", *[f"{base}{p}" for p in ("datasets", "parties", "best-practices")])
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return History()
    return parse_log(raw, "" if prefix == "." else prefix)


def parse_log(raw: str, prefix: str = "") -> History:
    history = History()
    records: dict[str, list[Change]] = defaultdict(list)
    for block in raw.split("\x1e"):
        if not block.strip("\0\n"):
            continue
        header, _, names = block.partition("\n")
        commit, date, subject = (header.rstrip("\0").split("\x1f") + ["", "", ""])[:3]
        change = Change(commit, date, subject)
        seen: set[str] = set()
        for name in names.replace("\n", "\0").split("\0"):
            if not name:
                continue
            if prefix:
                if not name.startswith(prefix + "/"):
                    continue
                name = name[len(prefix) + 1:]
            history.files.setdefault(name, change)
            key = record_key(name)
            if key and key not in seen:
                seen.add(key)
                records[key].append(change)
    history.records = dict(records)
    return history
