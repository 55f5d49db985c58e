"""Shared by every stage (core): Writing a user's files safely: inside the repository only, never over
an existing file without `force`, and atomically (a temporary file in the same folder, then
os.replace), so an interrupted command never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


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
    """Write a user's file `root/rel` whole, never over an existing one without `force`."""
    target = inside(root, rel)
    if target.exists() and not force:
        raise WouldOverwrite(rel)
    with open_atomic(target, binary=True, overwrite=force) as handle:
        handle.write(data)
    return target


class open_atomic:  # noqa: N801 - a context manager used like open()
    """A file written in pieces that appears under its name only when closed without error: it is
    written to a temporary file in the same folder (created when missing), then renamed into place;
    on failure the temporary file is removed. Text is UTF-8 with newlines as written; `binary` gives
    a bytes handle. `mode` is the file's permission bits (None keeps the temporary file's 0600).
    With `overwrite` false an existing file is never replaced (WouldOverwrite)."""

    def __init__(
        self,
        path: Path,
        *,
        binary: bool = False,
        mode: int | None = 0o644,
        overwrite: bool = True,
        prefix: str = ".tmp-",
        suffix: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.binary, self.mode, self.overwrite = binary, mode, overwrite
        self.prefix, self.suffix = prefix, self.path.suffix if suffix is None else suffix

    def __enter__(self) -> Any:
        folder = self.path.parent
        try:
            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=self.prefix, suffix=self.suffix)
        except FileNotFoundError:  # the folder is created only when missing: one system call less per file
            folder.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=self.prefix, suffix=self.suffix)
        try:
            if self.mode is not None:
                os.fchmod(fd, self.mode)
            self.handle = os.fdopen(fd, "wb") if self.binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise
        return self.handle

    def __exit__(self, kind: Any, *_: Any) -> None:
        renamed = False
        try:
            self.handle.close()
            if kind is None:
                renamed = self._put_in_place()
        finally:
            if not renamed:
                Path(self.tmp).unlink(missing_ok=True)

    def _put_in_place(self) -> bool:
        """True when the temporary file became the file (nothing left to remove)."""
        if self.overwrite:
            os.replace(self.tmp, self.path)
            return True
        try:
            os.link(self.tmp, self.path)  # fails when the name exists, even if it appeared just now
        except FileExistsError:
            raise WouldOverwrite(str(self.path)) from None
        except OSError:  # a file system without hard links
            if self.path.exists():
                raise WouldOverwrite(str(self.path)) from None
            os.replace(self.tmp, self.path)
            return True
        return False


def existing(root: Path, rels: list[str]) -> list[str]:
    """Which of the paths already exist (checked before writing several files, so that a
    refusal leaves nothing half-written)."""
    return [rel for rel in rels if inside(root, rel).exists()]
