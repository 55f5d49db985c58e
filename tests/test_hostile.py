"""The adversarial catalogue (tests/fixtures/hostile): every protection of the security model,
one test each. It validates with exactly the planted problems; without the unbuildable parts it
builds, and the built site carries no executable content that came from the catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from catalogo.build import build_site
from catalogo.checks.run import check_catalogue
from catalogo.load import load_catalogue

from .conftest import FIXTURES, git

HOSTILE = FIXTURES / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
EVENT = re.compile(r"^on[a-z]+$")


@pytest.fixture(scope="module")
def problems() -> set[tuple[str, str, int | None]]:
    return {(p.code, p.path, p.line) for p in check_catalogue(load_catalogue(HOSTILE))}


@pytest.mark.parametrize("expected", EXPECTED["problems"], ids=lambda e: f"{e['code']}:{e['path']}:{e['line']}")
def test_planted_problem_is_reported(problems: set, expected: dict) -> None:
    assert (expected["code"], expected["path"], expected["line"]) in problems


def test_nothing_else_is_an_error(problems: set) -> None:
    planted = {(e["code"], e["path"], e["line"]) for e in EXPECTED["problems"]}
    errors = {p for p in problems if p[0] not in ("not-machine-readable", "proprietary-format")}
    assert errors == planted


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(HOSTILE, repo)
    for rel in EXPECTED["remove_before_build"]:
        target = repo / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    (repo / "expected.yaml").unlink()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "</script><script>alert('commit')</script>", date="2026-01-01T00:00:00+00:00")
    out = repo.parent / "site"
    result = build_site(repo, out, "https://datos.example.mx/", dt.date(2026, 1, 2))
    assert result.built, sorted({(p.code, p.path) for p in result.problems})
    return out


class Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.csp = False
        self.in_script: str | None = None
        self.jsonld: list[str] = []
        self.external_links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "style"):
            self.findings.append(f"<{tag}>")
        if tag == "form" and "://" in (values.get("action") or ""):
            self.findings.append("<form> to another site")
        if tag == "script":
            kind = values.get("type") or ""
            if not values.get("src") and kind not in ("application/ld+json", "application/json"):
                self.findings.append("inline <script>")
            self.in_script = kind
        for name, value in attrs:
            if EVENT.match(name):
                self.findings.append(f"{tag}[{name}]")
            if (
                name in ("href", "src", "action", "formaction", "data")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.findings.append(f"{tag}[{name}={value[:30]}]")
            if name == "style" and value and "javascript" in value.lower():
                self.findings.append(f"{tag}[style]")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = True
        if tag == "a" and (values.get("href") or "").startswith("https://externo.example"):
            self.external_links.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script == "application/ld+json":
            self.jsonld.append(data)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_executable_content_from_the_catalogue(hostile_site: Path) -> None:
    findings = {}
    for page in pages(hostile_site):
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        if scan.findings:
            findings[page.relative_to(hostile_site).as_posix()] = scan.findings
    assert findings == {}
    assert not any(
        "alert(" in p.read_text(encoding="utf-8").replace("alert(&#", "")
        and "<script>alert" in p.read_text(encoding="utf-8")
        for p in pages(hostile_site)
    )


def test_every_page_has_a_content_security_policy(hostile_site: Path) -> None:
    missing = []
    for page in pages(hostile_site):
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        if not scan.csp:
            missing.append(page.relative_to(hostile_site).as_posix())
    assert missing == []


def test_json_ld_cannot_be_closed_by_a_title(hostile_site: Path) -> None:
    page = hostile_site / "datos" / "ataque" / "xss" / "index.html"
    scan = Scan()
    scan.feed(page.read_text(encoding="utf-8"))
    assert scan.jsonld, "the dataset page carries schema.org JSON-LD"
    for block in scan.jsonld:
        assert "</script" not in block.lower()
        data = json.loads(block)
        assert "alert('título')" in json.dumps(data, ensure_ascii=False)


def test_external_links_are_marked(hostile_site: Path) -> None:
    links = []
    for page in pages(hostile_site):
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        links.extend(scan.external_links)
    assert links
    for link in links:
        assert {"noopener", "nofollow", "ugc"} <= set((link.get("rel") or "").split())


def test_catalogue_csv_neutralises_formulas(hostile_site: Path) -> None:
    text = (hostile_site / "catalogo.csv").read_text(encoding="utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_data_files_are_published_as_they_are(hostile_site: Path) -> None:
    copied = hostile_site / "datos" / "ataque" / "xss" / "data" / "tabla.csv"
    assert copied.read_bytes() == (HOSTILE / "datasets/ataque/xss/data/tabla.csv").read_bytes()


def test_symlinks_collisions_and_control_characters(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(HOSTILE, repo)
    secret = tmp_path / "secreto.csv"
    secret.write_text("id,texto\n1,secreto\n", encoding="utf-8")
    data = repo / "datasets/ataque/xss/data/tabla.csv"
    data.unlink()
    data.symlink_to(secret)
    (repo / "parties" / "Ataque").mkdir()
    (repo / "parties" / "Ataque" / "party.yaml").write_text("id: Ataque\n", encoding="utf-8")
    (repo / "parties" / "ata\x1bque").mkdir()
    found = {(p.code, p.path) for p in check_catalogue(load_catalogue(repo))}
    assert ("resource-path-outside", "datasets/ataque/xss/datapackage.yaml") in found
    assert ("duplicate-id", "parties/ataque/party.yaml") in found or (
        "duplicate-id",
        "parties/Ataque/party.yaml",
    ) in found
    assert any(code == "invalid-file-name" for code, _ in found)


def test_files_declared_with_another_format_are_screened_by_content(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    folder = repo / "datasets/secretaria-de-salud/casos-covid-estados"
    (folder / "data" / "personas.json").write_text("id;nombre;curp\n1;Ana;GODE561231HDFRRN00\n", encoding="utf-8")
    (folder / "data" / "informe.pdf").write_bytes(b"%PDF-1.4\n\x00\x01binary")
    text = (folder / "datapackage.yaml").read_text(encoding="utf-8")
    text += "  - name: personas\n    path: data/personas.json\n    format: json\n"
    text += "  - name: informe\n    path: data/informe.pdf\n"
    (folder / "datapackage.yaml").write_text(text, encoding="utf-8")
    found = {(p.code, p.path, p.line) for p in check_catalogue(load_catalogue(repo))}
    assert ("curp-in-data", "datasets/secretaria-de-salud/casos-covid-estados/data/personas.json", 2) in found
    assert ("unscreened-file", "datasets/secretaria-de-salud/casos-covid-estados/data/informe.pdf", None) in found
