"""Stage 3, enrich (what git says): When each file of the catalogue was added and changed, from the
same single `git log` pass as the history (gitlog.py)."""

# Also: what the indicators need to read the catalogue as it was at a past date (which parties,
# datasets, inventories and plans existed, and when each data file last changed by then) without
# checking out old commits or calling git once per date or per file.

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .gitlog import ADDED, DELETED, Log
from .historycache import catalogue_log


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

    @classmethod
    def from_log(cls, log: Log) -> Timeline:
        """Days are the commits' own calendar days (committer date where it was committed); each
        distinct day string is kept once."""
        timeline = cls()
        changed: dict[str, list[str]] = {}
        added = timeline.added
        days: dict[str, str] = {}
        paths = log.paths
        for change, codes in zip(log.commits, log.changes, strict=True):
            day = days.setdefault(change.day, change.day)
            for code in codes:
                path, status = paths[code >> 2], code & 3
                seen = changed.get(path)
                if seen is None:
                    changed[path] = [day]
                elif seen[-1] != day:
                    seen.append(day)
                if status == ADDED:
                    added[path] = day
                elif status == DELETED:
                    added.pop(path, None)
        timeline.first_day = min(days) if days else None
        # committer dates are not always monotonic along the chain (rebases), so sort where needed
        for path, seen in changed.items():
            if any(a >= b for a, b in zip(seen, seen[1:], strict=False)):
                changed[path] = sorted(set(seen))
        timeline.changed = changed
        return timeline


def read_timeline(root: Path) -> Timeline:
    """The timeline of the catalogue at `root` (through the cache between builds); empty outside git."""
    return Timeline.from_log(catalogue_log(root))
