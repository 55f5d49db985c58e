"""Names, identifiers and reports that cannot collide or inject (issue 12, part 4): hostile file
and folder names in every report format, reserved ids, duplicate dataset identifiers, formulas
in every CSV written, no @mentions from catalogue content. Text fields and the per-file cap:
test_hostile_text.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.checks import report
from catalogo.cli.main import cli
from catalogo.core.problems import problem

from .conftest import FIXTURES, ROOT, git

VALID = FIXTURES / "valid" / "minimal"
FAKE_VERDICT = "✅ El catálogo es válido"
# Names that try to act instead of show: Markdown blocks, terminal sequences, bidi reordering,
# GitHub workflow commands, C1 controls and invisible tag characters.
HOSTILE_NAMES = [
    f"x\n\n## {FAKE_VERDICT}\n\n",
    f"x`\n## {FAKE_VERDICT}\n`",
    "x\r\n::error file=otro.yaml::falso",
    "x\x1b[2J\x1b[31mrojo\x1b]8;;https:ataque.example\x07enlace",
    "x\u202egpj.exe",
    "x\u2066aislado\u2069\u200f",
    "x\x9b31mcsi\x85nel",
    "x\u2028\u2029sep",
    "x\U000e0041\U000e007fetiqueta",
]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\U000e0000-\U000e0fff]")


def hostile_problems(name: str) -> list:
    path = f"best-practices/stories/{name}.yaml"
    return [
        problem("invalid-id", path, id=name, suggestion="x"),
        problem("duplicate-id", "otro.yaml", id=name, other=path),
    ]


def repo_with_story_named(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    story = repo / "best-practices" / "stories"
    (story / f"{name}.yaml").write_bytes((story / "mapa-covid.yaml").read_bytes())
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial")
    return repo


def validate(repo: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--no-data", *options])
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize("name", HOSTILE_NAMES[:2])
def test_a_folder_name_cannot_inject_a_verdict_into_the_markdown_summary(tmp_path: Path, name: str) -> None:
    markdown = validate(repo_with_story_named(tmp_path, name), "--format", "markdown")
    assert not re.search(f"^\\W*{FAKE_VERDICT}", markdown, re.MULTILINE)
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(headings) == 2 and headings[0].startswith("## ❌")  # the verdict and one file


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_markdown_shows_every_hostile_name_on_one_line(name: str) -> None:
    markdown = report.as_markdown(hostile_problems(name))
    assert not RAW.search(markdown)
    assert not re.search(f"^\\W*{FAKE_VERDICT}", markdown, re.MULTILINE)
    assert sum(line.startswith("#") for line in markdown.splitlines()) == 3
    assert all(line.startswith(("#", "|", "")) for line in markdown.splitlines())
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 4  # 2 headers, 2 rows


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_github_annotations_carry_no_raw_control_in_file_or_message(name: str) -> None:
    annotations = report.as_github(hostile_problems(name))
    lines = annotations.split("\n")
    assert len(lines) == 2 and all(
        line.startswith(("::error file=best-practices", "::error file=otro.yaml,")) for line in lines
    )
    assert not RAW.search(annotations) and "\r" not in annotations
    files = [re.match("::error file=([^,]*),", line) for line in lines]
    assert all(match and ":" not in match.group(1) for match in files)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_terminal_text_carries_no_escape_sequence(tmp_path: Path, name: str) -> None:
    output = validate(repo_with_story_named(tmp_path, name), "--format", "text")
    assert not RAW.search(output)
    assert "\x1b" not in output
    assert not re.search(f"^\\W*{FAKE_VERDICT}", output, re.MULTILINE)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_json_keeps_the_exact_name_with_no_raw_control(name: str) -> None:
    text = report.as_json(hostile_problems(name))
    assert not RAW.search(text)
    assert json.loads(text)["problems"][0]["path"] == f"best-practices/stories/{name}.yaml"


def test_github_format_from_the_cli_escapes_the_file_property(tmp_path: Path) -> None:
    output = validate(repo_with_story_named(tmp_path, HOSTILE_NAMES[3]), "--format", "github")
    assert "\x1b" not in output and "\\x1b[2J" in output


# --- formulas in every CSV written --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://malo.example","clic")',
    "+SUM(1,1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '＝HYPERLINK("http://malo.example")',  # fullwidth forms, folded by some spreadsheets
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "﹦1+1",
    "−1+1",
]
NUMBERS = ["-12", "+3.5", "-0.25", "-1e3", "42", "-.5"]


def dangerous(cell: str) -> bool:
    from catalogo.core.csvsafe import FORMULA_START, neutralise

    return cell[:1] in FORMULA_START and neutralise(cell) != cell


def repo_with_party_named(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    party = repo / "parties" / "municipio-de-zapopan" / "party.yaml"
    party.write_text(
        party.read_text(encoding="utf-8").replace("name: Municipio de Zapopan", f"name: {json.dumps(name)}"),
        encoding="utf-8",
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial", date="2026-01-01T12:00:00+00:00")
    return repo


@pytest.mark.parametrize("formula", FORMULAS)
def test_cli_indicators_csv_neutralises_a_formula_in_a_party_name(tmp_path: Path, formula: str) -> None:
    import csv
    import io

    result = CliRunner().invoke(
        cli, ["--repo", str(repo_with_party_named(tmp_path, formula)), "indicators", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output, newline="")))
    names = [row[3] for row in rows if row[1] == "sujeto" and row[2] == "municipio-de-zapopan"]
    assert names and all(name == "'" + formula for name in names)
    assert not any(dangerous(cell) for row in rows for cell in row)


def test_site_indicator_file_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    import csv

    from catalogo.cli.main import open_catalogue
    from catalogo.enrich import enrich
    from catalogo.measure.figures import write_indicator_files
    from catalogo.render.measure_views import indicator_labels
    from catalogo.render.ui import load_languages

    enriched = enrich(open_catalogue(repo_with_party_named(tmp_path, FORMULAS[0])))
    assert enriched.indicators is not None
    write_indicator_files(enriched.indicators, tmp_path / "out", indicator_labels(load_languages(ROOT / "build")))
    with (tmp_path / "out" / "indicadores.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert any(row[3] == "'" + FORMULAS[0] for row in rows)
    assert not any(dangerous(cell) for row in rows for cell in row)


@pytest.mark.parametrize("formula", FORMULAS)
def test_converted_spreadsheet_neutralises_formulas_and_keeps_negative_numbers(tmp_path: Path, formula: str) -> None:
    import csv
    import io

    from catalogo.scaffold.tables import csv_bytes, read_table

    source = tmp_path / "fuente.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([["nombre", "saldo"], [formula, "-12"], ["a", "-0.25"]])
    rows = list(csv.reader(io.StringIO(csv_bytes(read_table(source)).decode("utf-8"), newline="")))
    assert len(rows) == 3 and rows[1][0].startswith("'") and rows[1][1] == "-12" and rows[2] == ["a", "-0.25"]
    assert not any(dangerous(cell) for row in rows for cell in row)


@pytest.mark.parametrize("value", FORMULAS)
def test_the_one_neutralise_function_covers_every_prefix(value: str) -> None:
    from catalogo.core.csvsafe import neutralise
    from catalogo.export.csvexport import neutralise as export_neutralise

    assert neutralise(value) == "'" + value and export_neutralise is neutralise


@pytest.mark.parametrize("value", NUMBERS)
def test_plain_numbers_stay_numbers(value: str) -> None:
    from catalogo.core.csvsafe import neutralise

    assert neutralise(value) == value


# --- helpers shared with test_hostile_text.py ------------------------------------------------------

DATAPACKAGE = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
PARTY = "parties/municipio-de-zapopan/party.yaml"
STORY = "best-practices/stories/mapa-covid.yaml"


def copy_valid(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    return repo


def replace_in(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(repo: Path) -> set[tuple[str, str, int | None]]:
    from catalogo.checks.run import check_catalogue
    from catalogo.load import load_catalogue

    return {(p.code, p.path, p.line) for p in check_catalogue(load_catalogue(repo), data=False)}


# --- dataset identifiers unique across the catalogue ---------------------------------------------

SITE = FIXTURES / "site"
COVID = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
CAMAS = "datasets/secretaria-de-salud/camas-hospitalarias/datapackage.yaml"
TIANGUIS = "datasets/municipio-de-zapopan/tianguis-zapopan/datapackage.yaml"
AIRE = "datasets/gobierno-de-jalisco/calidad-del-aire-guadalajara/datapackage.yaml"


def declare_id(repo: Path, rel: str, identifier: str) -> None:
    path = repo / rel
    path.write_text(f"id: {json.dumps(identifier)}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def site_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SITE, repo)
    return repo


@pytest.mark.parametrize(
    "identifier",
    [
        "https://datos.gob.mx/datos/secretaria-de-salud/casos-covid-estados/",  # the issue's attack
        "https://datos.gob.mx/datos/secretaria-de-salud/casos-covid-estados",  # no final slash
        "https://otro.example/datos/secretaria-de-salud/casos-covid-estados/",  # another base URL
        "https://datos.gob.mx/datos/secretaria-de-salud/casos%2Dcovid%2Destados/",  # percent-encoded
        "  https://datos.gob.mx/datos/secretaria-de-salud/casos-covid-estados/  ",  # spaces around
    ],
)
def test_an_id_that_is_another_datasets_page_is_refused(tmp_path: Path, identifier: str) -> None:
    repo = site_copy(tmp_path)
    declare_id(repo, CAMAS, identifier)
    assert ("duplicate-identifier", CAMAS, 1) in found(repo)
    assert not {p for p in found(repo) if p[0] == "duplicate-identifier" and p[1] != CAMAS}


@pytest.mark.parametrize("second", ["urn:mx:salud:1", "URN:MX:SALUD:1", "urn:mx:salud:1/", " urn:mx:salud:1"])
def test_two_datasets_with_the_same_id_the_second_by_path_is_refused(tmp_path: Path, second: str) -> None:
    repo = site_copy(tmp_path)
    declare_id(repo, COVID, "urn:mx:salud:1")
    declare_id(repo, AIRE, second)
    duplicates = {p for p in found(repo) if p[0] == "duplicate-identifier"}
    assert duplicates == {("duplicate-identifier", COVID, 1)}  # gobierno-de-jalisco/… comes first by path


def test_own_page_and_distinct_ids_are_fine(tmp_path: Path) -> None:
    repo = site_copy(tmp_path)
    declare_id(repo, COVID, "https://datos.gob.mx/datos/secretaria-de-salud/casos-covid-estados/")
    declare_id(repo, CAMAS, "urn:mx:salud:camas")
    declare_id(
        repo, AIRE, "https://datos.gob.mx/dataset/calidad-del-aire?x=datos/secretaria-de-salud/camas-hospitalarias/"
    )
    assert not {p for p in found(repo) if p[0] == "duplicate-identifier"}


def test_exports_never_write_two_equal_identifiers(tmp_path: Path) -> None:
    """Even from a catalogue that was not validated: data.json, each Data Package, DCAT and the API."""
    from catalogo.cli.main import open_catalogue
    from catalogo.enrich import enrich
    from catalogo.export import write_exports

    repo = site_copy(tmp_path)
    base = "https://datos.gob.mx/"
    declare_id(repo, CAMAS, base + "datos/secretaria-de-salud/casos-covid-estados/")
    declare_id(repo, TIANGUIS, "urn:x")
    declare_id(repo, AIRE, "URN:X/")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial", date="2026-01-01T12:00:00+00:00")
    out = tmp_path / "out"
    write_exports(enrich(open_catalogue(repo)), out, base)
    identifiers = [
        entry["identifier"] for entry in json.loads((out / "data.json").read_text(encoding="utf-8"))["dataset"]
    ]
    assert len(identifiers) == 6 and len({i.casefold().rstrip("/") for i in identifiers}) == 6
    packages = [json.loads(p.read_text(encoding="utf-8"))["id"] for p in sorted(out.glob("datos/*/*/datapackage.json"))]
    assert len(packages) == 6 and len(set(packages)) == 6
    dcat = (out / "catalogo.jsonld") if (out / "catalogo.jsonld").exists() else None
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*.ttl")] + (
        [dcat.read_text(encoding="utf-8")] if dcat else []
    )
    for text in texts:
        datasets = [i for i in re.findall(r'dct:identifier "([^"]+)"', text) if "/" in i]  # not place codes
        assert len(datasets) == len(set(datasets))


# --- reserved ids: the site's own path segments --------------------------------------------------


def add_party(repo: Path, party_id: str) -> str:
    source = repo / "parties" / "municipio-de-zapopan"
    target = repo / "parties" / party_id
    shutil.copytree(source, target)
    party = target / "party.yaml"
    party.write_text(
        party.read_text(encoding="utf-8").replace("id: municipio-de-zapopan", f"id: {party_id}"), encoding="utf-8"
    )
    return f"parties/{party_id}/party.yaml"


def add_record(repo: Path, kind: str, record_id: str) -> str:
    folder, source = {"story": ("stories", "mapa-covid"), "tool": ("tools", "frictionless-py")}[kind]
    text = (repo / "best-practices" / folder / f"{source}.yaml").read_text(encoding="utf-8")
    rel = f"best-practices/{folder}/{record_id}.yaml"
    (repo / rel).write_text(text.replace(f"id: {source}", f"id: {record_id}"), encoding="utf-8")
    return rel


@pytest.mark.parametrize(
    "party_id",
    [
        "por-orden",
        "por-entidad",
        "por-poder",
        "estados",
        "pagina-2",
        "pagina-10",
        "api",
        "datos",
        "en",
        "pagefind",
        "assets",
        "instituciones",
        "feeds",
        "guias",
    ],
)
def test_a_party_cannot_take_a_generated_name(tmp_path: Path, party_id: str) -> None:
    repo = copy_valid(tmp_path)
    rel = add_party(repo, party_id)
    assert ("reserved-id", rel, None) in found(repo)


@pytest.mark.parametrize("story_id", ["tema", "sector", "proposito", "pagina-2", "api", "casos", "estados"])
def test_a_story_cannot_take_a_filter_page_name(tmp_path: Path, story_id: str) -> None:
    repo = copy_valid(tmp_path)
    rel = add_record(repo, "story", story_id)
    assert ("reserved-id", rel, None) in found(repo)


@pytest.mark.parametrize("tool_id", ["api", "pagina-3", "herramientas", "por-orden", "assets"])
def test_a_tool_cannot_take_a_generated_name(tmp_path: Path, tool_id: str) -> None:
    repo = copy_valid(tmp_path)
    rel = add_record(repo, "tool", tool_id)
    assert ("reserved-id", rel, None) in found(repo)


def test_a_dataset_cannot_take_a_page_name(tmp_path: Path) -> None:
    repo = copy_valid(tmp_path)
    folder = repo / "datasets" / "secretaria-de-salud"
    shutil.copytree(folder / "casos-covid-estados", folder / "pagina-2")
    replace_in(
        repo, "datasets/secretaria-de-salud/pagina-2/datapackage.yaml", "name: casos-covid-estados", "name: pagina-2"
    )
    assert ("reserved-id", "datasets/secretaria-de-salud/pagina-2/datapackage.yaml", None) in found(repo)


def test_ids_that_only_resemble_generated_names_stay_valid(tmp_path: Path) -> None:
    repo = copy_valid(tmp_path)
    add_party(repo, "api-atm")
    add_party(repo, "por-ordenamiento")
    add_record(repo, "story", "tema-salud")
    add_record(repo, "tool", "pagina-web")
    assert not {p for p in found(repo) if p[0] == "reserved-id"}


def test_a_party_named_like_an_index_page_is_not_built(tmp_path: Path) -> None:
    """The issue's attack: `por-orden` would have replaced instituciones/por-orden/. The build
    refuses the catalogue and writes nothing."""
    import datetime as dt

    from catalogo.build import build_site

    repo = copy_valid(tmp_path)
    add_party(repo, "por-orden")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial", date="2026-01-01T12:00:00+00:00")
    out = tmp_path / "site"
    result = build_site(repo, out, "https://datos.example.mx/", dt.date(2026, 1, 2))
    assert not result.built and "reserved-id" in {p.code for p in result.problems}
    assert not out.exists()


ID_LEVELS = (
    "",
    "datos/",
    "instituciones/",
    "buenas-practicas/",
    "buenas-practicas/casos/",
    "buenas-practicas/herramientas/",
)


def test_every_name_the_site_generates_where_ids_go_is_reserved(built_site: Path, site_repo: Path) -> None:
    """Builds the fixture site and lists every folder and file the build wrote at the levels
    where party, dataset, story and tool ids become folders (and at the root, in each language):
    each name that would be a valid id is one the validator refuses, unless it is a record's."""
    from catalogo.checks.identifiers import SLUG, is_reserved
    from catalogo.load import load_catalogue

    catalogue = load_catalogue(site_repo)
    records = {*catalogue.parties, *catalogue.stories, *catalogue.tools, *(d.id for d in catalogue.datasets.values())}
    generated = set()
    for lang in ("", "en/"):
        for level in ID_LEVELS:
            folder = built_site / lang / level
            generated |= {entry.name.split(".", 1)[0] for entry in folder.iterdir()} if folder.is_dir() else set()
    candidates = {name for name in generated if SLUG.match(name) and name not in records}
    assert {"por-orden", "por-entidad", "por-poder", "tema", "sector", "proposito", "api", "pagefind"} <= candidates
    assert sorted(name for name in candidates if not is_reserved(name)) == []


# --- @mentions in the issues the weekly check opens ----------------------------------------------

MENTIONS = [
    "@usuario",
    "@org/equipo",
    "x `@usuario` y",
    "``@a``",
    "a\n@equipo\n# Falso",
    "a | @b | c",
    " @lado ",
    "＠ancho",
    "correo@example.org",
    "#1 GH-2 @@doble",
]


def outside_code_spans(markdown: str) -> str:
    return re.sub(r"(`+)(.+?)\1", "", markdown)


@pytest.mark.parametrize("text", MENTIONS)
def test_check_links_issue_bodies_mention_nobody(text: str) -> None:
    import datetime as dt

    from catalogo.checks.links import LinkResult, ResourceRef
    from catalogo.measure.linkreport import PartyFindings, party_markdown

    result = LinkResult(
        url=f"https://ejemplo.mx/{text}",
        ok=False,
        status=None,
        error=f"http-404 {text}",
        method="GET",
        content_type=None,
        bytes=None,
        elapsed_ms=1,
        final_url="",
        redirects=0,
        resources=(ResourceRef("p/d", text),),
    )
    findings = PartyFindings("p", f"Sujeto {text}", broken=[("p/d", text, result)])
    body = party_markdown(findings, dt.date(2026, 1, 2), "2026-01-02T00:00:00Z")
    outside = outside_code_spans(body)
    assert "@" not in outside and "＠" not in outside
    assert len([line for line in body.splitlines() if line.startswith("# ")]) == 1
    rows = [line for line in body.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 and all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)
    # the party's own maintainers are told; a hostile "handle" is not written at all
    told = PartyFindings("p", f"Sujeto {text}", broken=[("p/d", text, result)], maintainers=["ana-lopez", text])
    outside = outside_code_spans(party_markdown(told, dt.date(2026, 1, 2), "2026-01-02T00:00:00Z"))
    assert re.findall(r"@[\w/-]+", outside) == ["@ana-lopez"] and "＠" not in outside


@pytest.mark.parametrize("text", MENTIONS)
def test_the_pull_request_summary_mentions_nobody(text: str) -> None:
    """Messages quote user values (an invalid e-mail, an id): in the Markdown posted as a PR
    comment an `@` never starts a mention."""
    problems = [
        problem(
            "invalid-format", "parties/p/party.yaml", 3, None, "/email", property="email", found=text, expected="correo"
        ),
        problem("invalid-id", f"parties/{text}/party.yaml", id=text, suggestion="x"),
    ]
    markdown = report.as_markdown(problems)
    assert not re.search("[@＠]", outside_code_spans(markdown))


def test_no_csv_the_build_writes_carries_a_live_formula(tmp_path: Path) -> None:
    """A party and a dataset title that are formulas: every CSV the build writes (the catalogue
    download, the indicators) shows them as text. Data files are the institution's own bytes."""
    import csv
    import datetime as dt

    from catalogo.build import build_site

    repo = repo_with_party_named(tmp_path, FORMULAS[0])
    replace_in(
        repo, DATAPACKAGE, "title: Casos confirmados de COVID-19 por entidad federativa", 'title: "@SUM(1+1)*cmd"'
    )
    git(repo, "commit", "-qam", "fórmula", date="2026-01-01T13:00:00+00:00")
    out = tmp_path / "site"
    assert build_site(repo, out, "https://datos.example.mx/", dt.date(2026, 1, 2)).built
    written = [p for p in out.rglob("*.csv") if "data" not in p.relative_to(out).parts[:-1]]
    assert {p.name for p in written} >= {"catalogo.csv", "indicadores.csv"}
    cells = []
    for path in written:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    assert "'" + FORMULAS[0] in cells and "'@SUM(1+1)*cmd" in cells
    assert not [cell for cell in cells if dangerous(cell)]


@pytest.mark.parametrize("name", ["::error file=x.yaml::falso", "::add-mask::secreto", "::stop-commands::fin"])
def test_terminal_text_starts_no_line_with_a_workflow_command(name: str) -> None:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    report.print_text(
        [problem("invalid-id", f"{name}.yaml", id=name, suggestion="x")], Console(file=buffer, width=300), "es"
    )
    assert not [line for line in buffer.getvalue().splitlines() if line.startswith("::")]


def test_committed_descriptors_are_read_once_for_their_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a national catalogue again does not read every descriptor for its `id`: what a
    committed descriptor declares is kept by its git blob; a changed one is read again, and a
    duplicate made in a commit is still found."""
    from catalogo.checks import identifiers

    from .conftest import git

    repo = site_copy(tmp_path)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial")
    read: list[str] = []
    real = identifiers._may_declare_id
    monkeypatch.setattr(identifiers, "_may_declare_id", lambda c, rel: read.append(rel) or real(c, rel))
    assert not {p for p in found(repo) if p[0] == "duplicate-identifier"}
    assert COVID in read
    read.clear()
    assert not {p for p in found(repo) if p[0] == "duplicate-identifier"} and read == []
    declare_id(repo, CAMAS, "https://datos.gob.mx/datos/secretaria-de-salud/casos-covid-estados/")
    assert ("duplicate-identifier", CAMAS, 1) in found(repo) and read == [CAMAS]  # not committed: read
    git(repo, "commit", "-qam", "id repetido")
    read.clear()
    assert ("duplicate-identifier", CAMAS, 1) in found(repo)
    assert read == [CAMAS]  # a new blob, read once
    read.clear()
    assert ("duplicate-identifier", CAMAS, 1) in found(repo) and read == []
