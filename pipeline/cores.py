"""How many cores this process may use, and whether work can be shared out by forking."""

from __future__ import annotations

import multiprocessing
import os


def usable_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_share_work() -> bool:
    """Work can go to forked processes: there is more than one core, and fork (workers
    inherit what the parent has read, such as the master, instead of reading it again).
    Elsewhere work stays in one process."""
    forks = hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()
    return forks and usable_cores() > 1
