"""Stage 3, enrich (what git says): Change history from git, read in one pass over `git log` (never one
git call per file)."""

# Each record (a dataset folder, a party folder, a story or tool file) gets its changes, newest
# first, with commit, date (committer date: when it reached the branch) and subject. Outside a git
# repository the history is simply empty. The log itself is read (and cached between builds) by
# gitlog.py and historycache.py; this module says what it means for the catalogue's records.

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import git

from ..checks.personal import find_kinds
from .gitlog import Change, Log, newest_change
from .historycache import catalogue_log

__all__ = ["Change", "History", "is_shallow", "read_history", "record_key", "subject_withheld"]


@dataclass
class History:
    records: dict[str, list[Change]] = field(default_factory=dict)  # record key -> changes, newest first
    files: dict[str, Change] = field(default_factory=dict)  # file -> its last change
    malformed: int = 0  # records of git's log left out because they were not well formed

    def of(self, key: str) -> list[Change]:
        return self.records.get(key, [])

    def created(self, key: str) -> Change | None:
        changes = self.of(key)
        return changes[-1] if changes else None

    def updated(self, key: str) -> Change | None:
        changes = self.of(key)
        return changes[0] if changes else None

    def last_change_of_files(self, paths: list[str] | tuple[str, ...]) -> Change | None:
        """The latest in time of the files' last changes (dates with different offsets compared as instants)."""
        return newest_change(self.files.get(p) for p in paths)

    def newest(self) -> Change | None:
        """The latest in time of the records' last changes."""
        return newest_change(changes[0] for changes in self.records.values() if changes)

    @classmethod
    def from_log(cls, log: Log) -> History:
        """Records and files from the log (oldest commit first), in the same order whichever way
        the log was read, so a cached log gives the same history as a cold one."""
        records: dict[str, list[Change]] = {}
        files: dict[str, Change] = {}
        paths = log.paths
        keys: list[str | None] = [record_key(path) for path in paths]
        for change, codes in zip(log.commits, log.changes, strict=True):
            for code in codes:
                files[paths[code >> 2]] = change
                key = keys[code >> 2]
                if key is None:
                    continue
                changes = records.get(key)
                if changes is None:
                    records[key] = [change]
                elif changes[-1] is not change:
                    changes.append(change)
        for changes in records.values():
            changes.reverse()
        return cls(records, files, log.malformed)


@lru_cache(maxsize=4096)  # one commit's subject is shown for every record it touched
def subject_withheld(subject: str) -> bool:
    """Commit subjects are published (history on the pages, the API, the feeds) but live outside
    every file the validator screens: one that holds personal data is not shown anywhere."""
    return bool(find_kinds(subject))


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


def read_history(root: Path) -> History:
    """The history of the catalogue at `root` (through the cache between builds)."""
    return History.from_log(catalogue_log(root))
