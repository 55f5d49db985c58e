"""Shared (core), used by the build: YAML files already parsed by an earlier build, kept by the digest
of their bytes, so that a rebuild parses only the files that changed."""

# A build reads every descriptor after checking (without positions: nothing after checking reports
# a problem). Parsing is most of that time, and JSON reads back ten times faster than YAML with
# line marks. Entries are the parsed value as JSON text (a fresh value on every read, so nothing
# shared can be changed by one reader under another), in 16 shards by the digest's first hex digit
# (a change rewrites one shard; few files to open and verify), each an authenticated entry of the cache folder
# (core/cache.py). Only files parsed without problems are kept; the fingerprint is the code's, so
# a new parser never reads an old entry. A missing or unverified shard only means parsing again.

from __future__ import annotations

import hashlib
import json
from typing import Any

from .cache import code_fingerprint, read_entry, write_entry

FOLDER = "parsed-yaml"
SHARD_DIGITS = 1
MISSING = object()


class ParsedMemo:
    """`folder`: another memo of plain values by file digest kept the same way (for example the
    identifier each descriptor declares, checks/identifiers.py)."""

    def __init__(self, root: Any, folder: str = FOLDER) -> None:
        self.root, self.folder = root, folder
        self.fingerprint = code_fingerprint()
        self._shards: dict[str, dict[str, str]] = {}
        self._dirty: set[str] = set()
        self._used: set[str] = set()

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> Any:
        """The value parsed from bytes with this digest, or MISSING."""
        text = self._shard(key[:SHARD_DIGITS]).get(key)
        if text is None:
            return MISSING
        try:
            value = json.loads(text)
        except ValueError:
            return MISSING
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # not plain data: parsed again next time
            return
        self._shard(key[:SHARD_DIGITS])[key] = text
        self._dirty.add(key[:SHARD_DIGITS])
        self._used.add(key)

    def save(self, prune: bool = False) -> None:
        """Write the shards that changed; with `prune` (every file of the catalogue was read), the
        entries this run did not use are dropped from the shards it read."""
        for name, entries in self._shards.items():
            if prune:
                unused = [key for key in entries if key not in self._used]
                for key in unused:
                    del entries[key]
                if unused:
                    self._dirty.add(name)
            if name in self._dirty:
                write_entry(
                    self.root, f"{self.folder}/{name}.json", {"fingerprint": self.fingerprint, "entries": entries}
                )
        self._dirty.clear()

    def _shard(self, name: str) -> dict[str, str]:
        if name not in self._shards:
            raw = read_entry(self.root, f"{self.folder}/{name}.json")
            entries = (
                raw.get("entries") if isinstance(raw, dict) and raw.get("fingerprint") == self.fingerprint else None
            )
            valid = isinstance(entries, dict) and all(isinstance(v, str) for v in entries.values())
            self._shards[name] = entries if valid else {}  # type: ignore[assignment]
        return self._shards[name]
