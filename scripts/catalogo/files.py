"""Writing a user's files safely: inside the repository only, never over an existing file
without `force`, and atomically (a temporary file in the same folder, then os.replace), so an
interrupted command never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WouldOverwrite(Exception):
    """The file exists and `force` was not given."""


class OutsideRepository(Exception):
    """The target would be outside the repository."""


def inside(root: Path, rel: str) -> Path:
    """`root/rel`, refusing absolute paths, `..` and symbolic links that lead out of `root`."""
    base = Path(root).resolve()
    target = (base / rel).resolve()
    if Path(rel).is_absolute() or not target.is_relative_to(base) or target == base:
        raise OutsideRepository(rel)
    return target


def write_atomic(root: Path, rel: str, data: bytes, force: bool = False) -> Path:
    target = inside(root, rel)
    if target.exists() and not force:
        raise WouldOverwrite(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def existing(root: Path, rels: list[str]) -> list[str]:
    """Which of the paths already exist (checked before writing several files, so that a
    refusal leaves nothing half-written)."""
    return [rel for rel in rels if inside(root, rel).exists()]
