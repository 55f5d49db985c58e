"""Stage 3, enrich (what git says): What git says about the catalogue folders, read in ONE pass of `git
log` along the first-parent chain (a change counts from when it reached the branch, merged or not)
and streamed: git's text is parsed as it arrives, never held whole."""

# The result, a `Log`, is kept between builds in the cache folder (historycache.py) under the HEAD
# it was read at; when HEAD moves forward only the new commits are read (`git log OLD..HEAD`).
# History (history.py) and Timeline (timeline.py) are both derived from it. Outside a git
# repository, or when git fails, the log is empty.

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

import git

FOLDERS = ("datasets", "parties", "best-practices")
ADDED, MODIFIED, DELETED, OTHER = 0, 1, 2, 3  # the status of a file in a commit (T and the like: OTHER)
# git's status letters; the first status after a commit's header comes after a newline
_STATUS = {
    f"{lead}{letter}": {"A": ADDED, "M": MODIFIED, "D": DELETED}.get(letter, OTHER)
    for lead in ("", "\n")
    for letter in "ACDMRTUXB"
}
# Every field ends in NUL, the one byte git metadata cannot hold (git refuses it in commit
# messages, and %s stops at one in a commit object written by other means); %P is read to tell
# whether the cached HEAD lies on the new HEAD's first-parent chain. The last field is the
# publisher's change note: the message's `Nota:` and `Note:` trailers (guias/publicar.md).
NOTE_KEYS = {"nota": 0, "note": 1}  # trailer (lowercase) -> its place in Change.notes (Spanish, English)
_FORMAT = "--format=%H%x00%P%x00%cI%x00%s%x00%(trailers:key=Nota,key=Note,unfold,separator=%x1f)"
_HEADER = 5  # tokens of a commit's header
NOTE_CHARS = 300
_HASH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_PARENTS = re.compile(r"(?:[0-9a-f]{40}(?:[0-9a-f]{24})?(?: (?=[0-9a-f])|$))*")
# a subject is shown on pages and written to exports: no control characters, valid UTF-8
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")
_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")
_LOG = (
    "log",
    _FORMAT,
    "--name-status",
    "--no-renames",
    "--no-color",
    "-z",
    "--first-parent",
    "--diff-merges=first-parent",
)
SPLIT_ABOVE = 4000  # a cold read of a longer chain runs one git per core, each over a slice of it
_CHUNK = 1 << 20
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Change:
    commit: str
    date: str  # ISO 8601 with offset (committer date), e.g. 2026-01-15T10:00:00-06:00
    subject: str  # the developer's subject: never shown on a page (history shows `note` or what changed)
    notes: tuple[str, str] = ("", "")  # the publisher's change note in Spanish and in English ('' if none)

    def note(self, lang: str) -> str:
        """The publisher's note in `lang` ('es' or 'en'), else in the other language, else ''."""
        es, en = self.notes
        return (en or es) if lang == "en" else (es or en)

    @property
    def day(self) -> str:
        """The calendar day where (and when) the commit reached the branch."""
        return self.date[:10]

    @property
    def instant(self) -> float:
        """Seconds since the epoch: compare changes by this, not by their dates as text (offsets differ)."""
        return instant_of(self.date)


def instant_of(date: str) -> float:
    """An ISO 8601 date with offset as seconds since the epoch (-inf when it is not one)."""
    try:
        return dt.datetime.fromisoformat(date).timestamp()
    except ValueError:
        return float("-inf")


def recency(date: str) -> tuple[float, str]:
    """Sort key of an ISO 8601 date: its instant first, then its text, so that two dates of the same
    instant with different offsets always come in the same order."""
    return (instant_of(date), date)


def newest(items: Iterable[_T | None], date_of: Callable[[_T], str]) -> _T | None:
    """The newest in time of the items (None ones skipped), compared by `recency` of `date_of(item)`."""
    found = [item for item in items if item is not None]
    return max(found, key=lambda item: recency(date_of(item))) if found else None


def oldest(items: Iterable[_T | None], date_of: Callable[[_T], str]) -> _T | None:
    """The oldest in time of the items (None ones skipped), compared by `recency` of `date_of(item)`."""
    found = [item for item in items if item is not None]
    return min(found, key=lambda item: recency(date_of(item))) if found else None


def newest_change(changes: Iterable[Change | None]) -> Change | None:
    """The newest in time of the changes."""
    return newest(changes, _date_of_change)


def oldest_change(changes: Iterable[Change | None]) -> Change | None:
    """The oldest in time of the changes."""
    return oldest(changes, _date_of_change)


def newest_date(dates: Iterable[str | None]) -> str | None:
    """The newest in time of the ISO 8601 dates (None ones skipped), as given."""
    return newest(dates, str)


def _date_of_change(change: Change) -> str:
    return change.date


@dataclass
class Log:
    """The commits that touched the catalogue folders along the first-parent chain up to `head`,
    oldest first; `changes[i]` lists commit i's files as `path index << 2 | status` in git's order.
    Paths are relative to the catalogue's root and stored once each in `paths`."""

    head: str = ""
    commits: list[Change] = field(default_factory=list)
    changes: list[list[int]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    malformed: int = 0  # records of git's output that were not well formed, left out whole

    def entries(self) -> Iterator[tuple[Change, list[tuple[str, int]]]]:
        """Each commit, oldest first, with its (path, status) pairs."""
        paths = self.paths
        for change, codes in zip(self.commits, self.changes, strict=True):
            yield change, [(paths[code >> 2], code & 3) for code in codes]


@dataclass
class Repository:
    """Where the catalogue sits in its git repository, and the commit HEAD names."""

    root: Path
    prefix: str  # the catalogue's folder inside the repository, '' or ending in '/'
    head: str
    shallow: bool


def locate(root: Path) -> Repository | None:
    """None outside a git repository or before its first commit."""
    try:
        out = subprocess.run(
            [_git(), "rev-parse", "--show-prefix", "--is-shallow-repository", "HEAD"],
            cwd=root,
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError:
        return None
    lines = out.stdout.split("\n")  # prefix, shallow, HEAD: read from the end (a folder name may hold a newline)
    if out.returncode != 0 or len(lines) < 4 or not is_commit(lines[-2]):
        return None
    return Repository(Path(root), "\n".join(lines[:-3]), lines[-2], lines[-3] == "true")


def read_log(repo: Repository, since: Log | None = None) -> Log | None:
    """The log at `repo.head`: `since` (a log read at an earlier HEAD) extended with the commits
    after it, or read whole when `since` is None. None when `since` is not on HEAD's first-parent
    chain (history was rewritten, or another branch) or git fails: read it whole then."""
    if since is not None:
        return _extend(repo, since)
    parser = _Parser(repo.prefix, Log(head=repo.head))
    with contextlib.ExitStack() as stack:
        # the newest slice is parsed as git writes it; the others run meanwhile into temporary files
        first, *rest = _slices(repo)
        spooled = [_spool(repo, stack, [*args, repo.head]) for args in rest]
        if not _stream(repo, [*first, repo.head], parser):
            return None
        for process, handle in spooled:
            if process.wait() != 0:
                return None
            handle.seek(0)
            _feed(handle, parser)
    return parser.finish()


def _slices(repo: Repository) -> list[list[str]]:
    """`git log` arguments that split a long first-parent chain into one slice per core, newest first."""
    count = _chain_length(repo) or 0
    slices = min(os.cpu_count() or 1, 4) if count > SPLIT_ABOVE else 1
    if slices == 1:
        return [[]]
    size = -(-count // slices)
    return [[f"--skip={i * size}", f"--max-count={size}"] for i in range(slices)]


def _extend(repo: Repository, since: Log) -> Log | None:
    if since.head == repo.head:
        return since
    ancestor = subprocess.run(
        [_git(), "merge-base", "--is-ancestor", since.head, repo.head], cwd=repo.root, capture_output=True, check=False
    )
    if ancestor.returncode != 0:
        return None
    parser = _Parser(repo.prefix, Log(head=repo.head, paths=list(since.paths)))
    if not _stream(repo, [f"{since.head}..{repo.head}"], parser) or parser.oldest_parent != since.head:
        return None
    new = parser.finish()
    return Log(
        repo.head, since.commits + new.commits, since.changes + new.changes, new.paths, since.malformed + new.malformed
    )


def _git() -> str:
    return git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git"


def _chain_length(repo: Repository) -> int | None:
    out = subprocess.run(
        [_git(), "rev-list", "--count", "--first-parent", repo.head],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    return int(out.stdout) if out.returncode == 0 and out.stdout.strip().isdigit() else None


def _spool(repo: Repository, stack: contextlib.ExitStack, args: list[str]) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    handle = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by the stack)
    process = stack.enter_context(
        subprocess.Popen([_git(), *_LOG, *args], cwd=repo.root, stdout=handle, stderr=subprocess.DEVNULL)
    )
    stack.callback(_stop, process)
    return process, handle


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()


def _stream(repo: Repository, args: list[str], parser: _Parser) -> bool:
    try:
        process = subprocess.Popen(
            [_git(), *_LOG, *args], cwd=repo.root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return False
    assert process.stdout is not None
    with process:
        _feed(process.stdout, parser)
    return process.returncode == 0


def _feed(stream: IO[bytes], parser: _Parser) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    while block := stream.read(_CHUNK):
        parser.feed(decoder.decode(block))
    parser.feed(decoder.decode(b"", final=True))
    parser.flush()


class _Parser:
    """`git log -z` output to a Log, newest first as git writes it; `finish` turns it oldest first.

    The output is a stream of NUL-terminated tokens: each commit is a header of exactly five
    (hash, parents, committer date, subject, note trailers), then (status, path) pairs whose status is one of
    git's letters, so neither a subject nor a path can be taken for a header or a status. A
    header whose fields are not what git writes (hex hashes of one length, an ISO 8601 date with
    offset) is counted in `Log.malformed` and the stream is resumed at the next well-formed
    header: its commit and files are left out, never credited to another commit."""

    def __init__(self, prefix: str, log: Log) -> None:
        self.prefix = prefix
        self.folders = tuple(f"{prefix}{folder}/" for folder in FOLDERS)
        self.log = log
        self.index = {path: i for i, path in enumerate(log.paths)}
        self.pending = ""
        self.tokens: list[str] = []
        self.current: Change | None = None  # the commit being read, and its files (None: none is)
        self.codes: list[int] | None = None
        self.lost = False  # tokens are being skipped after a malformed header
        self.oldest_parent: str | None = None  # first parent of the last (oldest) commit read

    def feed(self, text: str) -> None:
        tokens = (self.pending + text).split("\0")
        self.pending = tokens.pop()
        self.tokens.extend(tokens)
        if len(self.tokens) > 4096:
            self._consume(final=False)

    def flush(self) -> None:
        if self.pending:
            self.tokens.append(self.pending)
        self.pending = ""
        self._consume(final=True)

    def finish(self) -> Log:
        self.log.commits.reverse()
        self.log.changes.reverse()
        return self.log

    def _consume(self, final: bool) -> None:
        tokens, i, n = self.tokens, 0, len(self.tokens)
        while i < n:
            if self.codes is not None:
                status = _STATUS.get(tokens[i])
                if status is not None:
                    if i + 1 == n and not final:
                        break
                    if i + 1 < n:
                        self._file(status, tokens[i + 1])
                    i += 2
                    continue
                self.codes = None
            if i + _HEADER > n and not final:
                break
            if self._header(tokens[i : i + _HEADER]):
                self.lost = False
                i += _HEADER
            else:
                if not self.lost:
                    self.log.malformed += 1
                    self.lost = True
                i += 1
        del tokens[:i]

    def _header(self, fields: list[str]) -> bool:
        if (
            len(fields) < _HEADER
            or not is_commit(fields[0])
            or not _PARENTS.fullmatch(fields[1])
            or not is_date(fields[2])
            or any(len(p) != len(fields[0]) for p in fields[1].split())
        ):
            return False
        commit, parents, date, subject, trailers = fields
        self.oldest_parent = parents.partition(" ")[0]
        self.current, self.codes = Change(commit, date, _printable(subject), _notes(trailers)), []
        return True

    def _file(self, status: int, path: str) -> None:
        if not path.startswith(self.folders):
            return
        path = path[len(self.prefix) :]
        i = self.index.get(path)
        if i is None:
            i = self.index[path] = len(self.log.paths)
            self.log.paths.append(path)
        codes = self.codes
        assert codes is not None and self.current is not None
        if not codes:  # a commit that touches no catalogue file is left out of the log
            self.log.commits.append(self.current)
            self.log.changes.append(codes)
        codes.append(i << 2 | status)


def _printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").translate(_CONTROLS)


def _notes(trailers: str) -> tuple[str, str]:
    """The `Nota:` and `Note:` trailers git read from a message (several of one kind joined), each
    cut at NOTE_CHARS."""
    found = ["", ""]
    for trailer in trailers.split("\x1f"):
        key, _, value = trailer.partition(":")
        place = NOTE_KEYS.get(key.strip().lower())
        value = " ".join(_printable(value).split())
        if place is not None and value:
            found[place] = f"{found[place]} {value}".strip()
    es, en = (n if len(n) <= NOTE_CHARS else n[: NOTE_CHARS - 1].rstrip() + "…" for n in found)
    return es, en


def is_commit(value: object) -> bool:
    """A full commit id as git writes it: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits."""
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def is_date(value: object) -> bool:
    """An ISO 8601 date and time with offset, as git's %cI writes it, that is a real instant."""
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        return False
    try:
        dt.datetime.fromisoformat(value).timestamp()
    except (ValueError, OverflowError, OSError):
        return False
    return True
