"""Shared by every stage (core): Child processes end with the process that started them, even when it
is killed with SIGKILL (which it cannot catch): Pagefind, render workers and check workers would
otherwise keep running, and keep the machine busy, after an interrupted build."""

# On Linux each child asks the kernel for SIGKILL when its parent ends (prctl PR_SET_PDEATHSIG);
# elsewhere nothing changes.

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypedDict

PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., Any] | None:
    """libc's prctl, looked up in the parent: a child between fork and exec should not load libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def die_with_parent(parent: int | None = None) -> None:
    """Run in the child (a `preexec_fn`, a pool's `initializer`): SIGKILL when the parent ends.
    `parent` is the pid the child expects as its parent; if that one already ended before the
    request was made, the child ends at once."""
    if _PRCTL is None:
        return
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


class ChildOptions(TypedDict, total=False):
    preexec_fn: Callable[[], object]


def child_options() -> ChildOptions:
    """Keyword arguments for `subprocess.run`/`Popen` that make the child end with this process."""
    if _PRCTL is None:
        return {}
    parent = os.getpid()
    return {"preexec_fn": lambda: die_with_parent(parent)}
