"""Dataset pages reused from the previous build.

A dataset's pages (one per language) are the page contexts (contexts.DatasetPage) rendered with
the code, templates and translations of the build, and its copied data files are the bytes of
its local resources. So its digest is taken over those contexts themselves (render.py builds them
first), its cards and its data files' digests, plus the presentation fingerprint: whatever a page
shows is in the key by construction, with no list of inputs to keep up to date. The digest is kept
per dataset in the catalogue's cache folder (git-ignored, safe to delete, restored in CI); when a
later build finds the same digest and the previous site still holds the files, it links them into
the new site instead of rendering them again.

The manifest is JSON (never code), an authenticated cache entry (cache.py), and a missing,
foreign, corrupt or unverified manifest only means that every page is rendered."""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import shutil
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.cache import code_fingerprint, read_entry, write_entry
from .contexts import DatasetCard
from .ui import Language

VERSION = 1


@dataclass
class Entry:
    digest: str
    files: list[tuple[str, int, int]]  # (site-relative path, size, mtime_ns) of each file its job wrote
    cards: dict[str, DatasetCard]  # language -> card, for the listings and party pages


def presentation_fingerprint(build_dir: Path, settings: Any) -> str:
    """The code, templates, translations and settings every page is rendered with."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(p for p in Path(build_dir).rglob("*") if p.is_file()):
        digest.update(path.relative_to(build_dir).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(pickle.dumps(settings, protocol=5))
    return digest.hexdigest()


def inputs_digest(fingerprint: str, inputs: Any) -> str:
    """`inputs` is plain data (dicts, lists, tuples, dataclasses of those): pickled only to be
    hashed, never stored. A language is pickled as its code: its texts are files of build/, which
    the fingerprint covers, and pickling them with every page would cost more than the page."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _NAMED
    pickler.dump(inputs)
    return hashlib.sha256(fingerprint.encode() + buffer.getvalue()).hexdigest()


def _language_name(lang: Language) -> tuple[Any, tuple[str]]:
    return str, (f"language:{lang.code}",)


_NAMED = {**copyreg.dispatch_table, Language: _language_name}


class PageCache:
    def __init__(self, root: Path, out: Path, fingerprint: str) -> None:
        self.out, self.fingerprint = Path(out), fingerprint
        self.root = Path(root)
        self.manifest = f"pages/{hashlib.sha256(str(out).encode()).hexdigest()[:16]}.json"
        self.previous: dict[str, Entry] = self._read() if self.out.is_dir() else {}

    def _read(self) -> dict[str, Entry]:
        try:
            raw = read_entry(self.root, self.manifest)
            if raw.get("version") != VERSION or raw.get("fingerprint") != self.fingerprint:
                return {}
            return {
                key: Entry(
                    e["digest"],
                    [(str(rel), int(size), int(mtime)) for rel, size, mtime in e["files"]],
                    {lang: DatasetCard(**card) for lang, card in e["cards"].items()},
                )
                for key, e in raw["datasets"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            return {}

    def reuse(self, key: str, digest: str, staging: Path) -> Entry | None:
        """Link the dataset's files from the previous site into `staging`, if its digest is the
        same and every file is still there as it was written; None (and nothing linked) otherwise."""
        entry = self.previous.get(key)
        if entry is None or entry.digest != digest or not all(self._unchanged(*f) for f in entry.files):
            return None
        for rel, _, _ in entry.files:
            source, target = self.out / rel, staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        return entry

    def _unchanged(self, rel: str, size: int, mtime_ns: int) -> bool:
        try:
            found = os.lstat(self.out / rel)
        except OSError:
            return False
        return stat.S_ISREG(found.st_mode) and found.st_size == size and found.st_mtime_ns == mtime_ns

    def save(self, entries: dict[str, Entry]) -> None:
        """Write the manifest of the site just built (called only after it was published)."""
        payload = {
            "version": VERSION,
            "fingerprint": self.fingerprint,
            "datasets": {
                key: {
                    "digest": e.digest,
                    "files": e.files,
                    "cards": {lang: asdict(card) for lang, card in e.cards.items()},
                }
                for key, e in sorted(entries.items())
            },
        }
        write_entry(self.root, self.manifest, payload)
