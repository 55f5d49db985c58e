"""Measure one command: wall time, CPU time, peak memory, and when each line of its log arrived.

Peak memory is reported two ways. `max_rss_mb` is the kernel's figure from wait4(): the largest
resident set of the command or any of its children, exact but per process. `tree_rss_mb` is the
peak of the sum over the whole process tree (workers, mkdocs, Pagefind), sampled every 0.2 s from
/proc: what the machine has to hold at once. Each process counts its proportional set size (PSS):
pages that forked workers share with their parent count once, not once per process.
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measurement:
    command: list[str]
    exit_code: int
    wall_s: float
    cpu_s: float  # user + system of the command and every child it waited for
    max_rss_mb: float
    tree_rss_mb: float
    log: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, stderr line)
    memory: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, tree RSS in KB)
    stdout: str = ""  # when it was captured rather than written to a file

    def as_dict(self) -> dict:
        return asdict(self)


def measure(
    command: list[str],
    cwd: Path | None = None,
    stdout: Path | None = None,
    env: dict[str, str] | None = None,
) -> Measurement:
    """Run `command` to completion; its stdout goes to the file `stdout` or is kept in the result."""
    started = time.monotonic()
    sink = open(stdout, "wb") if stdout else subprocess.PIPE  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=sink,
        stderr=subprocess.PIPE,
        env={**os.environ, "CI": "true", **(env or {})},
    )
    sampler = TreeSampler(process.pid)
    sampler.start()
    log: list[tuple[float, str]] = []
    reader = threading.Thread(target=_read_lines, args=(process.stderr, started, log), daemon=True)
    reader.start()
    out_reader: list[bytes] = []
    out_thread = threading.Thread(target=lambda: out_reader.append(process.stdout.read()), daemon=True)
    if sink is subprocess.PIPE:
        out_thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    reader.join(timeout=5)
    if stdout:
        sink.close()
    else:
        out_thread.join(timeout=5)
    text = (out_reader[0] if out_reader else b"").decode("utf-8", "replace")
    return Measurement(
        command,
        process.returncode,
        round(wall, 2),
        round(usage.ru_utime + usage.ru_stime, 2),
        round(usage.ru_maxrss / 1024, 1),
        round(sampler.peak_kb / 1024, 1),
        log,
        sampler.samples,
        text,
    )


def _read_lines(stream, started: float, log: list[tuple[float, str]]) -> None:
    for raw in stream:
        log.append((round(time.monotonic() - started, 2), raw.decode("utf-8", "replace").rstrip()))


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.samples: list[tuple[float, int]] = []
        self.started = time.monotonic()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            rss = tree_rss_kb(self.pid)
            self.peak_kb = max(self.peak_kb, rss)
            self.samples.append((round(time.monotonic() - self.started, 2), rss))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)


def tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return sum(_proportional_kb(pid) for pid in tree)


def _proportional_kb(pid: int) -> int:
    """The process's proportional set size: its resident pages, each page shared with other
    processes (a forked worker's copy-on-write memory) divided among them, so that the sum over a
    tree counts every page once. Falls back to the resident set size where PSS is not available."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    return 0


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpus": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "git": git.removeprefix("git version "),
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 1)
