"""Imports against hostile files and a killed importer (issue 10, defects 8 and 10).

A large import reads the file in a forked helper. Killed with -9, the importer used to leave
that helper blocked for ever on a pipe whose read end it held itself, keeping the caller's
stdout and stderr open too. A line without end (`/dev/zero`, one 300 MB line) was read whole
into memory before anything was checked.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.registry.citizens import HELPER_MIN_BYTES, MAX_LINE_CHARS
from tests.registry.conftest import REPO_ROOT, run_module
from tests.registry.hostile import citizen_csv, count, integrity

KILLS = 5


@pytest.fixture(scope="module")
def large_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid citizen file large enough to be read by the helper process."""
    return citizen_csv(
        tmp_path_factory.mktemp("large") / "citizens.csv", min_bytes=HELPER_MIN_BYTES + (1 << 20)
    )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an unreaped dead process holds nothing)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _spawn_admin(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.registry", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_killing_a_large_import_with_sigkill_leaves_no_process_and_an_intact_registry(
    tmp_path: Path, large_csv: Path
) -> None:
    db = tmp_path / "registry.sqlite3"
    assert run_module("desktop.registry", "--db", str(db), "init").returncode == 0
    rng = random.Random(10)
    leftovers: list[int] = []
    seen: list[int] = []
    try:
        for _ in range(KILLS):
            importer = _spawn_admin("--db", str(db), "import-citizens", str(large_csv))
            deadline = time.monotonic() + 30
            helpers: list[int] = []
            while not helpers and time.monotonic() < deadline and importer.poll() is None:
                helpers = _children(importer.pid)
                time.sleep(0.01)
            assert helpers, "the import did not start its helper"
            seen += helpers
            time.sleep(rng.uniform(0.0, 0.5))
            importer.send_signal(signal.SIGKILL)
            # Nothing may keep the caller's pipes open: they reach end of file promptly.
            importer.communicate(timeout=10)
            stop = time.monotonic() + 5
            while any(map(_running, helpers)) and time.monotonic() < stop:
                time.sleep(0.02)
            leftovers += [pid for pid in helpers if _running(pid)]
            assert leftovers == []
            assert integrity(db) == "ok"
            assert count(db, "citizens") == 0
    finally:
        for pid in seen:  # a failing run leaves nothing behind either
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    # The registry still takes the whole file afterwards.
    result = run_module("desktop.registry", "--db", str(db), "import-citizens", str(large_csv))
    assert result.returncode == 0, result.stderr
    assert count(db, "citizens") > 100_000


def test_an_import_of_dev_zero_ends_with_a_clear_error_naming_line_one(tmp_path: Path) -> None:
    db = tmp_path / "registry.sqlite3"
    result = run_module(
        "desktop.registry", "--db", str(db), "import-citizens", "/dev/zero", timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "line 1" in result.stderr
    assert "1. sor" in result.stderr
    assert str(MAX_LINE_CHARS) in result.stderr
    assert count(db, "citizens") == 0


_MEASURED = (
    "import resource, sys\n"
    "from desktop.registry.admin import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = max(resource.getrusage(w).ru_maxrss for w in "
    "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(f'peak-kib {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _import_peak_kib(db: Path, source: Path) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "--db", str(db), "import-citizens", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
        check=False,
    )
    assert result.returncode == 1, result.stderr
    *message, peak = result.stderr.strip().splitlines()
    return int(peak.split()[1]), "\n".join(message)


def test_memory_stays_bounded_on_a_line_of_64_mib(tmp_path: Path) -> None:
    db = tmp_path / "registry.sqlite3"
    small = tmp_path / "small.csv"
    small.write_text("x" * 100 + "\n", encoding="utf-8")
    baseline, _ = _import_peak_kib(db, small)  # the same command on a small bad file
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        for _ in range(64):
            f.write(b"a" * (1 << 20))
    peak, message = _import_peak_kib(db, huge)
    assert "line 1" in message
    assert str(MAX_LINE_CHARS) in message
    assert "Traceback" not in message
    assert "aaaa" not in message  # the refusal names the line, never echoes what it holds
    assert peak < baseline + 32 * 1024, (peak, baseline)


def test_a_quoted_field_running_over_many_short_lines_is_refused_at_the_limit(
    tmp_path: Path,
) -> None:
    db = tmp_path / "registry.sqlite3"
    source = citizen_csv(tmp_path / "c.csv", rows=2)
    with source.open("a", encoding="utf-8") as f:
        f.write('100002GN,"' + "abc\n" * 10_000 + '"\n')
    result = run_module("desktop.registry", "--db", str(db), "import-citizens", str(source))
    assert result.returncode == 1
    # The row starts on line 4 with 13 characters; each further line adds 3.
    limit_line = 4 + (MAX_LINE_CHARS - len('100002GN,"abc')) // 3 + 1
    assert f"line {limit_line}" in result.stderr, result.stderr
    assert count(db, "citizens") == 0


def test_a_row_at_the_longest_valid_size_still_imports(tmp_path: Path) -> None:
    db = tmp_path / "registry.sqlite3"
    source = citizen_csv(tmp_path / "c.csv", rows=1)
    long_text = '"' + '""' * 199 + 'x"'  # 200 characters, each a quote, written doubled
    row = (
        ["100001GN", "Code0000001"]
        + [long_text] * 6
        + ["1980-01-01", "HUN", "M", long_text, "2035-01-01"]
    )
    with source.open("a", encoding="utf-8") as f:
        f.write(",".join(row) + "\n")
    assert len(",".join(row)) < MAX_LINE_CHARS
    result = run_module("desktop.registry", "--db", str(db), "import-citizens", str(source))
    assert result.returncode == 0, result.stderr
    assert count(db, "citizens") == 2
