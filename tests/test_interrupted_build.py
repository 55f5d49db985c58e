"""A build killed with SIGKILL (`kill -9`: no clean-up runs) leaves nothing running and nothing
that the next build keeps: Pagefind and the render workers end with it, and the next build
removes the staging folders of builds whose process has ended (never a live build's)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from catalogo.build import build_site
from catalogo.site.assemble import remove_leftovers

from .conftest import FIXTURES, git

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")


def ended(pid: int) -> bool:
    """The process is gone, or a zombie nobody reaped (in a container, PID 1 may not reap)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def catalogue(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial", date="2026-01-01T12:00:00+00:00")
    return repo


def slow_pagefind(folder: Path, pid_file: Path) -> Path:
    """A `pagefind_bin` whose executable records its pid and runs for two minutes: a Pagefind that
    would outlive the build. It comes first on the build's PYTHONPATH."""
    package = folder / "pagefind_bin"
    package.mkdir(parents=True)
    executable = package / "pagefind"
    executable.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(f"""
        import os, time
        with open({str(pid_file)!r}, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(120)
    """),
        encoding="utf-8",
    )
    executable.chmod(0o755)
    (package / "__init__.py").write_text(
        f"from pathlib import Path\n\ndef get_executable():\n    return Path({str(executable)!r})\n", encoding="utf-8"
    )
    return folder


def test_pagefind_ends_with_a_killed_build_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    repo = catalogue(tmp_path)
    out = tmp_path / "publicado" / "site"
    pid_file = tmp_path / "pagefind.pid"
    env = {
        **os.environ,
        "PYTHONPATH": str(slow_pagefind(tmp_path / "falso", pid_file)),
        "CATALOGO_CACHE": str(tmp_path / "cache"),
    }
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "catalogo",
            "--repo",
            str(repo),
            "build",
            "--out",
            str(out),
            "--base-url",
            "https://datos.example.mx/",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: pid_file.exists() and pid_file.read_text(), 180), "Pagefind never started"
        pagefind = int(pid_file.read_text())
        assert not ended(pagefind)
        leftovers = list(out.parent.glob(".site.building-*"))
        assert len(leftovers) == 1
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        assert wait_for(lambda: ended(pagefind), 10), "Pagefind kept running after its build was killed"
    finally:
        if build.poll() is None:
            build.kill()
    assert leftovers[0].exists()  # kill -9 ran no clean-up
    result = build_site(repo, out, "https://datos.example.mx/", dt.date(2026, 1, 2))
    assert result.built and (out / "index.html").is_file()
    assert not [p.name for p in out.parent.iterdir() if p.name != "site"]


def test_leftovers_of_ended_builds_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead = dead_pid()
    live = subprocess.Popen(["sleep", "60"])
    try:
        names = [
            f".site.building-{dead}-abc123",
            f".site.previous-{dead}",
            f".site.building-{live.pid}-def456",
            f".site.previous-{live.pid}",
            ".otro.building-1-x",
            "site-building-1",
            ".site.building-nopid",
        ]
        for name in names:
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
        removed = {p.name for p in remove_leftovers(out)}
        assert removed == {f".site.building-{dead}-abc123", f".site.previous-{dead}"}
        assert {p.name for p in tmp_path.iterdir()} == set(names) - removed
    finally:
        live.kill()
        live.wait()


def test_a_leftover_symlink_is_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    keep = tmp_path / "importante"
    keep.mkdir()
    (keep / "dato.txt").write_text("x", encoding="utf-8")
    (tmp_path / f".site.building-{dead_pid()}-x").symlink_to(keep)
    remove_leftovers(out)
    assert (keep / "dato.txt").is_file()


def test_render_workers_end_with_a_killed_build(tmp_path: Path) -> None:
    """The render stage forks workers (render/write.py, _run); they end when the build is killed."""
    pids = tmp_path / "workers"
    pids.mkdir()
    script = textwrap.dedent(f"""
        import os, time
        from catalogo.render import write as render

        def job(item):
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            time.sleep(120)
            return item

        list(render._run(object(), job, list(range(render.SERIAL_BELOW + 10)), 2))
    """)
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: len(list(pids.iterdir())) >= 2, 60), "the workers never started"
        workers = [int(p.name) for p in pids.iterdir()]
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        assert wait_for(lambda: all(ended(pid) for pid in workers), 10), "render workers kept running"
    finally:
        if build.poll() is None:
            build.kill()


def test_render_workers_are_renewed_without_hanging(tmp_path: Path) -> None:
    """Workers are replaced by fresh forks every WORKER_CHUNKS chunks. The replacements are forked
    by this thread, not by a pool's handler thread: the parent-death signal follows the thread
    that forked, and workers killed with that thread could hold the pool's queue lock and hang
    the build at the pool's shutdown. Several generations of workers, results in order."""
    pids = tmp_path / "workers"
    pids.mkdir()
    script = textwrap.dedent(f"""
        import os
        from catalogo.render import write as render

        render.WORKER_CHUNKS = 1

        def job(item):
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            return item * 2

        items = list(range(render.SERIAL_BELOW * 3))
        for _ in range(5):
            assert list(render._run(object(), job, items, 2)) == [i * 2 for i in items]
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert len(list(pids.iterdir())) > 2  # the workers were renewed
