"""Names, identifiers and reports that cannot collide or inject (issue 12, part 4): hostile file
and folder names in every report format, reserved ids, duplicate dataset identifiers, formulas
in every CSV written, the per-file cap on problems, bidi characters and URIs in descriptors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo import report
from catalogo.cli import cli
from catalogo.problems import problem

from .conftest import FIXTURES, git

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
    return [problem("invalid-id", path, id=name, suggestion="x"), problem("duplicate-id", "otro.yaml", id=name, other=path)]


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
    assert len(lines) == 2 and all(line.startswith(("::error file=best-practices", "::error file=otro.yaml,")) for line in lines)
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
