"""Personal data screened as the site publishes it: declared encodings, every row including the
header, dialects, every sheet, JSON of any shape, ZIP/ODS/Parquet, the descriptor's own text, and
files that cannot be screened. One test per attack, then variants of each class."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from catalogo.build import build_site
from catalogo.checks.run import check_catalogue
from catalogo.load import load_catalogue
from catalogo.render.preview import forget_previews, read_preview

from .conftest import FIXTURES, git

CURP = "GODE561231HDFRRN00"
CURP2 = "PEGJ800101HDFRRN03"
EMAIL = "juan.perez@gmail.com"
FOLDER = "datasets/secretaria-de-salud/casos-covid-estados"
DESCRIPTOR = f"{FOLDER}/datapackage.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", target)
    return target


def add_resource(repo: Path, name: str, content: bytes, lines: str) -> str:
    """Write data/<name> and declare it with the given extra descriptor lines; its path."""
    (repo / FOLDER / "data" / name).write_bytes(content)
    stem = name.split(".")[0].lower()
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    text += f"  - name: {stem}\n    path: data/{name}\n" + "".join(f"    {line}\n" for line in lines.splitlines())
    (repo / DESCRIPTOR).write_text(text, encoding="utf-8")
    return f"{FOLDER}/data/{name}"


def found(repo: Path) -> set[tuple[str, str, int | None, str | None]]:
    return {(p.code, p.path, p.line, p.pointer) for p in check_catalogue(load_catalogue(repo))}


def codes(repo: Path) -> set[tuple[str, str, int | None]]:
    return {(code, path, line) for code, path, line, _ in found(repo)}


def line_of(repo: Path, needle: str) -> int:
    lines = (repo / DESCRIPTOR).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def utf7(text: str) -> bytes:
    """Every character in UTF-7's base64 form, so that no ASCII run of the payload remains."""
    return b"".join(b"+" + base64.b64encode(ch.encode("utf-16-be")).rstrip(b"=") + b"-" for ch in text)


# --- encodings ----------------------------------------------------------------------------------


def test_utf7_is_refused_and_the_preview_no_longer_decodes_it(repo: Path) -> None:
    payload = b"id,nombre\n1," + utf7(CURP) + b"\n2," + utf7(EMAIL) + b"\n"
    assert CURP in payload.decode("utf-7") and EMAIL in payload.decode("utf-7")
    rel = add_resource(repo, "personas.csv", payload, "format: csv\nencoding: utf-7")
    assert ("encoding-not-allowed", DESCRIPTOR, line_of(repo, "utf-7")) in codes(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "datos", date="2026-01-01T00:00:00+00:00")
    result = build_site(repo, repo.parent / "site", "https://datos.example.mx/", dt.date(2026, 1, 2))
    assert not result.built
    assert "encoding-not-allowed" in {p.code for p in result.problems if p.severity == "error"}
    assert not (repo.parent / "site").exists() or not any(
        CURP in f.read_text(encoding="utf-8", errors="replace") for f in (repo.parent / "site").rglob("*.html")
    )
    forget_previews()
    resource = next(
        r for d in load_catalogue(repo).datasets.values() for r in d.resources if r.path == "data/personas.csv"
    )
    preview = read_preview(repo / rel, resource)
    shown = json.dumps([preview.header, preview.rows] if preview else [])
    assert CURP not in shown and EMAIL not in shown


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "cp037", "rot13", "UTF-7", "hz", "idna", "utf_16_le"])
def test_encodings_outside_the_vocabulary_are_refused(repo: Path, encoding: str) -> None:
    add_resource(repo, "otra.csv", b"a,b\n1,2\n", f"format: csv\nencoding: {encoding}")
    assert ("encoding-not-allowed", DESCRIPTOR, line_of(repo, f"encoding: {encoding}")) in codes(repo)


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf-8-sig", "latin-1", "windows-1252", "ascii"])
def test_encodings_of_the_vocabulary_are_accepted(repo: Path, encoding: str) -> None:
    add_resource(repo, "otra.csv", b"a,b\n1,2\n", f"format: csv\nencoding: {encoding}")
    assert not {c for c in codes(repo) if c[0] == "encoding-not-allowed"}


def test_a_curp_in_a_latin1_file_is_screened_as_the_preview_reads_it(repo: Path) -> None:
    rel = add_resource(
        repo, "latin.txt", f"año;curp\n1999;{CURP}\n".encode("latin-1"), "format: txt\nencoding: latin-1"
    )
    assert ("curp-in-data", rel, 2) in codes(repo)


# --- the header row -----------------------------------------------------------------------------


def test_header_false_screens_the_first_row(repo: Path) -> None:
    rel = add_resource(
        repo,
        "sinencabezado.csv",
        f"1,{CURP}\n2,Ana\n".encode(),
        "format: csv\ndialect: {header: false}\nschema:\n  fields:\n"
        "    - {name: id, type: integer}\n    - {name: nombre, type: string}",
    )
    assert ("curp-in-data", rel, 1) in codes(repo)


def test_personal_data_as_column_names(repo: Path) -> None:
    rel = add_resource(repo, "columnas.csv", f"id,{CURP},{EMAIL}\n1,a,b\n".encode(), "format: csv")
    found_here = codes(repo)
    assert ("curp-in-data", rel, 1) in found_here
    assert ("email-in-data", rel, 1) in found_here


def test_column_name_in_a_tsv_and_a_text_file(repo: Path) -> None:
    tsv = add_resource(repo, "columnas.tsv", f"id\t{CURP2}\n1\ta\n".encode(), "format: tsv")
    txt = add_resource(repo, "notas.txt", f"{EMAIL};x\n1;2\n".encode(), "format: txt")
    found_here = codes(repo)
    assert ("curp-in-data", tsv, 1) in found_here
    assert ("email-in-data", txt, 1) in found_here


# --- spreadsheets ---------------------------------------------------------------------------------


def workbook(state: str, first_row: list[str], title: str = "Oculta") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "nombre"])
    book.active.append([1, "Ana"])
    hidden = book.create_sheet(title)
    hidden.sheet_state = state
    hidden.append(first_row)
    hidden.append(["x", "y"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_first_row_of_a_hidden_xlsx_sheet(repo: Path) -> None:
    rel = add_resource(repo, "libro.xlsx", workbook("hidden", ["id", CURP]), "format: xlsx")
    assert ("curp-in-data", rel, 1, "/Oculta") in found(repo)


def test_very_hidden_sheet_and_a_sheet_named_with_an_email(repo: Path) -> None:
    rel = add_resource(repo, "libro.xlsx", workbook("veryHidden", [EMAIL, "b"]), "format: xlsx")
    assert ("email-in-data", rel, 1, "/Oculta") in found(repo)
    rel2 = add_resource(repo, "otro.xlsx", workbook("visible", ["a", "b"], title=CURP2), "format: xlsx")
    assert ("curp-in-data", rel2, None, f"/{CURP2}") in found(repo)


def ods(sheets: dict[str, list[list[str]]]) -> bytes:
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    body = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>"
            + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in row)
            + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{table}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()


def test_every_ods_sheet_is_screened(repo: Path) -> None:
    rel = add_resource(
        repo, "libro.ods", ods({"Uno": [["id", "n"], ["1", "a"]], "Dos": [[CURP, "x"], ["2", EMAIL]]}), "format: ods"
    )
    found_here = found(repo)
    assert ("curp-in-data", rel, 1, "/Dos") in found_here
    assert ("email-in-data", rel, 2, "/Dos") in found_here


def test_a_note_on_an_ods_cell_is_screened(repo: Path) -> None:
    note = f"<office:annotation><text:p>{EMAIL}</text:p></office:annotation>"
    book = ods({"Hoja": [["id", "n"], ["1", "a"]]})
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        content = archive.read("content.xml").decode().replace("<text:p>a</text:p>", note + "<text:p>a</text:p>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    rel = add_resource(repo, "notas.ods", out.getvalue(), "format: ods")
    assert ("email-in-data", rel, 2, "/Hoja") in found(repo)


def test_every_parquet_column_is_screened(repo: Path) -> None:
    import polars as pl

    out = io.BytesIO()
    pl.DataFrame({"id": [1, 2], "clave": ["x", CURP], EMAIL: ["a", "b"]}).write_parquet(out)
    rel = add_resource(repo, "tabla.parquet", out.getvalue(), "format: parquet")
    found_here = codes(repo)
    assert ("curp-in-data", rel, 3) in found_here
    assert ("email-in-data", rel, 1) in found_here


# --- dialects -------------------------------------------------------------------------------------


def test_a_letter_as_delimiter_is_refused_and_does_not_cut_the_screen(repo: Path) -> None:
    rel = add_resource(repo, "cortada.csv", f"id,curp\n1,{CURP}\n".encode(), 'format: csv\ndialect: {delimiter: "H"}')
    found_here = codes(repo)
    assert ("dialect-not-allowed", DESCRIPTOR, line_of(repo, 'delimiter: "H"')) in found_here
    assert ("curp-in-data", rel, 2) in found_here


@pytest.mark.parametrize(
    "dialect",
    [
        '{delimiter: "0"}',
        '{delimiter: " "}',
        '{quoteChar: "G"}',
        '{csv: {delimiter: "E"}}',
        '{commentChar: "#"}',
        "{headerRows: [1, 2]}",
        '{headerJoin: ""}',
        '{lineTerminator: "H"}',
        "{skipInitialSpace: yes please}",
    ],
)
def test_dialect_options_that_hide_or_cut_rows_are_refused(repo: Path, dialect: str) -> None:
    rel = add_resource(repo, "hostil.csv", f"id,curp\n#1,{CURP}\n".encode(), f"format: csv\ndialect: {dialect}")
    found_here = codes(repo)
    assert ("dialect-not-allowed", DESCRIPTOR, line_of(repo, f"dialect: {dialect}")) in found_here
    assert ("curp-in-data", rel, 2) in found_here


def test_allowed_dialects_pass(repo: Path) -> None:
    add_resource(
        repo, "puntoycoma.csv", b"a;b\n1;2\n", 'format: csv\ndialect: {delimiter: ";", header: true, quoteChar: "\'"}'
    )
    assert not {c for c in codes(repo) if c[0] == "dialect-not-allowed"}


def test_an_email_cut_by_a_delimiter_is_found_on_the_whole_line(repo: Path) -> None:
    cut = f"{EMAIL[:13]},{EMAIL[13:]}"  # juan.perez@gm,ail.com: two cells, one address for a reader
    rel = add_resource(repo, "cortado.csv", f"id,nota,x\n1,{cut}\n".encode(), "format: csv")
    assert ("email-in-data", rel, 2) in codes(repo)


# --- JSON -----------------------------------------------------------------------------------------


def test_json_list_of_lists(repo: Path) -> None:
    rel = add_resource(repo, "filas.json", json.dumps([["id", "curp"], [1, CURP]]).encode(), "format: json")
    assert ("curp-in-data", rel, None, "/1/1") in found(repo)


def test_json_plain_list_of_strings(repo: Path) -> None:
    rel = add_resource(repo, "lista.json", json.dumps(["hola", EMAIL]).encode(), "format: json")
    assert ("email-in-data", rel, None, "/1") in found(repo)


def test_nested_json_geojson_and_keys(repo: Path) -> None:
    nested = {"a": {"b": [{"c": {"d": [[f"x {CURP2} y"]]}}]}}
    rel = add_resource(repo, "anidado.json", json.dumps(nested).encode(), "format: json")
    geo = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": None, "properties": {"info": {"contacto": EMAIL}}}],
    }
    rel2 = add_resource(repo, "mapa.geojson", json.dumps(geo).encode(), "format: geojson")
    rel3 = add_resource(repo, "claves.json", json.dumps({CURP: 1}).encode(), "format: json")
    found_here = found(repo)
    assert ("curp-in-data", rel, None, "/a/b/0/c/d/0/0") in found_here
    assert ("email-in-data", rel2, None, "/features/0/properties/info/contacto") in found_here
    assert ("curp-in-data", rel3, None, f"/{CURP}") in found_here


def test_json_too_deep_is_unreadable_not_a_crash(repo: Path) -> None:
    rel = add_resource(repo, "hondo.json", b"[" * 100_000 + b"]" * 100_000, "format: json")
    assert ("data-unreadable", rel, None) in codes(repo)


# --- ZIP ------------------------------------------------------------------------------------------


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_members_are_screened(repo: Path) -> None:
    rel = add_resource(
        repo,
        "paquete.zip",
        zipped({"datos/tabla.csv": f"id,curp\n1,{CURP}\n".encode(), "notas.json": json.dumps([EMAIL]).encode()}),
        "format: zip",
    )
    found_here = found(repo)
    assert ("curp-in-data", rel, 2, "/datos~1tabla.csv") in found_here
    assert ("email-in-data", rel, None, "/notas.json/0") in found_here


def test_an_unscreenable_zip_member_is_an_error(repo: Path) -> None:
    rel = add_resource(
        repo,
        "paquete.zip",
        zipped({"informe.pdf": b"%PDF-1.4\n\x00\x01binario", "interno.zip": zipped({"a.csv": CURP.encode()})}),
        "format: zip",
    )
    found_here = found(repo)
    assert ("unscreened-file", rel, None, "/informe.pdf") in found_here
    assert ("unscreened-file", rel, None, "/interno.zip") in found_here


# --- the descriptor's own text --------------------------------------------------------------------


def test_description_keywords_and_example_are_screened(repo: Path) -> None:
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    text = text.replace("según la Secretaría de Salud.", f"según la Secretaría de Salud. Dudas: {EMAIL}")
    text = text.replace("keywords: [covid-19, salud]", f"keywords: [covid-19, salud, {CURP}]")
    text = text.replace("- {name: entidad, type: string}", f"- {{name: entidad, type: string, example: {CURP2}}}")
    (repo / DESCRIPTOR).write_text(text, encoding="utf-8")
    found_here = found(repo)
    assert ("personal-data-in-descriptor", DESCRIPTOR, line_of(repo, EMAIL), "/description") in found_here
    assert ("personal-data-in-descriptor", DESCRIPTOR, line_of(repo, CURP), "/keywords/2") in found_here
    assert (
        "personal-data-in-descriptor",
        DESCRIPTOR,
        line_of(repo, CURP2),
        "/resources/0/schema/fields/1/example",
    ) in found_here


def test_field_and_resource_titles_are_screened_but_contacts_are_not(repo: Path) -> None:
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    text = text.replace("title: Clave de entidad", f"title: Clave {CURP}")
    text = text.replace("title: Casos por entidad", f"title: Casos de {EMAIL}")
    text = text.replace(
        "    path: https://www.gob.mx/salud", "    path: https://www.gob.mx/salud\n    email: fuente@salud.gob.mx"
    )
    (repo / DESCRIPTOR).write_text(text, encoding="utf-8")
    found_here = {f for f in found(repo) if f[0] == "personal-data-in-descriptor"}
    assert (
        "personal-data-in-descriptor",
        DESCRIPTOR,
        line_of(repo, CURP),
        "/resources/0/schema/fields/0/title",
    ) in found_here
    assert ("personal-data-in-descriptor", DESCRIPTOR, line_of(repo, EMAIL), "/resources/0/title") in found_here
    assert len(found_here) == 2  # contact.email and sources[].email are institutional contacts


def test_an_example_covered_by_a_legal_basis_is_not_reported(repo: Path) -> None:
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    text = text.replace(
        "- {name: entidad, type: string}",
        f"- {{name: entidad, type: string, example: {EMAIL}, legal_basis: LGTAIP art. 70 fr. VII}}",
    )
    (repo / DESCRIPTOR).write_text(text, encoding="utf-8")
    assert not {f for f in found(repo) if f[0] == "personal-data-in-descriptor"}


def test_story_text_is_screened(repo: Path) -> None:
    story = next((repo / "best-practices" / "stories").glob("*.yaml"))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("impact: Más de cien mil lecturas.", f"impact: Escriba a {EMAIL}."), encoding="utf-8")
    rel = story.relative_to(repo).as_posix()
    assert any(c[0] == "personal-data-in-descriptor" and c[1] == rel for c in codes(repo))


# --- files that cannot be screened ----------------------------------------------------------------


def test_pdf_without_legal_basis_is_an_error(repo: Path) -> None:
    rel = add_resource(repo, "informe.pdf", b"%PDF-1.4\n\x00\x01binario", "format: pdf")
    problems = check_catalogue(load_catalogue(repo))
    assert any(p.code == "unscreened-file" and p.path == rel and p.severity == "error" for p in problems)


def test_pdf_with_legal_basis_is_accepted(repo: Path) -> None:
    rel = add_resource(
        repo,
        "informe.pdf",
        b"%PDF-1.4\n\x00\x01binario",
        "format: pdf\nlegal_basis: LGTAIP art. 70 fr. XXVII (contratos)",
    )
    problems = check_catalogue(load_catalogue(repo))
    assert not [p for p in problems if p.path == rel and p.code == "unscreened-file"]
    assert not [p for p in problems if p.code in ("unknown-property", "personal-data-in-descriptor")]


def test_image_and_unknown_binary_are_errors(repo: Path) -> None:
    png = add_resource(repo, "foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "format: png")
    raw = add_resource(repo, "datos.bin", bytes(range(256)) * 4, "format: csv+zip")
    found_here = codes(repo)
    assert ("unscreened-file", png, None) in found_here
    assert ("unscreened-file", raw, None) in found_here


# --- limits and caches ----------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_not_expanded(repo: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(5):
            archive.writestr(f"parte{n}.csv", b"0" * (60 * 1024 * 1024))
    rel = add_resource(repo, "bomba.zip", out.getvalue(), "format: zip")
    assert ("data-unreadable", rel, None) in codes(repo)


@pytest.mark.parametrize(
    "module",
    ["checks/dialects.py", "checks/sheets.py", "checks/screening.py", "core/vocab.py", "vocab/vocabularies.yaml"],
)
def test_what_the_screen_reads_with_is_part_of_the_data_key(tmp_path: Path, module: str) -> None:
    from catalogo.core.cache import fingerprint_in

    from .conftest import ROOT

    package = tmp_path / "catalogo"
    shutil.copytree(ROOT / "scripts" / "catalogo", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint_in(package, "checks/data.py")
    (package / module).write_text((package / module).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fingerprint_in(package, "checks/data.py") != before


def test_cached_results_follow_the_descriptor_and_its_dialect(repo: Path) -> None:
    rel = add_resource(
        repo,
        "tabla.csv",
        f"1,{CURP}\n".encode(),
        "format: csv\nschema:\n  fields:\n    - {name: id, type: integer}\n    - {name: c, type: string}",
    )
    assert ("curp-in-data", rel, 1) in codes(repo)  # cached now
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    (repo / DESCRIPTOR).write_text(
        text.replace("{name: c, type: string}", "{name: c, type: string, legal_basis: LGTAIP art. 70}"),
        encoding="utf-8",
    )
    assert ("curp-in-data", rel, 1) in codes(repo)  # a header cell is never covered by a legal basis
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    (repo / DESCRIPTOR).write_text(
        text.replace("    format: csv\n    schema:", "    format: csv\n    dialect: {header: false}\n    schema:"),
        encoding="utf-8",
    )
    assert ("curp-in-data", rel, 1) not in codes(repo)  # now a data row of a column with a legal basis
    text = (repo / DESCRIPTOR).read_text(encoding="utf-8")
    (repo / DESCRIPTOR).write_text(
        text.replace("Casos confirmados de COVID-19 por entidad y sexo", f"Casos confirmados ({EMAIL})"),
        encoding="utf-8",
    )
    assert any(c[0] == "personal-data-in-descriptor" for c in codes(repo))


def test_xlsx_comments_and_hyperlinks_are_screened(repo: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    book.active.append(["id", "nombre"])
    book.active["A1"].comment = Comment(f"dudas: {EMAIL}", "autor")
    book.active["B1"].hyperlink = f"https://ejemplo.mx/?curp={CURP}"
    out = io.BytesIO()
    book.save(out)
    rel = add_resource(repo, "notas.xlsx", out.getvalue(), "format: xlsx")
    pointers = {(code, pointer) for code, path, _, pointer in found(repo) if path == rel}
    assert ("email-in-data", "/xl~1comments~1comment1.xml") in pointers
    assert ("curp-in-data", "/xl~1worksheets~1_rels~1sheet1.xml.rels") in pointers


def test_a_charset_in_the_media_type_is_held_to_the_same_vocabulary(repo: Path) -> None:
    add_resource(repo, "tipo.csv", b"a,b\n1,2\n", "format: csv\nmediatype: text/csv; charset=UTF-7")
    assert ("encoding-not-allowed", DESCRIPTOR, line_of(repo, "charset=UTF-7")) in codes(repo)
    add_resource(repo, "bien.csv", b"a,b\n1,2\n", "format: csv\nmediatype: text/csv; charset=utf-8")
    assert len([c for c in codes(repo) if c[0] == "encoding-not-allowed"]) == 1


def test_a_repeated_json_key_keeps_every_value_and_json_lines_are_screened(repo: Path) -> None:
    rel = add_resource(repo, "repetida.json", f'{{"nota": "{CURP}", "nota": "nada"}}'.encode(), "format: json")
    rel2 = add_resource(repo, "lineas.json", f'{{"a": 1}}\n{{"correo": "{EMAIL}"}}\n'.encode(), "format: json")
    found_here = codes(repo)
    assert ("curp-in-data", rel, None) in found_here
    assert ("email-in-data", rel2, 2) in found_here


def test_an_xlsx_formula_without_a_stored_result_is_screened(repo: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "nombre"])
    book.active.append([1, f'=UPPER("{CURP.lower()}")'])  # Excel shows the CURP; no value is stored
    out = io.BytesIO()
    book.save(out)
    rel = add_resource(repo, "formula.xlsx", out.getvalue(), "format: xlsx")
    assert ("curp-in-data", "/xl~1worksheets~1sheet1.xml") in {(c, p) for c, path, _, p in found(repo) if path == rel}


def test_a_column_with_a_legal_basis_stays_exempt_from_the_whole_line_screen(repo: Path) -> None:
    rel = add_resource(
        repo,
        "directorio.csv",
        b"id,correo\n1,titular@salud.gob.mx\n2,enlace@salud.gob.mx\n",
        "format: csv\nschema:\n  fields:\n    - {name: id, type: integer}\n"
        "    - {name: correo, type: string, legal_basis: LGTAIP art. 70 fr. VII}",
    )
    assert not [c for c in codes(repo) if c[1] == rel]
    cut = add_resource(
        repo,
        "cortado.txt",
        b"id;correo;nota\n1;titular@salud.gob.mx;juan.perez@gm;ail.com\n",
        "format: txt\nschema:\n  fields:\n    - {name: id, type: integer}\n"
        "    - {name: correo, type: string, legal_basis: LGTAIP art. 70 fr. VII}\n"
        "    - {name: nota, type: string}",
    )
    assert ("email-in-data", cut, 2) in codes(repo)
