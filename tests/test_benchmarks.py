"""The benchmark harness: the synthetic catalogue is valid, deterministic and has a dated history;
the measuring and README pieces behave."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalogo.checks.run import check_catalogue, has_errors
from catalogo.gitdata.history import read_history
from catalogo.load import load_catalogue

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402
import readme  # noqa: E402
from measure import measure  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    repo = tmp_path_factory.mktemp("bench") / "catalogo"
    return repo, generate.generate(datasets=120, parties=15, out=repo, seed=7)


def test_generated_catalogue_is_valid(synthetic) -> None:
    repo, summary = synthetic
    catalogue = load_catalogue(repo)
    assert len(catalogue.datasets) == summary["datasets"] == 120
    assert len(catalogue.parties) == summary["parties"] == 15
    assert catalogue.stories and catalogue.tools
    problems = check_catalogue(catalogue)
    assert not has_errors(problems), [(p.code, p.path) for p in problems][:5]


def test_parties_follow_the_census_shape(synthetic) -> None:
    repo, _ = synthetic
    catalogue = load_catalogue(repo)
    levels = [p.level for p in catalogue.parties.values()]
    assert set(levels) <= {"federal", "estatal", "municipal"}
    counts = sorted(len(catalogue.datasets_of(p)) for p in catalogue.parties)
    assert counts[-1] >= 2 * counts[len(counts) // 2]  # a long tail: the largest party dwarfs the median


def test_history_is_dated_over_years(synthetic) -> None:
    repo, summary = synthetic
    history = read_history(repo)
    days = sorted(c.day for changes in history.records.values() for c in changes)
    assert days[0] < "2024-06-01" and days[-1] > "2026-06-01"
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True)
    assert int(commits.stdout) == summary["commits"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    assert status.stdout == ""


def test_generation_is_deterministic(synthetic, tmp_path: Path) -> None:
    repo, _ = synthetic
    again = tmp_path / "again"
    generate.generate(datasets=120, parties=15, out=again, seed=7)

    def head(path: Path) -> str:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True).stdout

    assert head(again) == head(repo)


def test_measure_reports_exit_code_log_and_memory() -> None:
    script = "import sys; x = bytearray(50_000_000); print('ok'); print('[1/1] etapa', file=sys.stderr); sys.exit(3)"
    result = measure([sys.executable, "-c", script])
    assert result.exit_code == 3
    assert result.stdout.strip() == "ok"
    assert [line for _, line in result.log] == ["[1/1] etapa"]
    assert result.max_rss_mb >= 50


def test_readme_is_rewritten_between_markers(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text(f"# Título\n\nTexto propio.\n\n{readme.BEGIN}\nviejo\n{readme.END}\n\nMás texto.\n")
    results = {
        1000: {
            "validate_changed": {
                "wall_s": 1.0,
                "cpu_s": 0.8,
                "max_rss_mb": 60,
                "tree_rss_mb": 60,
                "exit_code": 0,
            },
            "machine": {"cpus": "2"},
            "finished": "x",
        }
    }
    readme.update_readme(target, results, readme.targets_table(results, None))
    text = target.read_text()
    assert text.startswith("# Título\n\nTexto propio.") and text.endswith("Más texto.\n")
    assert "viejo" not in text and text.count(readme.BEGIN) == 1
    row = next(line for line in text.splitlines() if line.startswith("| `validate --changed-since`, un"))
    assert "reloj 1.0 s, CPU 0.8 s (1,000); proyección lineal a 100,000: 80 s" in row
    assert "16.0×" in row  # judged by the projection: 80 s against 5 s


def test_projection_is_a_line_through_the_two_largest_sizes() -> None:
    assert readme._projection({1000: 1.0, 10000: 2.0}) == pytest.approx(12.0)
    assert readme._projection({10000: 3.0}) == pytest.approx(30.0)
    assert readme._projection({1000: 1.0, 100000: 5.0}) is None


def test_results_are_json_per_size(tmp_path: Path) -> None:
    (tmp_path / "10000.json").write_text(json.dumps({"finished": "b"}))
    (tmp_path / "1000.json").write_text(json.dumps({"finished": "a"}))
    (tmp_path / "bigcsv.json").write_text("{}")
    assert list(readme.load_results(tmp_path)) == [1000, 10000]


def test_bigcsv_planted_errors_match_frictionless(tmp_path: Path) -> None:
    import bigcsv

    clean, dirty, planted = bigcsv.write_tables(tmp_path, 3_000)
    assert len(planted) == bigcsv.PLANTED
    assert bigcsv.measure_file(clean)["catalogue"]["errors"] == 0
    result = bigcsv.measure_file(dirty)
    ours, theirs = result["_keys"]
    assert ours == theirs and len(ours) >= bigcsv.PLANTED
