"""What the site publishes, attacked: each case is a hostile repository made from the minimal
catalogue with one planted resource. The validator refuses every file type off the allow-list,
every disagreement between extension, declared format and content, every bad ZIP member and
every path that would shadow a generated file; the build never copies such a file even when it
is given a catalogue nobody validated; and the site's `_headers` serves every file with the
pages' policy and data files as sandboxed downloads."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogo.checks.filetypes import ALLOWED_EXTENSIONS, ZIP_MAX_MEMBERS, publishable, refusals
from catalogo.checks.run import check_catalogue
from catalogo.enrich import enrich
from catalogo.gitdata.history import History
from catalogo.load import load_catalogue
from catalogo.render.hosting import DATA_POLICY, HEADERS_FILE, headers_file, headers_for
from catalogo.render.html import CONTENT_SECURITY_POLICY
from catalogo.render.write import copy_data_files, render_site, site_settings

from .conftest import FIXTURES, ROOT, assert_no_crash, git

KEY = "secretaria-de-salud/casos-covid-estados"
FOLDER = f"datasets/{KEY}"
DESCRIPTOR = f"{FOLDER}/datapackage.yaml"
TYPE_CODES = {
    "file-type-not-allowed",
    "file-type-mismatch",
    "archive-member-not-allowed",
    "archive-too-large",
    "resource-path-reserved",
}
CSV = b"id,valor\n1,2\n"
PAYLOAD = b"<script>alert(document.domain)</script>"
HTML = b"<!DOCTYPE html><html><body>" + PAYLOAD + b"</body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><circle r="1"/></svg>\n'
XHTML = b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>' + PAYLOAD + b"</body></html>\n"
JS = b"alert(document.domain),1\n2,3\n"  # a valid two-column CSV, and a valid script
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PARQUET = b"PAR1" + b"\x00" * 16 + b"PAR1"


def zip_bytes(members: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = 0o120777 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook, buffer = Workbook(), io.BytesIO()
    workbook.active.append(["id", "valor"])
    workbook.active.append([1, 2])
    workbook.save(buffer)
    return buffer.getvalue()


ODS = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


def plant(
    tmp_path: Path, path: str, content: bytes | None, declared: str | None = None, extra: str = ""
) -> tuple[Path, int]:
    """The minimal catalogue with one more resource at `path` (the file holding `content`), made
    a git repository; returns it and the line of the resource's `path` in the descriptor."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    folder = repo / FOLDER
    if content is not None:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    descriptor = folder / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    text += "  - name: planted\n" + f"    path: {_yaml(path)}\n"
    text += f"    format: {_yaml(declared)}\n" if declared is not None else ""
    descriptor.write_text(text + extra, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Recurso nuevo", date="2026-01-01T12:00:00+00:00")
    return repo, line


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def found(repo: Path) -> set[tuple[str, str, int | None]]:
    problems = check_catalogue(load_catalogue(repo))
    assert_no_crash(problems)
    return {(p.code, p.path, p.line) for p in problems if p.code in TYPE_CODES}


def published(repo: Path, tmp_path: Path) -> dict[str, bytes]:
    """What the build copies for the dataset from a catalogue that was never validated."""
    out = tmp_path / "site"
    copy_data_files(enrich(load_catalogue(repo), dt.date(2026, 1, 2), History()), KEY, out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


# --- the attacks named in the issue: refused, and never copied by the build --------------------

NAMED = [
    ("data/t.html", "csv", b"a\n" + PAYLOAD + b"\n", "file-type-not-allowed"),
    ("data/t.html", "html", HTML, "file-type-not-allowed"),
    ("data/t.svg", "xml", SVG, "file-type-not-allowed"),
    ("data/t.xml", "xml", XHTML, "file-type-not-allowed"),
    ("data/t.js", "csv", JS, "file-type-not-allowed"),
]


@pytest.mark.parametrize(("path", "declared", "content", "code"), NAMED, ids=[n[0] + ":" + n[1] for n in NAMED])
def test_named_attacks_are_refused_and_never_published(
    tmp_path: Path, path: str, declared: str, content: bytes, code: str
) -> None:
    repo, line = plant(tmp_path, path, content, declared)
    assert (code, DESCRIPTOR, line) in found(repo)
    copied = published(repo, tmp_path)
    assert f"datos/{KEY}/data/casos.csv" in copied
    assert f"datos/{KEY}/{path}" not in copied
    assert not any(b"alert(" in data for data in copied.values())


def test_rendering_an_unvalidated_catalogue_publishes_none_of_the_attacks(tmp_path: Path) -> None:
    """Every named attack at once, the catalogue rendered without being validated: no attack file
    reaches the site, and no file the render wrote holds a payload unescaped."""
    repo, _ = plant(tmp_path, "data/casos.csv", None)
    extra = ""
    for i, (path, declared, content, _code) in enumerate(NAMED):
        named = path.replace("/t.", f"/t{i}.")
        (repo / FOLDER / named).write_bytes(content)
        extra += f"  - name: ataque-{i}\n    path: {named}\n    format: {declared}\n"
    (repo / FOLDER / "index.html").write_bytes(HTML)
    extra += "  - name: indice\n    path: ./index.html\n    format: csv\n"
    descriptor = repo / DESCRIPTOR
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + extra, encoding="utf-8")
    out = tmp_path / "rendered"
    enriched = enrich(load_catalogue(repo), dt.date(2026, 1, 2), History())
    render_site(
        enriched,
        out,
        site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/"),
        ROOT / "build",
        workers=1,
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    data = sorted(
        p.relative_to(out / "datos" / KEY).as_posix() for p in (out / "datos" / KEY).rglob("*") if p.is_file()
    )
    assert data == ["data/casos.csv", "index.html"]
    assert b"<!DOCTYPE html><html><body><script>" not in (out / "datos" / KEY / "index.html").read_bytes()
    raw = (b"<script>alert(document.domain)", b'onload="alert(document.domain)')
    assert not [p for p in files if any(r in p.read_bytes() for r in raw)]  # escaped in previews, if anywhere


# --- held-out extensions: the allow-list refuses what nobody named -----------------------------

REFUSED_NAMES = [
    "data/t.htm",
    "data/t.HTML",
    "data/t.Html",
    "data/t.xhtml",
    "data/t.shtml",
    "data/t.mjs",
    "data/t.wasm",
    "data/t.swf",
    "data/t.xsl",
    "data/t.xslt",
    "data/t.svgz",
    "data/t.php",
    "data/t.exe",
    "data/t.txt",
    "data/t.css",
    "data/t.webmanifest",
    "data/t.appcache",
    "data/t.mht",
    "data/t.jsonld",
    "data/t.rdf",
    "data/t.kml",
    "data/t.ttl",
    "data/t.bat",
    "data/t.sh",
    "data/datos",
    "data/.htaccess",
    "data/datos.csv.html",
    "data/datos.csv.",
    "data/datos.csv ",
    "data/datos.html.csv",
    "data/datos.js.json",
    "data/datos.svg.png",
    "data/datos.ｃｓｖ",
    "data/t.xls",
    "data/t.docx",
    "data/t.tif",
    "data/t.gz",
    "data/_headers",
    "data/_redirects",
]


@pytest.mark.parametrize("path", REFUSED_NAMES)
def test_extensions_off_the_allow_list_are_refused(tmp_path: Path, path: str) -> None:
    repo, line = plant(tmp_path, path, CSV)
    assert ("file-type-not-allowed", DESCRIPTOR, line) in found(repo)
    assert f"datos/{KEY}/{path}" not in published(repo, tmp_path)


@pytest.mark.parametrize(
    "declared",
    ["html", "xml", "txt", "rdf", "kml", "ttl", "jsonld", "text/html", "svg", "javascript", "application/xhtml+xml"],
)
def test_declared_formats_off_the_allow_list_are_refused(tmp_path: Path, declared: str) -> None:
    repo, line = plant(tmp_path, "data/t.csv", CSV, declared)
    assert ("file-type-not-allowed", DESCRIPTOR, line + 1) in found(repo)
    assert f"datos/{KEY}/data/t.csv" not in published(repo, tmp_path)


@pytest.mark.parametrize(
    ("path", "declared", "content"),
    [
        ("data/t.csv", "json", CSV),
        ("data/t.csv", "tsv", CSV),
        ("data/t.json", "csv", b'{"a": 1}'),
        ("data/t.xlsx", "csv", CSV),
        ("data/t.pdf", "csv", CSV),
        ("data/t.png", "jpg", PNG),
        ("data/t.zip", "xlsx", zip_bytes({"a.csv": CSV})),
    ],
)
def test_extension_and_declared_format_must_agree(tmp_path: Path, path: str, declared: str, content: bytes) -> None:
    repo, line = plant(tmp_path, path, content, declared)
    assert ("file-type-mismatch", DESCRIPTOR, line) in found(repo)
    assert f"datos/{KEY}/{path}" not in published(repo, tmp_path)


@pytest.mark.parametrize(
    ("path", "media", "code"),
    [
        ("data/t.csv", "text/html", "file-type-not-allowed"),
        ("data/t.png", "image/svg+xml", "file-type-not-allowed"),
        ("data/t.json", "application/xhtml+xml", "file-type-not-allowed"),
        ("data/t.csv", "text/javascript", "file-type-not-allowed"),
        ("data/t.csv", "application/json", "file-type-mismatch"),
        ("data/t.pdf", "image/png", "file-type-mismatch"),
        ("data/t.csv", "text/csv", None),
        ("data/t.csv", "Text/CSV; charset=utf-8", None),
    ],
)
def test_declared_media_types_are_on_the_allow_list_and_agree(
    tmp_path: Path, path: str, media: str, code: str | None
) -> None:
    content = PDF if path.endswith(".pdf") else PNG if path.endswith(".png") else b"[1]" if "json" in path else CSV
    repo, line = plant(tmp_path, path, content, extra=f"    mediatype: {_yaml(media)}\n")
    assert found(repo) == ({(code, DESCRIPTOR, line + 1)} if code else set())
    assert (f"datos/{KEY}/{path}" in published(repo, tmp_path)) == (code is None)


# --- content that is not what the name says ----------------------------------------------------

MARKUP = {
    "doctype": HTML,
    "html": b"<html>" + PAYLOAD,
    "upper": b"<HTML><BODY>" + PAYLOAD,
    "script": PAYLOAD,
    "svg": SVG,
    "xml": XHTML,
    "body": b"<body onload=alert(1)>",
    "head": b"<head><title>x</title>",
    "iframe": b"<iframe src=//evil.example>",
    "comment": b"<!-- a,b -->" + PAYLOAD,
    "a": b"<a href=x>a</a>,b",
    "img": b"<img src=x onerror=alert(1)>",
    "bom": b"\xef\xbb\xbf" + HTML,
    "spaces": b" \t\r\n\x0c" + HTML,
    "nbsp": "\u00a0".encode() + HTML,
    "utf16": "\ufeff<html><script>alert(1)</script>".encode("utf-16-le"),
    "utf16be": "\ufeff<html><script>alert(1)</script>".encode("utf-16-be"),
    "nul": b"a,b\n\x00<script>",
    "cp1252": " \n<b>año</b>".encode("cp1252"),
    "blank-start": b" " * 9000 + PAYLOAD,
    "bom-cut": b"\xef\xbb\xbf" + HTML + b"a" * 8000 + "ñ".encode() * 200,
}


@pytest.mark.parametrize("name", sorted(MARKUP))
@pytest.mark.parametrize("extension", ["csv", "tsv", "json", "geojson"])
def test_text_formats_holding_markup_or_binary_are_refused(tmp_path: Path, name: str, extension: str) -> None:
    path = f"data/t.{extension}"
    repo, line = plant(tmp_path, path, MARKUP[name], extension)
    assert ("file-type-mismatch", DESCRIPTOR, line) in found(repo)
    copied = published(repo, tmp_path)
    assert f"datos/{KEY}/{path}" not in copied
    assert not any(b"alert(" in data or b"<script" in data for data in copied.values())


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("data/t.pdf", HTML),
        ("data/t.pdf", PNG),
        ("data/t.png", SVG),
        ("data/t.png", HTML),
        ("data/t.jpg", HTML),
        ("data/t.jpeg", GIF),
        ("data/t.gif", b"GIF88a<script>"),
        ("data/t.webp", b"RIFF\x00\x00\x00\x00WAVE"),
        ("data/t.parquet", CSV),
        ("data/t.parquet", b"PAR1<html>" + PAYLOAD),
        ("data/t.xlsx", HTML),
        ("data/t.xlsx", zip_bytes({"a.csv": CSV})),
        ("data/t.ods", xlsx_bytes()),
        ("data/t.zip", HTML),
        ("data/t.json", CSV),
        ("data/t.geojson", b"id,valor\n"),
        ("data/t.pdf", b""),
        ("data/t.xlsx", b"PK\x03\x04roto"),
    ],
)
def test_binary_formats_must_carry_their_signature(tmp_path: Path, path: str, content: bytes) -> None:
    repo, line = plant(tmp_path, path, content)
    assert ("file-type-mismatch", DESCRIPTOR, line) in found(repo)
    assert f"datos/{KEY}/{path}" not in published(repo, tmp_path)


ALLOWED = [
    ("data/t.csv", "csv", CSV),
    ("data/t.CSV", None, CSV),
    ("data/t.tsv", "tsv", b"id\tvalor\n1\t2\n"),
    ("data/t.json", "json", b'[{"id": 1}]'),
    ("data/t.geojson", "geojson", b'{"type": "FeatureCollection"}'),
    ("data/t.json", "json", b'\xef\xbb\xbf\n {"a": 1}'),
    ("data/t.pdf", "pdf", PDF),
    ("data/t.png", "png", PNG),
    ("data/t.jpg", "jpg", JPG),
    ("data/t.jpeg", "jpg", JPG),
    ("data/t.gif", "gif", GIF),
    ("data/t.webp", "webp", WEBP),
    ("data/t.parquet", "parquet", PARQUET),
    ("data/t.xlsx", "xlsx", xlsx_bytes()),
    ("data/t.ods", "ods", ODS),
    ("data/t.zip", "zip", zip_bytes({"a.csv": CSV, "docs/b.pdf": PDF, "c/": b"", "d.csv": "año\n".encode("cp1252")})),
    ("data/datos.2026.csv", "csv", CSV),
    ("data/t.csv", "csv", "año,mes\n".encode("latin-1")),
    ("data/t.csv", "csv", b"a,b\n" + bytes(range(1, 256)) * 40),
    ("data/t.csv", "csv", b""),
]


@pytest.mark.parametrize(("path", "declared", "content"), ALLOWED, ids=[f"{a[0]}:{a[1]}" for a in ALLOWED])
def test_allowed_files_pass_and_are_published(tmp_path: Path, path: str, declared: str | None, content: bytes) -> None:
    repo, _ = plant(tmp_path, path, content, declared)
    problems = check_catalogue(load_catalogue(repo))
    assert_no_crash(problems)
    assert not {p for p in problems if p.path == DESCRIPTOR and (p.code in TYPE_CODES or p.severity == "error")}
    assert published(repo, tmp_path)[f"datos/{KEY}/{path}"] == content


# --- ZIP archives ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "members",
    [
        {"../fuera.csv": CSV},
        {"/etc/datos.csv": CSV},
        {"a/../../b.csv": CSV},
        {"C:/datos.csv": CSV},
        {"a\\..\\b.csv": CSV},
        {"t.html": HTML},
        {"t.svg": SVG},
        {"t.js": JS},
        {"t.txt": CSV},
        {"sin-extension": CSV},
        {"datos.csv.html": CSV},
        {"dentro.zip": zip_bytes({"a.csv": CSV})},
        {"t.csv": HTML},
        {"t.json": CSV},
        {"t.png": SVG},
        {"t.pdf": HTML},
        {"t.csv": " \n<b>año</b>".encode("cp1252")},
        {"ok.csv": CSV, "t.xhtml": XHTML},
        {"control\x07.csv": CSV},
    ],
)
def test_archive_members_follow_the_allow_list(tmp_path: Path, members: dict[str, bytes]) -> None:
    repo, line = plant(tmp_path, "data/t.zip", zip_bytes(members), "zip")
    assert ("archive-member-not-allowed", DESCRIPTOR, line) in found(repo)
    assert f"datos/{KEY}/data/t.zip" not in published(repo, tmp_path)


def test_archive_symlink_members_are_refused(tmp_path: Path) -> None:
    repo, line = plant(tmp_path, "data/t.zip", zip_bytes({"a.csv": b"/etc/passwd"}, symlinks=("a.csv",)), "zip")
    assert ("archive-member-not-allowed", DESCRIPTOR, line) in found(repo)


@pytest.mark.parametrize("archive", ["members", "bomb", "xlsx-bomb"])
def test_archive_bombs_are_refused(tmp_path: Path, archive: str) -> None:
    if archive == "members":
        content = zip_bytes({f"{i}.csv": CSV for i in range(ZIP_MAX_MEMBERS + 1)})
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
            if archive == "xlsx-bomb":
                bomb.writestr("[Content_Types].xml", b"<Types/>")
            bomb.writestr("xl/sharedStrings.xml" if archive == "xlsx-bomb" else "a.csv", b"0" * (64 * 1024 * 1024))
        content = buffer.getvalue()
    path = "data/t.xlsx" if archive == "xlsx-bomb" else "data/t.zip"
    repo, line = plant(tmp_path, path, content)
    assert ("archive-too-large", DESCRIPTOR, line) in found(repo)
    assert f"datos/{KEY}/{path}" not in published(repo, tmp_path)


# --- paths that would shadow generated files ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "./index.html",
        "INDEX.HTML",
        "Index.Html",
        "datapackage.json",
        "./datapackage.json",
        "DataPackage.JSON",
        ".//datapackage.json",
        "index.html/datos.csv",
        "datapackage.json/datos.csv",
        "datapackage.json.",
    ],
)
def test_paths_that_shadow_generated_files_are_refused(tmp_path: Path, path: str) -> None:
    content = b'{"name": "falso"}' if "json" in path.lower() and not path.endswith(".csv") else CSV
    repo, line = plant(tmp_path, path, content)
    assert ("resource-path-reserved", DESCRIPTOR, line) in found(repo)
    assert not [
        p
        for p in published(repo, tmp_path)
        if p.lower().split("/")[3].rstrip(".") in ("index.html", "datapackage.json")
    ]


def test_a_generated_name_inside_a_subfolder_is_allowed(tmp_path: Path) -> None:
    repo, _ = plant(tmp_path, "data/datapackage.json", b'{"name": "otro"}', "json")
    assert not found(repo)
    assert f"datos/{KEY}/data/datapackage.json" in published(repo, tmp_path)


def test_the_build_does_not_follow_symlinked_data_files(tmp_path: Path) -> None:
    repo, _ = plant(tmp_path, "data/enlace.csv", None, "csv")
    os.symlink(repo / FOLDER / "data" / "casos.csv", repo / FOLDER / "data" / "enlace.csv")
    assert not publishable(repo / FOLDER / "data" / "enlace.csv", "data/enlace.csv", "csv")
    assert f"datos/{KEY}/data/enlace.csv" not in published(repo, tmp_path)


# --- hosting headers ---------------------------------------------------------------------------


def test_headers_give_every_path_the_policy_and_data_files_a_sandboxed_download() -> None:
    text = headers_file(
        [
            "index.html",
            f"datos/{KEY}/index.html",
            f"datos/{KEY}/data/casos.csv",
            f"datos/{KEY}/tabla.csv",
            "datos/otra/cosa/tabla.csv",
            "datos/otra/cosa/mapa uno.json",
        ]
    )
    blocks = {b.splitlines()[0]: b.splitlines()[1:] for b in text.split("\n\n") if b.strip() and not b.startswith("#")}
    assert text.startswith("#") and "\n\n/*\n" in text
    assert blocks["/*"] == [
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
    ]
    data = ["  Content-Disposition: attachment", f"  Content-Security-Policy: {DATA_POLICY}"]
    assert blocks["/datos/:party/:dataset/:folder/*"] == data
    assert blocks["/datos/:party/:dataset/tabla.csv"] == data
    assert blocks["/datos/:party/:dataset/mapa%20uno.json"] == data
    assert len(blocks) == 4  # one rule per name, not per file, and none for the pages
    assert text == headers_file(
        reversed(
            [
                "index.html",
                f"datos/{KEY}/data/casos.csv",
                f"datos/{KEY}/tabla.csv",
                "datos/otra/cosa/tabla.csv",
                "datos/otra/cosa/mapa uno.json",
            ]
        )
    )


@pytest.mark.parametrize(
    ("path", "download"),
    [
        (f"datos/{KEY}/data/casos.csv", True),
        (f"datos/{KEY}/tabla.csv", True),
        (f"/datos/{KEY}/a/b/c.zip", True),
        (f"datos/{KEY}/index.html", False),
        (f"datos/{KEY}/datapackage.json", False),
        ("datos/pagina-2/index.html", False),
        ("index.html", False),
        (f"en/datos/{KEY}/index.html", False),
        ("assets/catalogo/buscar.js", False),
    ],
)
def test_headers_for_a_site_path(path: str, download: bool) -> None:
    headers = headers_for(path)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith(CONTENT_SECURITY_POLICY)
    assert ("Content-Disposition" in headers) == download
    assert (DATA_POLICY in headers["Content-Security-Policy"]) == download


@pytest.mark.xdist_group("site")
def test_the_built_site_has_its_headers_file(built_site: Path) -> None:
    text = (built_site / HEADERS_FILE).read_text(encoding="utf-8")
    assert f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n" in text
    assert "  X-Content-Type-Options: nosniff\n" in text
    data_files = [
        p.relative_to(built_site).as_posix()
        for p in (built_site / "datos").rglob("*")
        if p.is_file() and p.name not in ("index.html", "datapackage.json")
    ]
    assert data_files and text == headers_file(data_files)


# --- no traceback, whatever the bytes ----------------------------------------------------------

SEEDS = [zip_bytes({"a.csv": CSV, "b.pdf": PDF}), xlsx_bytes(), ODS, PDF, PNG, PARQUET, CSV]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.sampled_from(SEEDS),
    cuts=st.lists(st.tuples(st.integers(0, 4096), st.binary(max_size=8)), max_size=6),
    extension=st.sampled_from(sorted(ALLOWED_EXTENSIONS)),
    declared=st.sampled_from([None, "csv", "zip", "xlsx"]),
)
def test_any_bytes_under_any_allowed_name_give_refusals_not_tracebacks(
    tmp_path: Path, seed: bytes, cuts: list[tuple[int, bytes]], extension: str, declared: str | None
) -> None:
    data = bytearray(seed)
    for offset, replacement in cuts:
        data[offset % max(len(data), 1) : offset % max(len(data), 1) + len(replacement)] = replacement
    file = tmp_path / f"t.{extension}"
    file.write_bytes(bytes(data))
    assert isinstance(refusals(file, f"data/t.{extension}", declared), list)
