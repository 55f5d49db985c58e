"""Shared by every stage (core): The one place that decides where a resource points: a public http(s)
URL or a file that stays inside its dataset's folder. The validator and the build both ask here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

_DRIVE = re.compile(r"^[A-Za-z]:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Target:
    """Where a resource path leads. Exactly one of `url`, `file`, `refusal` is set."""

    url: str | None = None
    file: Path | None = None
    refusal: tuple[str, dict[str, str]] | None = None  # (problem code, localized detail)


def _refuse(code: str, es: str, en: str) -> Target:
    return Target(refusal=(code, {"es": es, "en": en}))


@cache  # forget_paths() between builds
def resolve_resource(root: Path, folder: str, path: str) -> Target:
    """Classify `path` of a resource in dataset folder `folder` (relative to `root`)."""
    if "\x00" in path or any(not ch.isprintable() for ch in path):
        return _refuse("resource-path-outside", "caracteres de control", "control characters")
    if _SCHEME.match(path) and not _DRIVE.match(path):
        scheme = urlsplit(path).scheme.lower()
        if scheme in ("http", "https") and urlsplit(path).netloc:
            return Target(url=path)
        return _refuse("resource-url-scheme", "", "")
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        return _refuse("resource-path-outside", "ruta absoluta", "absolute path")
    if "\\" in path:
        return _refuse("resource-path-outside", "use / en lugar de \\", "use / instead of \\")
    if ".." in PurePosixPath(path).parts:
        return _refuse("resource-path-outside", "«..» sube de carpeta", "'..' climbs out of the folder")
    try:
        base = _real_folder(root, folder)
        resolved = _resolve_below(base, PurePosixPath(path).parts)
    except (OSError, RuntimeError):
        return _refuse("resource-path-outside", "enlace simbólico circular", "circular symbolic link")
    if not resolved.is_relative_to(base):
        return _refuse("resource-path-outside", "enlace simbólico hacia fuera", "symbolic link leading outside")
    return Target(file=root / folder / path)


def forget_paths() -> None:
    """Resolved paths are remembered within one build (each is asked for several times) and
    forgotten between builds, since files and links may change."""
    resolve_resource.cache_clear()
    _real_folder.cache_clear()
    _real_root.cache_clear()


@cache
def _real_folder(root: Path, folder: str) -> Path:
    """The dataset folder resolved: the root once, then only the parts below it (a link among
    them resolves the rest)."""
    return _resolve_below(_real_root(root), PurePosixPath(folder).parts)


@lru_cache(maxsize=16)
def _real_root(root: Path) -> Path:
    return root.resolve()


def _resolve_below(base: Path, parts: tuple[str, ...]) -> Path:
    """`base / parts` resolved, `base` being resolved already: only the parts below it are looked
    at, and the whole rest of the path is resolved from the first symbolic link met."""
    current = base
    for i, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            return current.joinpath(*parts[i + 1 :]).resolve()
    return current
