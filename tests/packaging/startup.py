"""Time from starting `ugyfelkapu --smoke-test` to its first screen being drawn."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

FIRST_SCREEN = "smoke-test: first screen shown:"


def time_to_first_screen(argv: Sequence[str], home: str) -> float:
    """Seconds from launching argv until it reports its first screen (offscreen)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": home,
        "QT_QPA_PLATFORM": "offscreen",
    }
    started = time.perf_counter()
    with subprocess.Popen(
        list(argv), env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd="/"
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(FIRST_SCREEN):
                elapsed = time.perf_counter() - started
                break
        else:
            raise AssertionError(f"{argv[0]} exited ({proc.wait()}) without showing a screen")
        proc.wait(timeout=60)
    return elapsed


@dataclass(frozen=True)
class StartupComparison:
    """Start-up times of both forms, in seconds, one entry per round.

    Each round runs the two back to back, so a round's ratio sees one machine load; the
    ratio reported is the median over rounds, which a few disturbed rounds on a shared
    machine do not move. The best (fastest) round of each is the start-up's own cost.
    """

    frozen: list[float]
    venv: list[float]

    @property
    def frozen_best(self) -> float:
        return min(self.frozen)

    @property
    def venv_best(self) -> float:
        return min(self.venv)

    @property
    def frozen_median(self) -> float:
        return statistics.median(self.frozen)

    @property
    def venv_median(self) -> float:
        return statistics.median(self.venv)

    @property
    def ratio(self) -> float:
        return statistics.median(f / v for f, v in zip(self.frozen, self.venv, strict=True))


def compare_startup(
    frozen: Sequence[str], venv: Sequence[str], home: str, rounds: int = 11
) -> StartupComparison:
    """Alternate the two programs so both see the same machine load; one unmeasured warm-up
    each (the first start after a build reads everything from disk for both alike)."""
    os.makedirs(home, exist_ok=True)
    time_to_first_screen(frozen, home)
    time_to_first_screen(venv, home)
    frozen_times, venv_times = [], []
    for _ in range(rounds):
        frozen_times.append(time_to_first_screen(frozen, home))
        venv_times.append(time_to_first_screen(venv, home))
    return StartupComparison(frozen_times, venv_times)
