"""Importers (`catalogo import`): What both importers share: reading the source (a file or an http(s)
URL through the one HTTP client), the summary they return, and writing files safely: atomically
(temp file + rename), never over an existing file without `force`, never outside the repository."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core import net
from ..core.files import WouldOverwrite, inside, write_atomic
from ..core.problems import Problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SOURCE_BYTES = 200 * 1024 * 1024


class ImportSourceError(Exception):
    """The source cannot be read or is not the expected kind of document (exit code 2). `code` is
    the problem code when there is one (`import-not-a-catalogue`), `kind` what the source looks like."""

    def __init__(self, es: str, en: str, code: str = "", kind: str = "") -> None:
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en
        self.code = code
        self.kind = kind


@dataclass
class ImportSummary:
    """What an import did: files created, overwritten (with force) or left alone, and the
    problems found in the source (they stay visible to `catalogo validate`)."""

    source: str
    datasets: int = 0
    created: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "datasets": self.datasets,
            "created": self.created,
            "overwritten": self.overwritten,
            "skipped": self.skipped,
            "problems": [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "path": p.path,
                    "pointer": p.pointer,
                    "message": p.message("en"),
                }
                for p in self.problems
            ],
        }


@dataclass
class Fetcher:
    """How URLs are fetched: the one HTTP client, with its address policy injectable for tests."""

    resolver: net.Resolver = net.system_resolver
    allow: Callable[[str], bool] = net.is_public


def read_source(source: str, fetcher: Fetcher | None = None) -> Any:
    """Parse SOURCE (a JSON file or an http(s) URL) into a value."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        raw = _fetch(source, fetcher or Fetcher())
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise ImportSourceError(
                f"no se pudo leer {source}: {exc.strerror}", f"cannot read {source}: {exc.strerror}"
            ) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportSourceError(
            f"{source} no es JSON válido en UTF-8 ({exc})", f"{source} is not valid UTF-8 JSON ({exc})"
        ) from None


def _fetch(url: str, fetcher: Fetcher) -> bytes:
    try:
        response = net.fetch(
            url,
            timeout=120.0,
            max_bytes=MAX_SOURCE_BYTES,
            headers={"Accept": "application/json"},
            resolver=fetcher.resolver,
            allow=fetcher.allow,
        )
    except net.Refused as exc:
        raise ImportSourceError(
            f"no se pudo descargar {url} ({exc.reason})", f"cannot download {url} ({exc.reason})"
        ) from None
    if response.status != 200:
        raise ImportSourceError(f"{url} respondió {response.status}", f"{url} answered {response.status}")
    if response.truncated:
        raise ImportSourceError(f"{url} excede {MAX_SOURCE_BYTES} bytes", f"{url} exceeds {MAX_SOURCE_BYTES} bytes")
    return response.body


def dump_yaml(value: dict[str, Any]) -> str:
    return yaml.dump(
        value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


class Writer:
    """Writes catalogue files under `root`, recording each outcome in the summary."""

    def __init__(self, root: Path, summary: ImportSummary, force: bool = False) -> None:
        self.root = Path(root).resolve()
        self.summary = summary
        self.force = force

    def target(self, *parts: str) -> Path:
        """The path of a catalogue file; every folder name must be a slug, and the result must
        stay inside the repository even through symbolic links (else OutsideRepository)."""
        for part in parts[:-1]:
            if not SLUG.match(part):
                raise ValueError(f"not a slug: {part!r}")
        return inside(self.root, "/".join(parts))

    def exists(self, *parts: str) -> bool:
        return self.target(*parts).exists()

    def write(self, parts: tuple[str, ...], text: str) -> bool:
        """Write unless the file exists (then it is listed as skipped) or `force` is set."""
        path = self.target(*parts)
        rel = path.relative_to(self.root).as_posix()
        existed = path.exists()
        try:
            write_atomic(self.root, rel, text.encode("utf-8"), force=self.force)
        except WouldOverwrite:
            self.summary.skipped.append(rel)
            return False
        (self.summary.overwritten if existed else self.summary.created).append(rel)
        return True
