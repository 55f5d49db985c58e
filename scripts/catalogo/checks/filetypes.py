"""Stage 2, check: What the site may publish: the one allow-list of data file types, shared by the
validator (checks/published.py) and the build (render.write.copy_data_files)."""

# A local resource file is published only when its extension, its declared format (when given)
# and its content, sniffed from its first bytes, name the same kind on the allow-list: tabular and
# data formats, and documents that cannot run script. Text kinds must be text (no NUL byte, not
# UTF-16 or UTF-32) and must not start with markup (a browser that sniffs would render it as HTML,
# SVG or XML); whether the text is in its declared encoding is the data check's. ZIP archives are
# opened: their members follow the same rules, without nested archives or paths that leave the
# archive, and with bounds on their number and size.

from __future__ import annotations

import mimetypes
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.problems import localized
from ..core.vocab import fold, format_key

# extension -> kind
ALLOWED_EXTENSIONS = {
    "csv": "csv",
    "tsv": "tsv",
    "json": "json",
    "geojson": "geojson",
    "xlsx": "xlsx",
    "ods": "ods",
    "parquet": "parquet",
    "zip": "zip",
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "gif": "gif",
    "webp": "webp",
}
ALLOWED_KINDS = frozenset(ALLOWED_EXTENSIONS.values())
TEXT_KINDS = {"csv": {"text", "json"}, "tsv": {"text", "json"}, "json": {"json"}, "geojson": {"json"}}
# kind -> the media types (`mediatype`) a resource of that kind may declare
MEDIA_TYPES = {
    "csv": {"text/csv", "application/csv"},
    "tsv": {"text/tab-separated-values"},
    "json": {"application/json"},
    "geojson": {"application/geo+json", "application/vnd.geo+json", "application/json"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "parquet": {"application/vnd.apache.parquet", "application/x-parquet"},
    "zip": {"application/zip", "application/x-zip-compressed"},
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
}
# What the build writes beside a dataset's page (render/connect.py: its maps and charts, the files
# of names its join code reads, that code); a resource may not take these names.
RESERVED_NAMES = frozenset(
    {
        "index.html",
        "datapackage.json",
        "mapa-entidades.svg",
        "mapa-municipios.svg",
        "mapa-puntos.svg",
        "barras-entidades.svg",
        "serie.svg",
        "cruzar.py",
        "cruzar.sql",
        *(f"claves-{kind}.csv" for kind in ("entidad", "municipio", "localidad", "cct", "clues")),
    }
)

HEAD_BYTES = 8 * 1024  # browsers sniff 1,445 bytes; a NUL in the first 8 KiB marks a binary
MEMBER_HEAD_BYTES = 8 * 1024
ZIP_MAX_MEMBERS = 1_000
ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 400  # uncompressed / compressed, for members over ZIP_RATIO_FROM bytes
ZIP_RATIO_FROM = 1024 * 1024
ZIP_MAX_REPORTED = 20  # member problems reported per archive

_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PAR1", "parquet"),
)
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Media types known to Python itself (not the machine's /etc/mime.types, so every machine agrees).
_KNOWN = mimetypes.MimeTypes(filenames=())
_KNOWN_EXTENSIONS = {ext.lstrip(".").lower() for table in _KNOWN.types_map for ext in table if len(ext) > 2}
_KNOWN_EXTENSIONS |= {"htm", "html", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "wasm", "xsl", "xml", "php"}


@dataclass(frozen=True)
class Refusal:
    """Why a file may not be published: a problem code, the descriptor key it is about ("path",
    "format" or "mediatype"), and the message's arguments."""

    code: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)


def extension_of(path: str) -> str:
    """The last extension of a path's file name, lowercased ('' when there is none: 'datos',
    '.htaccess', 'datos.csv.')."""
    return PurePosixPath(path).suffix.lstrip(".").lower()


def is_reserved(path: str) -> bool:
    """Whether a resource path takes (or goes through) a name the build writes beside the page:
    compared without case, after './' and '//' are normalised away."""
    parts = PurePosixPath(path.strip()).parts
    return bool(parts) and parts[0].rstrip(". ").casefold() in RESERVED_NAMES


def declared_kind(declared: str | None) -> str | None:
    """The allow-list kind a declared `format` names, or the vocabulary key (or text) it names."""
    if not declared or not isinstance(declared, str):
        return None
    key = format_key(declared) or fold(declared.strip()).lstrip(".")
    return ALLOWED_EXTENSIONS.get(key, key)


def refusals(file: Path, path: str, declared: str | None = None, mediatype: str | None = None) -> list[Refusal]:
    """Why the resource file `file` (declared at `path`, with `format` `declared` and
    `mediatype`) may not be published; an empty list when it may. Never raises on the file's
    content."""
    extension = extension_of(path)
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        return [Refusal("file-type-not-allowed", "path", {"path": path, "found": extension or "—"})]
    inner = _inner_extension(path)
    if inner:
        return [Refusal("file-type-not-allowed", "path", {"path": path, "found": inner})]
    wanted = declared_kind(declared)
    if wanted is not None and wanted not in ALLOWED_KINDS:
        return [Refusal("file-type-not-allowed", "format", {"path": path, "found": str(declared)})]
    media = mediatype.split(";")[0].strip().lower() if mediatype else None
    if media is not None and not any(media in types for types in MEDIA_TYPES.values()):
        return [Refusal("file-type-not-allowed", "mediatype", {"path": path, "found": str(mediatype)})]
    try:
        content, found = _content(file, path, kind)
    except Exception:  # hostile files: whatever fails to read is a refusal, never a traceback
        content, found = "unreadable", []
    if any(r.code == "archive-too-large" for r in found):  # not opened further, whatever it is
        return found
    if media is not None and media not in MEDIA_TYPES[kind]:
        return [Refusal("file-type-mismatch", "mediatype", _mismatch(path, extension, mediatype, content).args)]
    if (wanted is not None and wanted != kind) or not _agrees(kind, content):
        return [_mismatch(path, extension, declared, content)]
    return found


def _content(file: Path, path: str, kind: str) -> tuple[str, list[Refusal]]:
    """What the file holds, and for an archive of the kind its name says, what is wrong inside."""
    with open(file, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    content = sniff(head)
    if content == "empty" and len(head) == HEAD_BYTES:  # only blanks where the content should start
        return "unreadable", []
    if content == "parquet" and not _ends_with(file, b"PAR1"):
        return "unreadable", []
    if content == "zip":
        return _zip_content(file, path)
    return content, []


def publishable(file: Path, path: str, declared: str | None = None, mediatype: str | None = None) -> bool:
    """Whether the build may copy the file to the site."""
    return (
        not is_reserved(path)
        and file.is_file()
        and not file.is_symlink()
        and not refusals(file, path, declared, mediatype)
    )


def sniff(head: bytes) -> str:
    """What the first bytes of a file are: a signature's kind, "zip", "json" (text starting with
    { or [), "text", "markup" (text starting with <), "empty" or "binary"."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str:
    """Text in any encoding that reads ASCII as ASCII (the only kind the catalogue accepts, so
    a '<' is a '<' whatever the declared encoding); UTF-16 and UTF-32 are binary here."""
    if head.startswith(_UTF16_32_BOMS) or b"\x00" in head:
        return "binary"
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    start = text.lstrip("\ufeff \t\r\n\f\v\u00a0")[:1]
    if not start:
        return "empty"
    if start == "<":
        return "markup"
    return "json" if start in "{[" else "text"


def _agrees(kind: str, content: str) -> bool:
    if kind in TEXT_KINDS:
        return content in TEXT_KINDS[kind] or (content == "empty" and kind in ("csv", "tsv"))
    return content == kind


def _mismatch(path: str, extension: str, declared: str | None, content: str) -> Refusal:
    return Refusal(
        "file-type-mismatch",
        "path",
        {"path": path, "extension": extension, "format": declared or "—", "content": content_label(content)},
    )


def content_label(content: str) -> Any:
    labels = {
        "markup": "HTML/XML",
        "text": localized("texto", "text"),
        "json": "JSON",
        "empty": localized("vacío", "empty"),
        "binary": localized("binario", "binary"),
        "unreadable": localized("ilegible o dañado", "unreadable or damaged"),
    }
    return labels.get(content, content.upper())


def _inner_extension(path: str) -> str:
    """An extension inside the file name ('datos.html.csv') that some servers would honour: one
    with a known media type that is not on the allow-list."""
    parts = PurePosixPath(path).name.lower().split(".")[1:-1]
    for part in parts:
        if part in _KNOWN_EXTENSIONS and part not in ALLOWED_EXTENSIONS:
            return part
    return ""


def _ends_with(file: Path, tail: bytes) -> bool:
    with open(file, "rb") as handle:
        handle.seek(0, 2)
        if handle.tell() < 2 * len(tail):
            return False
        handle.seek(-len(tail), 2)
        return handle.read() == tail


def _zip_content(file: Path, path: str) -> tuple[str, list[Refusal]]:
    """A ZIP file: an XLSX or ODS workbook, or an archive whose members are checked (a workbook's
    parts are not files of their own). Bounds on members and sizes hold for all three."""
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        bound = _zip_bounds(file, path, members)
        content = container_kind(archive) if bound is None else "zip"
        if bound is not None or content != "zip":
            return content, [bound] if bound else []
        found = []
        for member in members:
            detail = _member_refusal(archive, member)
            if detail:
                found.append(
                    Refusal(
                        "archive-member-not-allowed",
                        "path",
                        {"path": path, "member": member.filename, "detail": detail},
                    )
                )
                if len(found) >= ZIP_MAX_REPORTED:
                    break
        return content, found


def _zip_bounds(file: Path, path: str, members: list[zipfile.ZipInfo]) -> Refusal | None:
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if len(members) > ZIP_MAX_MEMBERS:
        return Refusal(
            "archive-too-large",
            "path",
            {
                "path": path,
                "detail": localized(
                    f"{len(members)} archivos (máximo {ZIP_MAX_MEMBERS})",
                    f"{len(members)} files (at most {ZIP_MAX_MEMBERS})",
                ),
            },
        )
    if total > ZIP_MAX_UNCOMPRESSED or packed > file.stat().st_size:  # overlapping members: a bomb
        return Refusal(
            "archive-too-large",
            "path",
            {"path": path, "detail": localized(f"{total} bytes al descomprimir", f"{total} bytes uncompressed")},
        )
    for m in members:
        if m.file_size > ZIP_RATIO_FROM and m.file_size > ZIP_MAX_RATIO * max(m.compress_size, 1):
            return Refusal(
                "archive-too-large",
                "path",
                {
                    "path": path,
                    "detail": localized(
                        f"«{m.filename}» se comprime {m.file_size // max(m.compress_size, 1)} veces",
                        f"'{m.filename}' is compressed {m.file_size // max(m.compress_size, 1)} times",
                    ),
                },
            )
    return None


def container_kind(archive: zipfile.ZipFile) -> str:
    """ "xlsx", "ods" or "zip": what a ZIP container is, for the allow-list and for the screen alike."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names:
        with archive.open("mimetype") as handle:
            if handle.read(len(_ODS_MIMETYPE) + 1).strip() == _ODS_MIMETYPE:
                return "ods"
    return "zip"


def _member_refusal(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Any:
    """Why a member of a data archive may not be in it (a localized detail), or None."""
    name = member.filename
    parts = PurePosixPath(name).parts
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return localized("sale del archivo", "leaves the archive")
    if any(not ch.isprintable() for ch in name):
        return localized("caracteres de control", "control characters")
    if stat.S_ISLNK(member.external_attr >> 16):
        return localized("enlace simbólico", "symbolic link")
    if member.is_dir():
        return None
    kind = ALLOWED_EXTENSIONS.get(extension_of(name))
    if kind is None or kind == "zip" or _inner_extension(name):
        return localized(
            f"tipo no permitido («{extension_of(name) or '—'}»)", f"type not allowed ('{extension_of(name) or '—'}')"
        )
    try:
        with archive.open(member) as handle:
            content = sniff(handle.read(MEMBER_HEAD_BYTES))
    except Exception:  # a damaged, encrypted or oddly compressed member
        return localized("ilegible o cifrado", "unreadable or encrypted")
    if content == "zip" and kind in ("xlsx", "ods"):
        return None
    if not _agrees(kind, content):
        label = content_label(content)
        return localized(
            f"contenido {_in(label, 'es')} en un «.{extension_of(name)}»",
            f"{_in(label, 'en')} content in a '.{extension_of(name)}'",
        )
    return None


def _in(label: Any, lang: str) -> str:
    return label[lang] if isinstance(label, dict) else str(label)
