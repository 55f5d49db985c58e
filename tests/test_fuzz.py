"""Property-based: whatever bytes land in a content file, validation returns problems (exit 0 or
1) — never a traceback, never a hang, and no check that raised (which check.py reports as
`internal-error` and the harness counts as a failure)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.load import load_catalogue

from .conftest import FIXTURES, assert_no_crash

TARGETS = [
    "parties/secretaria-de-salud/party.yaml",
    "parties/secretaria-de-salud/inventory.yaml",
    "parties/secretaria-de-salud/opening-plan.yaml",
    "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml",
    "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv",
    "best-practices/stories/mapa-covid.yaml",
    "best-practices/tools/frictionless-py.yaml",
]

YAMLISH = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#\n\t ,?%@`abcñ019é\x00\x85\u2028")), max_size=300)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _run(workspace: Path, target: str, payload: bytes) -> None:
    repo = workspace / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    # without a cache left by running in the fixture, so that every check runs
    shutil.copytree(FIXTURES / "valid" / "minimal", repo, ignore=shutil.ignore_patterns(".cache"))
    (repo / target).write_bytes(payload)
    problems = check_catalogue(load_catalogue(repo))
    assert_no_crash(problems)
    assert all(p.code and p.path for p in problems)
    for p in problems:
        p.message("es")
        p.message("en")


@FUZZ
@given(target=st.sampled_from(TARGETS), payload=st.binary(max_size=400))
def test_any_bytes_give_problems_not_tracebacks(workspace: Path, target: str, payload: bytes) -> None:
    _run(workspace, target, payload)


@FUZZ
@given(target=st.sampled_from(TARGETS), text=YAMLISH)
def test_any_yaml_like_text_gives_problems_not_tracebacks(workspace: Path, target: str, text: str) -> None:
    _run(workspace, target, text.encode("utf-8"))


@FUZZ
@given(
    value=st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=30),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    key=st.sampled_from(["name", "resources", "licenses", "theme", "temporal", "spatial", "contact", "keywords"]),
)
def test_any_value_in_any_descriptor_key(workspace: Path, value: object, key: str) -> None:
    import yaml

    source = FIXTURES / "valid/minimal/datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data[key] = value
    _run(workspace, TARGETS[3], yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@pytest.mark.parametrize(
    ("name", "target"),
    [("check_dataset", TARGETS[3]), ("check_document", TARGETS[0]), ("screen_document", TARGETS[5])],
)
def test_the_harness_fails_when_a_check_raises(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, name: str, target: str
) -> None:
    from catalogo.checks import run as check_module

    def raising(*args: object, **kwargs: object) -> None:
        raise ValueError("a check that raises")

    monkeypatch.setattr(check_module, name, raising)
    valid = (FIXTURES / "valid" / "minimal" / target).read_bytes()
    with pytest.raises(AssertionError, match="ValueError"):
        _run(workspace, target, valid)


def test_cli_exit_codes_on_garbage(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    (repo / TARGETS[0]).write_bytes(b"\xff\xfe\x00garbage: [\n")
    (repo / TARGETS[4]).write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
