"""The git log of the catalogue (gitlog.py), kept between builds in the cache folder.

One file, `.cache/catalogo/history/log.json`, holds the log read at some HEAD. A build at the same
HEAD reads it instead of git; a build at a HEAD whose first-parent chain passes through it reads
only the new commits and rewrites it; anything else (history rewritten, another branch, a corrupt
or foreign file) reads git whole and rewrites it. A shallow clone neither reads nor writes it: its
history is incomplete, and unshallowing it changes the history of the same HEAD.

The file stores git's facts (commits, dates, subjects, changed files), not what the catalogue
makes of them, so changing how history is interpreted never needs the cache thrown away.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .cache import cache_dir, write_json
from .gitlog import Change, Log, Repository, locate, read_log

FORMAT = "catalogo-git-log"
VERSION = 1


def catalogue_log(root: Path) -> Log:
    """The catalogue's git log at HEAD, from the cache where it can be, from git otherwise."""
    repo = locate(root)
    if repo is None:
        return Log()
    if repo.shallow:
        return read_log(repo) or Log()
    path = log_path(root)
    cached = read_cached(path, repo)
    log = read_log(repo, cached) if cached is not None else None
    if log is None:
        log = read_log(repo)
        if log is None:
            return Log()
    if cached is None or cached.head != log.head:
        write_cached(path, repo, log)
    return log


def log_path(root: Path) -> Path:
    return cache_dir(root) / "history" / "log.json"


def read_cached(path: Path, repo: Repository) -> Log | None:
    """The cached log, or None when the file is missing, unreadable or not one of ours."""
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
        return _from_json(value, repo.prefix)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def write_cached(path: Path, repo: Repository, log: Log) -> None:
    value = {"format": FORMAT, "version": VERSION, "prefix": repo.prefix, "head": log.head, "paths": log.paths,
             "commits": [[c.commit, c.date, c.subject, codes] for c, codes in zip(log.commits, log.changes,
                                                                                strict=True)]}
    write_json(path, value)


def _from_json(value: Any, prefix: str) -> Log | None:
    if not (isinstance(value, dict) and value.get("format") == FORMAT and value.get("version") == VERSION
            and value.get("prefix") == prefix and _is_commit(value.get("head"))):
        return None
    paths, rows = value["paths"], value["commits"]
    if not (isinstance(paths, list) and isinstance(rows, list) and all(isinstance(p, str) for p in paths)):
        return None
    limit = len(paths) << 2
    log = Log(value["head"], paths=paths)
    for commit, date, subject, codes in rows:
        if not (isinstance(commit, str) and isinstance(date, str) and isinstance(subject, str)
                and isinstance(codes, list) and codes and all(type(c) is int for c in codes)
                and min(codes) >= 0 and max(codes) < limit):
            return None
        log.commits.append(Change(commit, date, subject))
        log.changes.append(codes)
    return log


def _is_commit(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 40 and all(c in "0123456789abcdef" for c in value)
