"""Stage 4, render: pages reused from the previous build (each dataset's, each party and listing page)."""

# A dataset's pages (one per language), its cards and its copied data files are keyed by the digest
# of what they are made from (write.py `_dataset_sources`: the bytes of its descriptor, its party's,
# its users' and its data files, and what enrich computed for it), taken before any page context is
# built, plus the presentation fingerprint (code, templates, translations, settings). Every other
# page is keyed by its whole context. The digests are kept in the catalogue's cache folder
# (git-ignored, safe to delete, restored in CI); when a later build finds the same digest and the
# previous site still holds the files, it links them into the new site instead of rendering them.
#
# The manifest is JSON (never code), an authenticated cache entry (core/cache.py), and a missing,
# foreign, corrupt or unverified manifest only means that every page is rendered.

from __future__ import annotations

import hashlib
import pickle
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.cache import code_fingerprint
from ..core.outputs import FileRecord, OutputCache, Unit, digest_of
from .contexts import DatasetCard
from .ui import Language


@dataclass
class Entry:
    digest: str
    files: list[FileRecord]  # (site-relative path, size, mtime_ns) of each file its job wrote
    cards: dict[str, DatasetCard]  # language -> card, for the listings and party pages (datasets only)
    reused: bool = False  # kept from the previous site (its files are not in the new site's folder)
    stored: Any = None  # the cards as the manifest holds them, when reused (saved again as they are)


def presentation_fingerprint(build_dir: Path, settings: Any) -> str:
    """The code, templates, translations and settings every page is rendered with."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(p for p in Path(build_dir).rglob("*") if p.is_file()):
        digest.update(path.relative_to(build_dir).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(pickle.dumps(settings, protocol=5))
    return digest.hexdigest()


def inputs_digest(fingerprint: str, inputs: Any) -> str:
    """`inputs` is plain data (see core/outputs.py `digest_of`). A language counts as its code: its
    texts are files of build/, which the fingerprint covers, and pickling them with every page
    would cost more than the page."""
    return digest_of(fingerprint, inputs, _NAMED)


def _language_name(lang: Language) -> tuple[Any, tuple[str]]:
    return str, (f"language:{lang.code}",)


_NAMED: dict[type, Any] = {Language: _language_name}


class PageCache:
    """The pages' units (core/outputs.py): one per dataset (its pages in every language and its
    data files, with its cards) and one per other page (`page:<lang>:<path>`)."""

    def __init__(self, root: Path, out: Path, fingerprint: str, kept: set[str] | None = None) -> None:
        self.outputs = OutputCache(root, out, "pages", fingerprint)
        if kept is not None:
            self.outputs.kept = kept  # shared with the build's other outputs

    def reuse(self, key: str, digest: str, staging: Path) -> Entry | None:
        """The unit kept from the previous site (core/outputs.py `OutputCache.reuse`), or None."""
        unit = self.outputs.reuse(key, digest, staging)
        if unit is None:
            return None
        try:
            cards = {lang: DatasetCard(**card) for lang, card in (unit.extra or {}).items()}
        except TypeError:  # a card of another shape: render it again
            return None
        return Entry(unit.digest, unit.files, cards, reused=True, stored=unit.extra)

    def save(self, entries: dict[str, Entry]) -> None:
        """Write the manifest of the site just built (called only after it was published)."""
        for key, e in entries.items():
            extra = e.stored if e.reused else ({lang: asdict(card) for lang, card in e.cards.items()} or None)
            self.outputs.keep(key, Unit(e.digest, e.files, extra))
        self.outputs.save()
