"""A content-addressed cache for work that depends only on one dataset's files (data validation).

Entries live under `.cache/catalogo/` at the repository root (git-ignored; CATALOGO_CACHE names
another folder), survive between runs (CI can restore the folder) and are safe to delete. A key
is the hash of everything the result depends on, so a stale entry can never be read.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problem

CACHE_VERSION = "1"


def cache_dir(root: Path) -> Path:
    """`.cache/catalogo` in the repository, or the folder CATALOGO_CACHE names (for example an
    empty temporary one, to run a cold validation without touching the repository's cache)."""
    configured = os.environ.get("CATALOGO_CACHE")
    return Path(configured) if configured else Path(root) / ".cache" / "catalogo"


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
    package = Path(__file__).parent
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
    return fingerprint_in(Path(__file__).parent, module)


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
    data_files = [p.relative_to(package).as_posix() for p in package.rglob("*") if p.suffix in (".yaml", ".json", ".csv")]
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
    payload = json.dumps([CACHE_VERSION, code or code_fingerprint(), *parts], sort_keys=True, ensure_ascii=False,
                         default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_problems(root: Path, kind: str, key: str) -> list[Problem] | None:
    path = cache_dir(root) / kind / key[:2] / f"{key}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [Problem(e["code"], e["path"], e["line"], e["column"], e["pointer"],
                        tuple((k, v) for k, v in e["args"]), e["severity"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_problems(root: Path, kind: str, key: str, problems: list[Problem]) -> None:
    folder = cache_dir(root) / kind / key[:2]
    entries = [{"code": p.code, "path": p.path, "line": p.line, "column": p.column, "pointer": p.pointer,
                "args": [list(a) for a in p.args], "severity": p.severity} for p in problems]
    write_json(folder / f"{key}.json", entries)


def write_json(path: Path, value: Any) -> None:
    """Write a cache file whole or not at all (a temporary file renamed into place). A cache that
    cannot be written only costs time later, so failing to write is not an error."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                         suffix=".tmp") as handle:
            temporary = handle.name
            json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
