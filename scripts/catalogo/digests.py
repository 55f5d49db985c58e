"""Content digests of the repository's files, mostly from git's index in one call: tracked,
unmodified files are not read at all; modified, untracked or non-git files are hashed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import git


class FileDigests:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.known: dict[str, str] = {}  # repository-relative path -> git blob id (unchanged files only)
        try:
            repo = git.Repo(self.root, search_parent_directories=True)
            top = Path(str(repo.working_tree_dir)).resolve()
            prefix = self.root.resolve().relative_to(top).as_posix()
            staged = repo.git.ls_files("-s", "-z", "--", self.root.resolve().as_posix())
            dirty = repo.git.status("--porcelain", "-z", "--untracked-files=no", "--", self.root.resolve().as_posix())
        except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
            return
        base = "" if prefix == "." else prefix + "/"
        changed = {entry[3:] for entry in dirty.split("\0") if len(entry) > 3}
        for entry in staged.split("\0"):
            meta, _, path = entry.partition("\t")
            if not path or path in changed or not path.startswith(base):
                continue
            parts = meta.split()
            if len(parts) >= 2 and parts[0] != "120000":  # symbolic links are hashed as links below
                self.known[path[len(base):]] = parts[1]

    def digest(self, rel: str) -> str:
        if rel in self.known:
            return "git:" + self.known[rel]
        path = self.root / rel
        if path.is_symlink():
            return "link:" + str(path.readlink())
        hasher = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    hasher.update(block)
        except OSError:
            return "missing"
        return "sha256:" + hasher.hexdigest()

    def folder(self, rel: str) -> list[tuple[str, str]]:
        """Every file under a folder with its digest, sorted (what a dataset's checks depend on)."""
        found = []
        base = self.root / rel
        for folder, _dirs, files in sorted_walk(base):
            for name in files:
                path = (Path(folder) / name).relative_to(self.root).as_posix()
                found.append((path, self.digest(path)))
        return found


def sorted_walk(base: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        yield folder, dirs, sorted(files + [d for d in dirs if (Path(folder) / d).is_symlink()])
