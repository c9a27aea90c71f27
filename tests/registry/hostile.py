"""Hostile surroundings for registry tests: a small full disk, large citizen files."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.registry.citizens import HEADER
from tests.registry.worker import generated_citizen


@contextmanager
def small_disk(where: Path, size: str = "8m") -> Iterator[Path]:
    """A private tmpfs of `size` mounted at `where` (needs root), unmounted afterwards."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("a private tmpfs needs root and mount(8)")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk` with one file; delete the file to free them again."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError as exc:  # the disk is full: the end of this chunk size
                assert exc.errno == errno.ENOSPC  # noqa: PT017
    finally:
        os.close(fd)
    return filler


def without_wal(db: Path) -> None:
    """Checkpoint and truncate the WAL, so the next write needs new space on the disk."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        # `table` is a name from the test itself, never input.
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def citizen_csv(path: Path, *, rows: int = 0, min_bytes: int = 0) -> Path:
    """Valid generated citizens: `rows` of them, or as many as make `min_bytes`."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        i = 0
        while i < rows or f.tell() < min_bytes:
            writer.writerow(generated_citizen(i))
            i += 1
    return path
