"""Stage 3, enrich (what git says): The git log of the catalogue (gitlog.py), kept between builds in
the cache folder."""

# One file, `.cache/catalogo/history/log.json`, holds the log read at some HEAD. A build at the same
# HEAD reads it instead of git; a build at a HEAD whose first-parent chain passes through it reads
# only the new commits and rewrites it; anything else (history rewritten, another branch, a corrupt
# or foreign file) reads git whole and rewrites it. A shallow clone neither reads nor writes it: its
# history is incomplete, and unshallowing it changes the history of the same HEAD.
#
# The file stores git's facts (commits, dates, subjects, change notes, changed files), not what the catalogue
# makes of them, so changing how history is interpreted never needs the cache thrown away. It is
# an authenticated cache entry (core/cache.py: never read from a folder git tracks, never without its
# MAC), and each of its fields is checked again as git's own output is.

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.cache import cache_dir, read_entry, write_entry
from .gitlog import Change, Log, Repository, is_commit, is_date, locate, read_log

FORMAT = "catalogo-git-log"
VERSION = 3  # 3: each commit keeps its publisher's change notes (Spanish, English)
NAME = "history/log.json"


def catalogue_log(root: Path) -> Log:
    """The catalogue's git log at HEAD, from the cache where it can be, from git otherwise."""
    repo = locate(root)
    if repo is None:
        return Log()
    if repo.shallow:
        return read_log(repo) or Log()
    cached = read_cached(root, repo)
    log = read_log(repo, cached) if cached is not None else None
    if log is None:
        log = read_log(repo)
        if log is None:
            return Log()
    if cached is None or cached.head != log.head:
        write_cached(root, repo, log)
    return log


def log_path(root: Path) -> Path:
    return cache_dir(root) / NAME


def read_cached(root: Path, repo: Repository) -> Log | None:
    """The cached log, or None when the entry is missing, does not verify or is not one of ours."""
    try:
        return _from_json(read_entry(root, NAME), repo)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def write_cached(root: Path, repo: Repository, log: Log) -> None:
    value = {
        "format": FORMAT,
        "version": VERSION,
        "prefix": repo.prefix,
        "head": log.head,
        "paths": log.paths,
        "malformed": log.malformed,
        "commits": [
            [c.commit, c.date, c.subject, *c.notes, codes] for c, codes in zip(log.commits, log.changes, strict=True)
        ],
    }
    write_entry(root, NAME, value)


def _from_json(value: Any, repo: Repository) -> Log | None:
    if not (
        isinstance(value, dict)
        and value.get("format") == FORMAT
        and value.get("version") == VERSION
        and value.get("prefix") == repo.prefix
        and is_commit(value.get("head"))
        and len(value["head"]) == len(repo.head)
        and type(value.get("malformed")) is int
    ):
        return None
    paths, rows = value["paths"], value["commits"]
    if not (isinstance(paths, list) and isinstance(rows, list) and all(isinstance(p, str) for p in paths)):
        return None
    limit = len(paths) << 2
    log = Log(value["head"], paths=paths, malformed=value["malformed"])
    for commit, date, subject, note_es, note_en, codes in rows:
        if not (
            is_commit(commit)
            and is_date(date)
            and isinstance(subject, str)
            and isinstance(note_es, str)
            and isinstance(note_en, str)
            and isinstance(codes, list)
            and codes
            and all(type(c) is int for c in codes)
            and min(codes) >= 0
            and max(codes) < limit
        ):
            return None
        log.commits.append(Change(commit, date, subject, (note_es, note_en)))
        log.changes.append(codes)
    return log
