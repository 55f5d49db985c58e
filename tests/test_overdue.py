"""`catalogo overdue`: one Markdown file per party and quarter in which its unmet commitments fell
due, from a real git history at a fixed date; only the party's maintainers are mentioned."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.cli.main import cli

from .conftest import ROOT
from .measure_support import commit, dataset, init, party, write

TODAY = "2026-06-15"
BASE_URL = "https://datos.example.mx/"
REPOSITORY = "https://github.com/ejemplo/catalogo"
# item: (dataset or None, due date)
PLAN = {
    "a": ("da", "2026-02-15"),  # never published: overdue, due in 2026-T1
    "b": ("db", "2026-03-31"),  # published on time
    "c": (None, "2026-05-10"),  # overdue, due in 2026-T2
    "d": (None, "2026-08-31"),  # not due yet
    "e": ("de", "2026-04-30"),  # its dataset was open before the plan: met by nothing new, 2026-T2
}


def items(plan: dict[str, tuple[str | None, str]]) -> list[dict]:
    return [
        {"id": k, "title": f"Activo {k} @alguien", "series_type": "institucional", "status": "planeado"}
        | ({"dataset": d} if d else {})
        for k, (d, _) in plan.items()
    ]


def plan_file(root: Path, party_id: str, plan: dict[str, tuple[str | None, str]]) -> None:
    write(root, f"parties/{party_id}/inventory.yaml", {"items": items(plan)})
    write(
        root,
        f"parties/{party_id}/opening-plan.yaml",
        {
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "commitments": [{"item": k, "due": due} for k, (_, due) in plan.items()],
        },
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    write(root, "catalogo.yaml", {"site": {"base_url": BASE_URL, "repository": REPOSITORY}})
    party(root, "p", name="Sujeto @equipo/todos #1", maintainers=["ana-datos", "luis-datos"])
    dataset(root, "p", "de")
    commit(root, "2025-11-01", "un conjunto de antes del plan")
    plan_file(root, "p", PLAN)
    party(root, "q")  # no maintainers
    plan_file(root, "q", {"x": (None, "2026-01-31")})
    party(root, "r", maintainers=["rita-datos"])
    plan_file(root, "r", {"y": ("dy", "2026-03-31")})
    dataset(root, "r", "dy")
    commit(root, "2026-01-10", "planes")
    dataset(root, "p", "db")
    commit(root, "2026-03-20", "publica db")
    return root


def run(repo: Path, out: Path, today: str = TODAY, *extra: str):
    return CliRunner().invoke(cli, ["--repo", str(repo), "overdue", "--out", str(out), "--today", today, *extra])


def written(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.glob("*/*.md"))}


def rows(text: str) -> list[list[str]]:
    """The table's body rows, cell by cell (the fixture's texts hold no '|')."""
    table = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table[1:]]


def outside_code(line: str) -> str:
    return re.sub(r"(`+).*?\1", "", line)


def test_one_file_per_party_and_quarter_due(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vencidos"
    result = run(repo, out)
    assert result.exit_code == 0, result.output
    files = written(out)
    assert sorted(files) == ["p/2026-T1.md", "p/2026-T2.md", "q/2026-T1.md"]
    for name, text in files.items():
        party_id, quarter = name.removesuffix(".md").split("/")
        assert text.splitlines()[0] == f"<!-- catalogo:overdue sujeto={party_id} trimestre={quarter} -->"
    # in the order they fell due
    listed = {name: [row[0].strip("`") for row in rows(text)] for name, text in files.items()}
    assert listed == {"p/2026-T1.md": ["a"], "p/2026-T2.md": ["e", "c"], "q/2026-T1.md": ["x"]}
    due = {k: d for k, (_, d) in PLAN.items()}
    for row in rows(files["p/2026-T2.md"]):
        item = row[0].strip("`")
        assert row[2] == due[item]
        assert int(row[3]) == (dt.date.fromisoformat(TODAY) - dt.date.fromisoformat(due[item])).days
    assert rows(files["p/2026-T2.md"])[0][5] and not rows(files["p/2026-T2.md"])[1][5]  # "e" carries a note


def test_links_to_the_plan_line_and_the_party_page(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vencidos"
    assert run(repo, out).exit_code == 0
    text = written(out)["p/2026-T1.md"]
    plan = f"{REPOSITORY}/blob/HEAD/parties/p/opening-plan.yaml"
    lines = (repo / "parties/p/opening-plan.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, 1) if row.strip() == "- item: a")
    assert rows(text)[0][4] == f"[{line}]({plan}#L{line})"
    assert f"]({plan})" in text
    assert f"]({BASE_URL}instituciones/p/)" in text


def test_only_the_maintainers_are_mentioned(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vencidos"
    assert run(repo, out).exit_code == 0
    for name, text in written(out).items():
        mentions = [line for line in text.splitlines() if "@" in outside_code(line)]
        if name.startswith("p/"):
            assert len(mentions) == 1
            assert re.findall(r"@[\w-]+", mentions[0]) == ["@ana-datos", "@luis-datos"]
        else:
            assert mentions == []  # q declares no maintainers
        assert "#1" not in "".join(outside_code(line) for line in text.splitlines())


def test_met_commitments_drop_their_file(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vencidos"
    assert run(repo, out).exit_code == 0
    dataset(repo, "p", "da")  # "a" is met, late
    commit(repo, "2026-06-20", "publica da")
    assert run(repo, out, "2026-06-22").exit_code == 0
    assert sorted(written(out)) == ["p/2026-T2.md", "q/2026-T1.md"]


def test_a_file_it_did_not_write_is_left_alone(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vencidos"
    (out / "p").mkdir(parents=True)
    mine = out / "p" / "2026-T1.md"
    mine.write_text("notas propias\n", encoding="utf-8")
    result = run(repo, out)
    assert result.exit_code == 2
    assert mine.read_text(encoding="utf-8") == "notas propias\n"
    assert run(repo, out, TODAY, "--force").exit_code == 0


# --- the weekly workflow's step, run with a stand-in for the gh client ---------------------------

WORKFLOW = ROOT / ".github/workflows/checks.yml"
FAKE_GH = """#!/bin/bash
# Records each call; `issue list` answers as gh's --jq would for two open issues.
echo "$*" >> "$LOG/calls"
if [ "$1 $2" = "issue list" ]; then
  printf '12\\t[Compromisos vencidos] p 2026-T1\\n13\\t[Compromisos vencidos] r 2025-T4\\n'
fi
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--body-file" ]; then j=$((i + 1)); cp "${!j}" "$LOG/body-$3"; fi
done
"""


def step_script(job: str, step: str) -> str:
    data = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return next(s["run"] for s in data["jobs"][job]["steps"] if s.get("name", "").startswith(step))


def test_the_workflow_opens_updates_and_closes_by_title(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    command = step_script("overdue-commitments", "Listar")
    assert command.split()[:3] == ["catalogo", "overdue", "--out"]
    assert run(repo, work / command.split()[3]).exit_code == 0  # p/2026-T1, p/2026-T2, q/2026-T1
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake / "gh").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "LOG": str(tmp_path), "GH_TOKEN": "x", "GH_REPO": "o/r"}
    script = step_script("overdue-commitments", "Abrir")
    subprocess.run(["bash", "-c", script], cwd=work, env=env, check=True, timeout=60)
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("issue list")
    assert sorted(calls[1:]) == sorted(
        [
            "issue edit 12 --body-file body.md",  # found by its title: updated, not duplicated
            "issue create --title [Compromisos vencidos] p 2026-T2 --body-file body.md",
            "issue create --title [Compromisos vencidos] q 2026-T1 --body-file body.md",
            calls[-1],
        ]
    )
    assert calls[-1].startswith("issue close 13 --comment")  # r's 2025-T4 has nothing overdue left
    body = (tmp_path / "body-12").read_text(encoding="utf-8")
    mentions = [line for line in body.splitlines() if re.search(r"@(?!\u200b)", line)]
    assert mentions == ["Para / to: @ana-datos @luis-datos"]
    assert "@\u200balguien" in body  # the catalogue's own @ stay inert


def test_the_link_check_step_mentions_only_the_maintainers(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "hallazgos").mkdir(parents=True)
    (work / "hallazgos" / "p.md").write_text(
        "# Revisión de enlaces: `p`\n\nPara / to: @ana-datos\n\n| `@alguien` | `https://x.mx/@b` |\n", encoding="utf-8"
    )
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake / "gh").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "LOG": str(tmp_path), "GH_TOKEN": "x", "GH_REPO": "o/r"}
    subprocess.run(["bash", "-c", step_script("check-links", "Abrir")], cwd=work, env=env, check=True, timeout=60)
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert "issue create --title [Revisión periódica] Enlaces y actualización: p --body-file body.md" in calls
    body = (tmp_path / "body---title").read_text(encoding="utf-8")
    mentions = [line for line in body.splitlines() if re.search(r"@(?!\u200b)", line)]
    assert mentions == ["Para / to: @ana-datos"]  # the maintainers are notified, the catalogue's @ are not
    assert body.count("@\u200b") == 2
