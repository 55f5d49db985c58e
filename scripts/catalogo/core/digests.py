"""Shared by every stage (core): Content digests of the repository's files, mostly from git's index in
one call: tracked, unmodified files are not read at all; modified, untracked or non-git files are
hashed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import git

# Up to this many folders, git is asked about them alone (a pull request's few datasets); more,
# and it reads the whole index once, which is cheaper than a long list of pathspecs.
FOLDER_PATHSPECS = 500


class FileDigests:
    def __init__(self, root: Path, folders: Iterable[str] | None = None) -> None:
        """Digests of the files under `root`, or only under `folders` (relative to root) when
        given: the rest of the index is then never read."""
        self.root = Path(root)
        self.known: dict[str, str] = {}  # repository-relative path -> git blob id (unchanged files only)
        self.links: list[str] = []  # symbolic links met by `folder`, files or folders
        wanted = None if folders is None else sorted(set(folders))
        if wanted is not None and not wanted:
            return
        try:
            repo = git.Repo(self.root, search_parent_directories=True)
            top = Path(str(repo.working_tree_dir)).resolve()
            prefix = self.root.resolve().relative_to(top).as_posix()
            base = "" if prefix == "." else prefix + "/"
            if wanted is not None and len(wanted) <= FOLDER_PATHSPECS:
                specs = [f":(literal){base}{folder}" for folder in wanted]  # git runs at the top folder
            else:
                specs = [self.root.resolve().as_posix()]
            staged = repo.git.ls_files("-s", "-z", "--", *specs)
            dirty = repo.git.status("--porcelain", "-z", "--untracked-files=no", "--", *specs)
        except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
            return
        changed = {entry[3:] for entry in dirty.split("\0") if len(entry) > 3}
        for entry in staged.split("\0"):
            meta, _, path = entry.partition("\t")
            if not path or path in changed or not path.startswith(base):
                continue
            parts = meta.split()
            if len(parts) >= 2 and parts[0] != "120000":  # symbolic links are hashed as links below
                self.known[path[len(base) :]] = parts[1]

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
        top = self.root / rel
        base = str(top)
        for folder, _dirs, files in sorted_walk(top):
            inside = rel + folder[len(base) :].replace(os.sep, "/")  # the walk's folders all start with base
            for name in files:
                path = f"{inside}/{name}"
                digest = self.digest(path)
                found.append((path, digest))
                if digest.startswith("link:"):
                    self.links.append(path)
        return found


def sorted_walk(base: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        yield folder, dirs, sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))])
