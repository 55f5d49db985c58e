"""Shared by every stage (core): The one YAML reader: libyaml's composer (it keeps line marks), safe
scalars, hard limits."""

# Content is untrusted, so reading never raises on bad input: it returns a `Document` (or None)
# and the problems found. Values keep their place: `Document.place(pointer)` gives line and column.

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .parsememo import MISSING, ParsedMemo
from .problems import Problem, problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000

_SCALARS = SafeConstructor()
_KEEP_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_SCALAR_CONSTRUCTORS = {
    f"tag:yaml.org,2002:{name}": SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{name}"]
    for name in ("null", "bool", "int", "float", "str")
}


@dataclass
class Document:
    """A YAML file's data with the position of every value and key."""

    path: str
    data: Any
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def place(self, pointer: str, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `pointer`, or of its nearest ancestor."""
        table = self.key_marks if key else self.marks
        while True:
            if pointer in table:
                return table[pointer]
            if key and pointer in self.marks:
                return self.marks[pointer]
            if not pointer:
                return (None, None)
            pointer = pointer.rsplit("/", 1)[0]

    def problem(self, code: str, pointer: str, key: bool = False, /, **args: Any) -> Problem:
        line, column = self.place(pointer, key=key)
        return problem(code, self.path, line, column, pointer or None, **args)


class _TooComplex(Exception):
    pass


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def decode_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (a BOM is tolerated); otherwise a `not-utf8` problem naming the encoding seen."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [problem("not-utf8", path, encoding=guess_encoding(raw), offset=exc.start)]


def guess_encoding(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:200_000]
    if any(0x80 <= b <= 0x9F for b in sample):
        box_drawing = sum(1 for b in sample if b in (0xA2, 0xA1, 0xA3, 0xA4, 0xA5, 0x82, 0x90))
        return "CP850 (DOS)" if box_drawing and b"\xb3" not in sample else "Windows-1252"
    return "ISO-8859-1 (Latin-1)"


def read_yaml(
    root: Path, rel: str, max_bytes: int = MAX_BYTES, marks: bool = True, memo: ParsedMemo | None = None
) -> tuple[Document | None, list[Problem]]:
    """Read `root/rel` as YAML. Returns the document (None when unreadable) and its problems.
    With `marks=False` the document keeps no positions (for readers that report no problems), and
    a `memo` gives back what an earlier build parsed from the same bytes (core/parsememo.py)."""
    try:
        handle = open_below(root, rel)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [problem("symlink-refused", rel)]
        return None, [problem("yaml-syntax", rel, detail=exc.strerror or type(exc).__name__)]
    with os.fdopen(handle, "rb") as reader:
        info = os.fstat(reader.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, [problem("unexpected-file", rel, detail="no es un archivo regular / not a regular file")]
        if info.st_size > max_bytes:
            return None, [problem("file-too-large", rel, size=info.st_size, limit=max_bytes)]
        raw = reader.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return None, [problem("file-too-large", rel, size=len(raw), limit=max_bytes)]
    key = ParsedMemo.key(raw) if memo is not None and not marks else None
    if memo is not None and key is not None and (known := memo.get(key)) is not MISSING:
        return Document(rel, known), []
    text, problems = decode_text(raw, rel)
    if text is None:
        return None, problems
    doc, problems = parse_yaml(text, rel, marks)
    if memo is not None and key is not None and doc is not None and not problems:
        memo.put(key, doc.data)
    return doc, problems


def open_below(root: Path, rel: str) -> int:
    """A descriptor open for reading `root/rel`, following no symbolic link below `root`, even one
    put in place while it is opened: each folder is opened relative to the one before, and a link
    at any step fails with ELOOP."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    parts = PurePosixPath(rel).parts
    if not parts or any(part in ("..", "/") for part in parts):
        raise OSError(errno.EINVAL, "invalid path")
    folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, flags | getattr(os, "O_DIRECTORY", 0), dir_fd=folder)
            except NotADirectoryError:  # what a link to a folder gives with O_NOFOLLOW | O_DIRECTORY
                if stat.S_ISLNK(os.stat(part, dir_fd=folder, follow_symlinks=False).st_mode):
                    raise OSError(errno.ELOOP, "symbolic link") from None
                raise
            os.close(folder)
            folder = inner
        return os.open(parts[-1], flags, dir_fd=folder)
    finally:
        os.close(folder)


def parse_yaml(text: str, rel: str, marks: bool = True) -> tuple[Document | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "error"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        code = "yaml-too-complex" if "nesting depth" in str(detail) else "yaml-syntax"
        return None, [problem(code, rel, line, col, detail=detail)]
    except RecursionError:
        return None, [
            problem(
                "yaml-too-complex",
                rel,
                detail=f"más de {MAX_DEPTH} niveles de anidamiento / nesting deeper than {MAX_DEPTH}",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [problem("yaml-syntax", rel, detail=type(exc).__name__)]
    doc = Document(rel, None)
    builder = _Builder(doc, marks)
    try:
        doc.data = builder.value(node, "", 0) if node is not None else None
    except _TooComplex as exc:
        return None, [problem("yaml-too-complex", rel, detail=str(exc))]
    return doc, builder.problems


class _Builder:
    """Turns composed nodes into plain values, recording marks and duplicate keys."""

    def __init__(self, doc: Document, marks: bool = True) -> None:
        self.doc = doc
        self.marks = marks
        self.nodes = 0
        self.problems: list[Problem] = []

    def value(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooComplex(f"más de {MAX_NODES} valores / more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise _TooComplex(f"más de {MAX_DEPTH} niveles de anidamiento / nesting deeper than {MAX_DEPTH}")
        if self.marks:
            self.doc.marks.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, pointer, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        return scalar(node)

    def mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _TooComplex("claves de combinación (<<) no permitidas / merge keys (<<) are not allowed")
            key = str(scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{pointer}/{escape(key)}"
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                self.problems.append(
                    problem("yaml-duplicate-key", self.doc.path, line, col, child, key=key, first_line=first_line[key])
                )
                continue
            first_line[key] = line
            result[key] = self.value(value_node, child, depth + 1)
            if not self.marks:
                continue
            self.doc.key_marks[child] = (line, col)
            if isinstance(value_node, yaml.CollectionNode) and not value_node.flow_style:
                self.doc.marks[child] = (line, col)  # a block list or mapping is best shown at its key
        return result


def scalar(node: yaml.Node) -> Any:
    if node.tag in _KEEP_AS_TEXT or not node.tag.startswith("tag:yaml.org,2002:"):
        return node.value
    constructor = _SCALAR_CONSTRUCTORS.get(node.tag)
    if constructor is None:  # collection tags on a scalar (`!!map x`), sets, pairs: kept as text
        return node.value
    try:
        # called directly: construct_object() would remember every node it has seen
        return constructor(_SCALARS, node)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value
