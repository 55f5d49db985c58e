"""Shared (core), used by the output stages (render, export, site): files of the previous site reused
when the digest of what they are made from is unchanged, one authenticated manifest per output."""

# A unit is a group of files one step writes together (a dataset's pages, a party's exports, a
# search shard, the guides). Its digest is taken over everything it is made from, by the step
# that writes it (`digest_of`). When a later build finds the same digest for the same unit, and
# the previous site still holds each of its files as it was written (same size and mtime), the
# files are kept in place: the new site holds only what changed, and publishing it updates the
# previous one (site/assemble.py `publish`). The manifest is JSON (never
# code) in the catalogue's cache folder (git-ignored, safe to delete, restored in CI), saved only
# after the site it describes was published; a missing, foreign, corrupt or unverified manifest
# only means that every unit is written.

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import read_entry, write_entry

VERSION = 1

FileRecord = tuple[str, int, int]  # (site-relative path, size, mtime_ns)


@dataclass
class Unit:
    digest: str
    files: list[FileRecord]
    extra: Any = None  # plain JSON the step keeps with its files (e.g. a dataset's cards)


def digest_of(fingerprint: str, inputs: Any, named: dict[type, Any] | None = None) -> str:
    """The digest of `inputs` (plain data: dicts, lists, tuples, dataclasses of those), pickled
    only to be hashed, never stored. `named` maps a type to a copyreg reducer, for values that
    should count by name rather than by content (their content is in `fingerprint`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # Without the memo, equal values give equal bytes however they happen to share objects (a card
    # made in this process or read back from a worker or a manifest); inputs are trees, not graphs.
    pickler.fast = True
    if named:
        pickler.dispatch_table = {**copyreg.dispatch_table, **named}
    pickler.dump(inputs)
    return hashlib.sha256(fingerprint.encode() + buffer.getvalue()).hexdigest()


def records(staging: Path, paths: Iterable[Path | str]) -> list[FileRecord]:
    """The records of files just written under `staging`."""
    found = []
    for path in paths:
        full = staging / path
        info = full.stat()
        found.append((full.relative_to(staging).as_posix(), info.st_size, info.st_mtime_ns))
    return found


@dataclass
class OutputCache:
    """The units of one output (`name`: "pages", "exports", "search", "guides") for the site at
    `previous`, the folder the new site replaces."""

    root: Path
    previous: Path
    name: str
    fingerprint: str
    units: dict[str, Unit] = field(default_factory=dict)  # this build's, saved by `save`
    before: dict[str, Unit] = field(default_factory=dict)
    # the previous site's files this build keeps (shared by the outputs of one build)
    kept: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.root, self.previous = Path(self.root), Path(self.previous)
        where = hashlib.sha256(str(self.previous).encode()).hexdigest()[:16]
        self.manifest = f"outputs/{self.name}-{where}.json"
        self.before = self._read() if self.previous.is_dir() else {}

    def _read(self) -> dict[str, Unit]:
        raw = read_entry(self.root, self.manifest)
        try:
            if raw.get("version") != VERSION or raw.get("fingerprint") != self.fingerprint:
                return {}
            # authenticated (written by an earlier build): its records are taken as they are
            units = {key: Unit(u["digest"], u["files"], u.get("extra")) for key, u in raw["units"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return {}
        return units if all(isinstance(u.digest, str) and isinstance(u.files, list) for u in units.values()) else {}

    def reuse(self, key: str, digest: str, staging: Path) -> Unit | None:
        """The unit, if its digest is the same and the previous site still holds every file as it
        was written: its files are then kept where they are (`kept`, site-relative paths), and the
        previous site is updated in place when the new one is published (site/assemble.py). None
        otherwise. Either way, the next build knows the unit only once `keep` is called."""
        unit = self.before.get(key)
        if unit is None or unit.digest != digest or not all(self._unchanged(*f) for f in unit.files):
            return None
        base = os.fspath(staging)
        if any(rel in self.kept or os.path.lexists(os.path.join(base, rel)) for rel, _, _ in unit.files):
            return None  # another unit wrote there this time: this one is written again
        self.kept.update(rel for rel, _, _ in unit.files)
        return unit

    def _unchanged(self, rel: str, size: int, mtime_ns: int) -> bool:
        try:
            found = os.lstat(os.path.join(self.previous, rel))
        except OSError:
            return False
        return stat.S_ISREG(found.st_mode) and found.st_size == size and found.st_mtime_ns == mtime_ns

    def keep(self, key: str, unit: Unit) -> None:
        self.units[key] = unit

    def reuse_or_write(self, key: str, digest: str, staging: Path, write: Any) -> bool:
        """Reuse the unit, or call `write()` (which writes its files under `staging` and returns
        their paths) and keep what it wrote. True when reused."""
        unit = self.reuse(key, digest, staging)
        if unit is None:
            unit = Unit(digest, records(staging, write()))
            reused = False
        else:
            reused = True
        self.keep(key, unit)
        return reused

    def save(self) -> None:
        """Write the manifest of the site just built (call it only once that site is published)."""
        payload = {
            "version": VERSION,
            "fingerprint": self.fingerprint,
            "units": {
                key: {"digest": u.digest, "files": u.files, **({"extra": u.extra} if u.extra is not None else {})}
                for key, u in sorted(self.units.items())
            },
        }
        write_entry(self.root, self.manifest, payload)


@dataclass
class NewSite:
    """A site being built: the files written this time are in `staging`, the others are kept where
    they are in `previous`, the site it will update (`kept`, site-relative paths)."""

    staging: Path
    previous: Path
    kept: set[str] = field(default_factory=set)

    def has(self, rel: str) -> bool:
        return rel in self.kept or os.path.lexists(self.staging / rel)

    def path(self, rel: str) -> Path:
        """Where the new site's file `rel` is now."""
        new = self.staging / rel
        return self.previous / rel if rel in self.kept and not os.path.lexists(new) else new

    def glob(self, pattern: str) -> list[str]:
        """The new site's files matching `pattern` (`*` stands for one path segment or part of
        one), sorted."""
        found = {p.relative_to(self.staging).as_posix() for p in self.staging.glob(pattern) if p.is_file()}
        segments = (re.escape(part).replace(r"\*", "[^/]*") for part in pattern.split("/"))
        matches = re.compile("/".join(segments)).fullmatch
        found.update(rel for rel in self.kept if matches(rel))
        return sorted(found)
