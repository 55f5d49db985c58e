"""Shared by every stage (core): A content-addressed cache for work that depends only on one dataset's
files (data validation)."""

# Entries live under `.cache/catalogo/` at the repository root (git-ignored; CATALOGO_CACHE names
# another folder), survive between runs (CI can restore the folder) and are safe to delete. A key
# is the hash of everything the result depends on, so a stale entry can never be read.
#
# Nothing in the cache is trusted because it is there. A cache folder that git tracks (or reached
# through a symbolic link) came with the repository, not from an earlier run: it is neither read
# nor written. Every entry carries an HMAC-SHA256, with a random secret kept in the cache folder
# (`secret`, mode 0600, created on first use), over the tool's version, the entry's name (its key)
# and its content; an entry that does not verify is ignored and computed again.

from __future__ import annotations

import ast
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import subprocess
import tempfile
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from .files import open_atomic
from .problems import Problem

CACHE_VERSION = "2"
SECRET = "secret"
_MAC_OPEN = b'{"mac":"'
_trusted: dict[tuple[str, str], Path | None] = {}  # (root, cache folder) -> the folder, or None
_secrets: dict[str, bytes | None] = {}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_dir(root: Path) -> Path:
    """`.cache/catalogo` in the repository, or the folder CATALOGO_CACHE names (for example an
    empty temporary one, to run a cold validation without touching the repository's cache)."""
    configured = os.environ.get("CATALOGO_CACHE")
    return Path(configured) if configured else Path(root) / ".cache" / "catalogo"


def usable_cache_dir(root: Path) -> Path | None:
    """The cache folder, or None when it must not be used: git tracks files in it (it came with
    the repository), or it is reached through a symbolic link inside the repository. Asked of
    git once per folder until `forget_cache_state`."""
    folder = cache_dir(root)
    key = (str(Path(root).absolute()), str(folder.absolute()))
    if key not in _trusted:
        _trusted[key] = None if _planted(Path(root).absolute(), folder.absolute()) else folder
    return _trusted[key]


def forget_cache_state() -> None:
    """Ask again whether the cache folder can be trusted, and read its secret again (each run)."""
    _trusted.clear()
    _secrets.clear()


def _planted(root: Path, folder: Path) -> bool:
    if folder.is_relative_to(root):
        current = root
        for part in folder.relative_to(root).parts:
            current = current / part
            if current.is_symlink():
                return True
    probe = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    if probe is None:
        return False
    command = [os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git", "ls-files", "-z", "--", str(folder)]
    try:
        listed = subprocess.run(command, cwd=probe, capture_output=True, check=False)
    except OSError:
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def _secret(folder: Path) -> bytes | None:
    """The cache folder's secret, created on first use; None when it can be neither read nor made."""
    if str(folder) in _secrets:
        return _secrets[str(folder)]
    found = _read_secret(folder / SECRET)
    if found is None:
        found = _new_secret(folder)
    _secrets[str(folder)] = found
    return found


def _read_secret(path: Path) -> bytes | None:
    try:
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as reader:
        info = os.fstat(reader.fileno())
        value = reader.read(64)
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if stat.S_ISREG(info.st_mode) and mine and not info.st_mode & 0o077 and len(value) == 32:
        return value
    return None


def _new_secret(folder: Path) -> bytes | None:
    """A fresh secret, put in place without ever showing a half-written one; when another
    process made one first, that one. A bad one (wrong owner, mode or size) is replaced."""
    path = folder / SECRET
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")  # mode 0600
        with os.fdopen(handle, "wb") as writer:
            writer.write(secrets.token_bytes(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            found = _read_secret(path)
            if found is not None:
                return found
            os.replace(temporary, path)
            temporary = None
        return _read_secret(path)
    except OSError:
        return None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    mac = hmac.new(secret, f"catalogo-cache\0{CACHE_VERSION}\0{__version__}\0{name}\0".encode(), hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode()


def read_entry(root: Path, name: str) -> Any:
    """The JSON object stored under `name` (a path inside the cache folder), or None when it is
    missing, the folder cannot be trusted, or its MAC does not verify."""
    folder = usable_cache_dir(root)
    secret = _secret(folder) if folder is not None else None
    if folder is None or secret is None:
        return None
    try:
        handle = os.open(folder / name, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(handle, "rb") as reader:
            raw = reader.read()
    except OSError:
        return None
    mac, rest = raw[len(_MAC_OPEN) : len(_MAC_OPEN) + 64], raw[len(_MAC_OPEN) + 64 :]
    if not raw.startswith(_MAC_OPEN) or not rest.startswith((b'",', b'"}')):
        return None
    payload = b"{" + rest[2:] if rest.startswith(b'",') else b"{}"
    if not hmac.compare_digest(mac, _mac(secret, name, payload)):
        return None
    try:
        return json.loads(payload.decode("utf-8", "surrogatepass"))  # paths git gave as bytes, not UTF-8
    except ValueError:
        return None


def write_entry(root: Path, name: str, value: dict[str, Any]) -> None:
    """Store a JSON object under `name` with its MAC (nothing when the folder cannot be trusted)."""
    folder = usable_cache_dir(root)
    secret = _secret(folder) if folder is not None else None
    if folder is None or secret is None:
        return
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    mac = _mac(secret, name, payload)
    body = b'"}' if payload == b"{}" else b'",' + payload[1:]
    write_bytes(folder / name, _MAC_OPEN + mac + body)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """Hash of the package's own code and message catalogue: new checks never read old results."""
    digest = hashlib.sha256()
    package = Path(__file__).parent.parent  # the whole package, not only core/
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml", ".json", ".csv")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def module_fingerprint(module: str) -> str:
    """Hash of one of the package's modules (e.g. "checks/data.py"), of every package module it
    imports, directly or not (read from the source, not from what happens to be loaded), and of
    the package's data files (message catalogue, vocabularies). Results of that module keyed with
    it survive changes to the rest of the code, such as the site's templates and exports."""
    return fingerprint_in(Path(__file__).parent.parent, module)


def fingerprint_in(package: Path, module: str) -> str:
    """module_fingerprint for the package in the folder `package`."""
    seen, pending = set(), [module]
    while pending:
        current = pending.pop()
        if current in seen or not (package / current).is_file():
            continue
        seen.add(current)
        pending.extend(_package_imports(package, current))
    digest = hashlib.sha256()
    data_files = [
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.suffix in (".yaml", ".json", ".csv")
    ]
    for name in sorted(seen) + sorted(data_files):
        digest.update(name.encode())
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def _package_imports(package: Path, module: str) -> list[str]:
    """Files of the package that `module` imports with relative imports (`from ..x import y`,
    `from . import y`), including the `__init__.py` of each package it goes through."""
    found = []
    here = PurePosixPath(module).parent
    for node in ast.walk(ast.parse((package / module).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = here
        for _ in range(node.level - 1):
            base = base.parent
        target = base.joinpath(*node.module.split(".")) if node.module else base
        names = [target / alias.name for alias in node.names] + [target]
        for candidate in names:
            found += [f"{candidate}.py", f"{candidate}/__init__.py"]
    return [str(PurePosixPath(f)).removeprefix("./") for f in found]


def key_of(*parts: Any, code: str | None = None) -> str:
    """The key of a result that depends on `parts` and on the code: the whole package's, unless
    `code` names a narrower fingerprint (module_fingerprint)."""
    payload = json.dumps(
        [CACHE_VERSION, code or code_fingerprint(), *parts], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_problems(root: Path, kind: str, key: str) -> list[Problem] | None:
    found = read_result(root, kind, key)
    return found[0] if found is not None else None


def read_result(root: Path, kind: str, key: str) -> tuple[list[Problem], dict[str, Any]] | None:
    """The problems stored under `key`, with what was stored beside them (`extra`)."""
    try:
        entry = read_entry(root, f"{kind}/{key[:2]}/{key}.json")
        entries, extra = entry["problems"], entry.get("extra") or {}
        if not isinstance(extra, dict):
            return None
        problems = [
            Problem(
                e["code"],
                e["path"],
                e["line"],
                e["column"],
                e["pointer"],
                tuple((k, v) for k, v in e["args"]),
                e["severity"],
            )
            for e in entries
        ]
        return problems, extra
    except (ValueError, KeyError, TypeError):
        return None


def write_problems(
    root: Path, kind: str, key: str, problems: list[Problem], extra: dict[str, Any] | None = None
) -> None:
    entries = [
        {
            "code": p.code,
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "pointer": p.pointer,
            "args": [list(a) for a in p.args],
            "severity": p.severity,
        }
        for p in problems
    ]
    write_entry(root, f"{kind}/{key[:2]}/{key}.json", {"problems": entries, **({"extra": extra} if extra else {})})


def write_bytes(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a temporary file renamed into place). A cache that
    cannot be written only costs time later, so failing to write is not an error."""
    with contextlib.suppress(OSError), open_atomic(path, binary=True, mode=None, prefix="tmp", suffix=".tmp") as handle:
        handle.write(data)
