"""Stage 3, enrich (what git says): Change history from git, read in one pass over `git log` (never one
git call per file)."""

# Each record (a dataset folder, a party folder, a story or tool file) gets its changes, newest
# first, with commit, date (committer date: when it reached the branch), subject and the
# publisher's change note; a dataset's changes also keep which of its files each one touched, so
# that a page can tell a data update from a description edit (`change_kind`). Outside a git
# repository the history is simply empty. The log itself is read (and cached between builds) by
# gitlog.py and historycache.py; this module says what it means for the catalogue's records.

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import git

from ..checks.personal import find_kinds
from .gitlog import ADDED, Change, Log, newest_change
from .historycache import catalogue_log

__all__ = [
    "Change",
    "History",
    "change_kind",
    "is_shallow",
    "read_history",
    "record_key",
    "subject_withheld",
]

DESCRIPTOR = "datapackage.yaml"
# What a change did to a dataset, from the files it touched (change_kind)
PUBLISHED, DATA, DESCRIPTION = "publicado", "datos", "descripcion"
FileChange = tuple[str, int]  # (path inside the record's folder, gitlog status: ADDED, MODIFIED, …)


@dataclass
class History:
    records: dict[str, list[Change]] = field(default_factory=dict)  # record key -> changes, newest first
    files: dict[str, Change] = field(default_factory=dict)  # file -> its last change
    malformed: int = 0  # records of git's log left out because they were not well formed
    # dataset record key -> for each of its changes (same order as `records`), its files' codes
    touched: dict[str, list[list[int]]] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # the log's paths, which the codes index

    def of(self, key: str) -> list[Change]:
        return self.records.get(key, [])

    def files_of(self, key: str, changes: list[Change] | None = None) -> list[list[FileChange]]:
        """For each change of a dataset record (newest first, as `of`, or as `changes` when given),
        the files it touched in the record's folder with their status; empty lists where the
        history does not know them (changes it did not read)."""
        own = self.of(key)
        touched = self.touched.get(key)
        if changes is not None and changes is not own and changes != own:
            return [[] for _ in changes]
        if touched is None:
            return [[] for _ in own]
        cut, paths = len(key) + 1, self.paths
        return [[(paths[code >> 2][cut:], code & 3) for code in codes] for codes in touched]

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
        touched: dict[str, list[list[int]]] = {}
        paths = log.paths
        keys: list[str | None] = [record_key(path) for path in paths]
        of_dataset = [key is not None and key.startswith("datasets/") for key in keys]
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
                elif of_dataset[code >> 2]:  # another file of the dataset in the same commit
                    touched[key][-1].append(code)
                    continue
                if of_dataset[code >> 2]:
                    touched.setdefault(key, []).append([code])
        for changes in records.values():
            changes.reverse()
        for files_by_change in touched.values():
            files_by_change.reverse()
        return cls(records, files, log.malformed, touched, paths)


@lru_cache(maxsize=4096)  # one commit's subject is shown for every record it touched
def subject_withheld(subject: str) -> bool:
    """Commit subjects are published (history on the pages, the API, the feeds) but live outside
    every file the validator screens: one that holds personal data is not shown anywhere."""
    return bool(find_kinds(subject))


def change_kind(files: list[FileChange]) -> str:
    """PUBLISHED when a change added the dataset's descriptor, DATA when it touched any other file
    of its folder (its data), DESCRIPTION when it changed only the descriptor. A resource given
    by URL changes outside the repository: an edit of its descriptor counts as a DESCRIPTION."""
    if any(path == DESCRIPTOR and status == ADDED for path, status in files):
        return PUBLISHED
    return DATA if any(path != DESCRIPTOR for path, _ in files) else DESCRIPTION


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
