"""When each file of the catalogue was added and changed, from ONE `git log --name-status` pass:
what the indicators need to read the catalogue as it was at a past date (which parties, datasets,
inventories and plans existed, and when each data file last changed by then) without checking
out old commits or calling git once per date or per file."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import git

FOLDERS = ("datasets", "parties", "best-practices")


@dataclass
class Timeline:
    changed: dict[str, list[str]] = field(default_factory=dict)  # path -> distinct days it changed, ascending
    added: dict[str, str] = field(default_factory=dict)  # path -> day of its latest addition
    first_day: str | None = None  # day of the oldest commit

    def present(self, path: str, day: dt.date) -> bool:
        """The file existed on `day` (it was added on or before it and is still there now)."""
        since = self.added.get(path)
        return since is not None and since <= day.isoformat()

    def last_change(self, paths: list[str] | tuple[str, ...], day: dt.date) -> dt.date | None:
        """The newest change on or before `day` of any of `paths`."""
        limit = day.isoformat()
        found = None
        for path in paths:
            days = self.changed.get(path, [])
            i = bisect.bisect_right(days, limit)
            if i and (found is None or days[i - 1] > found):
                found = days[i - 1]
        return dt.date.fromisoformat(found) if found else None


def read_timeline(root: Path) -> Timeline:
    """One `git log` over the catalogue folders; outside a git repository the timeline is empty."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        prefix = Path(root).resolve().relative_to(Path(str(repo.working_tree_dir)).resolve()).as_posix()
        base = "" if prefix == "." else prefix + "/"
        raw = repo.git.log("--reverse", "--format=%x1e%cI", "--name-status", "--no-renames", "-z",
                           "--first-parent", "--diff-merges=first-parent", "HEAD",
                           "--", *[f"{base}{p}" for p in FOLDERS])
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return Timeline()
    return parse_name_status(raw, base)


def parse_name_status(raw: str, base: str = "") -> Timeline:
    """Parse `git log --reverse --format=%x1e%cI --name-status -z` output (oldest commit first)."""
    timeline = Timeline()
    changed: dict[str, list[str]] = defaultdict(list)
    for block in raw.split("\x1e"):
        tokens = [t.strip("\n") for t in block.split("\0")]
        if not tokens or not tokens[0]:
            continue
        day = tokens[0][:10]
        timeline.first_day = min(timeline.first_day or day, day)
        for status, name in zip(tokens[1::2], tokens[2::2], strict=False):
            if not name or (base and not name.startswith(base)):
                continue
            path = name[len(base):]
            changed[path].append(day)
            if status.startswith("A"):
                timeline.added[path] = day
            elif status.startswith("D"):
                timeline.added.pop(path, None)
    # committer dates are not always monotonic along the graph (rebases), so sort
    timeline.changed = {path: sorted(set(days)) for path, days in changed.items()}
    return timeline
