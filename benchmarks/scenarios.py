"""The measured scenarios of one catalogue size, each a function that returns a plain dict.

Every command runs as a subprocess of `measure()`. The repository is left as it was found: the
one-dataset change is made on a throw-away branch that is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from measure import Measurement, measure

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PROJECT = HERE.parent
CODE_ENV: dict[str, str] = {}  # PYTHONPATH of the code snapshot being measured
BRANCH = "bench-change"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Banco de pruebas",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Banco de pruebas",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_AUTHOR_DATE": "2026-11-21T10:00:00-06:00",
    "GIT_COMMITTER_DATE": "2026-11-21T10:00:00-06:00",
}
STAGE_LINE = re.compile(r"^\[(\d+)/(\d+)\] (.+)$")


def snapshot_code(work: Path) -> str:
    """Measure the committed code, not uncommitted edits in the work tree: HEAD is
    extracted once under WORK/code/COMMIT and every `catalogo` command runs from there (editing
    the package would also change the data cache's fingerprint in the middle of a run)."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.strip()
    target = work / "code" / commit[:12]
    if not (target / "scripts" / "catalogo").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=PROJECT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    CODE_ENV["PYTHONPATH"] = str(target / "scripts")
    return commit


def catalogo(*args: str) -> list[str]:
    return [PYTHON, "-c", "from catalogo.cli.main import main; main()", *args]


def summary(m: Measurement, **extra) -> dict:
    """The figures of a measurement that the tables use."""
    return {
        "wall_s": m.wall_s,
        "cpu_s": m.cpu_s,
        "max_rss_mb": m.max_rss_mb,
        "tree_rss_mb": m.tree_rss_mb,
        "exit_code": m.exit_code,
        "load_after": round(os.getloadavg()[0], 1),
        **extra,
    }


def generate(repo: Path, datasets: int, parties: int, seed: int) -> dict:
    m = measure(
        [
            PYTHON,
            str(HERE / "generate.py"),
            "--datasets",
            str(datasets),
            "--parties",
            str(parties),
            "--out",
            str(repo),
            "--seed",
            str(seed),
            "--force",
        ]
    )
    if m.exit_code != 0:
        raise SystemExit(f"generation failed: {m.log[-5:]}")
    counts = dict(pair.split("=") for pair in m.stdout.split())
    return summary(m, **{k: int(v) for k, v in counts.items()}, **repo_size(repo))


def repo_size(repo: Path) -> dict:
    def du(path: Path, *exclude: str) -> int:
        args = ["du", "-sb", *[f"--exclude={e}" for e in exclude], str(path)]
        return int(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()[0])

    return {"tree_bytes": du(repo, ".git", ".cache"), "git_bytes": du(repo / ".git")}


def validate(repo: Path, work: Path, name: str, *options: str, cold: bool = False, **extra) -> dict:
    if cold:
        shutil.rmtree(repo / ".cache", ignore_errors=True)
    report = work / f"{name}.json"
    m = measure(
        catalogo("--repo", str(repo), "validate", "--format", "json", *options),
        stdout=report,
        env=CODE_ENV,
    )
    return summary(m, **_problem_counts(report), **extra)


def _problem_counts(report: Path) -> dict:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        return {"errors": data["counts"]["error"], "warnings": data["counts"]["warning"]}
    except (OSError, ValueError, KeyError):
        return {"errors": None, "warnings": None}


def build(repo: Path, out: Path, cold: bool = False) -> dict:
    if cold:
        shutil.rmtree(repo / ".cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    m = measure(catalogo("--repo", str(repo), "build", "--out", str(out)), env=CODE_ENV)
    result = summary(m, stages=stage_times(m), stage_memory_mb=stage_memory(m))
    if m.exit_code != 0:
        result["log"] = [line for _, line in m.log[-10:]]
    return result


def stage_times(m: Measurement) -> dict[str, float]:
    """Seconds per build stage, from the moments the build announced each stage on stderr."""
    return {label: round(end - start, 2) for label, start, end in _stages(m)}


def stage_memory(m: Measurement) -> dict[str, float]:
    """Peak memory (MB) of the process tree during each build stage."""
    peaks = {}
    for label, start, end in _stages(m):
        inside = [kb for t, kb in m.memory if start <= t <= end]
        peaks[label] = round(max(inside) / 1024) if inside else None
    return peaks


def _stages(m: Measurement) -> list[tuple[str, float, float]]:
    marks = [(t, match.group(3)) for t, line in m.log if (match := STAGE_LINE.match(line))]
    ends = [t for t, _ in marks[1:]] + [m.wall_s]
    return [(label, start, end) for (start, label), end in zip(marks, ends, strict=True)]


CHANGED_TEXT = "Actualizado."  # what the changed dataset's description starts with


def changed_dataset(repo: Path) -> str:
    """A dataset in the middle of the sorted catalogue: the one every size changes."""
    folders = sorted(p.parent for p in (repo / "datasets").glob("*/*/datapackage.yaml"))
    return folders[len(folders) // 2].relative_to(repo).as_posix()


@contextmanager
def one_dataset_changed(repo: Path, folder: str) -> Iterator[None]:
    """On a throw-away branch, one dataset changes: a row more in its table and an edited
    description, committed as a pull request would be. The branch is deleted afterwards."""
    _git(repo, "checkout", "-q", "-B", BRANCH, "main")
    try:
        table = repo / folder / "data" / "datos.csv"
        lines = table.read_text(encoding="utf-8").splitlines()
        last = lines[-1].split(",", 1)
        lines.append(f"{int(last[0]) + 1},{last[1]}")
        table.write_text("\n".join(lines) + "\n", encoding="utf-8")
        descriptor = repo / folder / "datapackage.yaml"
        text = descriptor.read_text(encoding="utf-8")
        descriptor.write_text(text.replace("description: ", f"description: {CHANGED_TEXT} ", 1), encoding="utf-8")
        # dated as main's newest commit: the build's day stays the same, so the rebuild measures
        # the change alone (a merge on a new day also changes the pages of every overdue dataset,
        # which show their days overdue)
        newest = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "main"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dated = {"GIT_AUTHOR_DATE": newest, "GIT_COMMITTER_DATE": newest}
        subprocess.run(
            ["git", "commit", "-q", "-am", f"Actualización de {folder}"],
            cwd=repo,
            check=True,
            env={**os.environ, **GIT_ENV, **dated},
        )
        yield
    finally:
        _git(repo, "checkout", "-q", "-f", "main")
        _git(repo, "branch", "-q", "-D", BRANCH)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ, **GIT_ENV})


def site_figures(out: Path, folder: str) -> dict:
    """Size of the output, by top folder, and the HTML weight of dataset pages."""
    by_top: dict[str, int] = {}
    files = total = 0
    for path in out.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            top = path.relative_to(out).parts[0] if len(path.relative_to(out).parts) > 1 else "(raíz)"
            by_top[top] = by_top.get(top, 0) + size
            files += 1
            total += size
    pages = sorted(p.stat().st_size for p in (out / "datos").glob("*/*/index.html"))
    changed = out / "datos" / folder.split("/", 1)[1] / "index.html"
    return {
        "files": files,
        "bytes": total,
        "by_folder": dict(sorted(by_top.items(), key=lambda kv: -kv[1])[:8]),
        "dataset_pages": len(pages),
        "page_median": int(statistics.median(pages)) if pages else None,
        "page_p95": pages[int(len(pages) * 0.95)] if pages else None,
        "page_max": pages[-1] if pages else None,
        "page_changed": changed.stat().st_size if changed.is_file() else None,
    }


def search(out: Path) -> dict:
    m = measure([PYTHON, str(HERE / "search.py"), str(out)])
    if m.exit_code != 0:
        return {"error": " | ".join(line for _, line in m.log[-3:])}
    return json.loads(m.stdout)


def floor(repo: Path, work: Path) -> dict:
    target = work / "floor"
    shutil.rmtree(target, ignore_errors=True)
    m = measure([PYTHON, str(HERE / "floor.py"), str(repo), str(target)])
    figures = json.loads(m.stdout) if m.exit_code == 0 else {}
    shutil.rmtree(target, ignore_errors=True)
    return summary(m, **figures)


def join_graph(datasets: int, parties: int) -> dict:
    """The join graph at this size (benchmarks/joingraph.py), measured in its own process."""
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("joingraph.py")),
            "--datasets",
            str(datasets),
            "--parties",
            str(parties),
            "--work",
            str(Path(__file__).parent / "out" / "joins"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **CODE_ENV},
    )
    return json.loads(done.stdout)
