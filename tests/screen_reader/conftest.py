"""A private desktop with the AT-SPI bus, Orca listening, the real app, and the driver."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.screen_reader.desktop_session import DesktopSession, missing_programs
from tests.screen_reader.screen_reader import ScreenReader, orca_speech, system_python_has_atspi

REPO_ROOT = Path(__file__).resolve().parents[2]


def _why_not() -> str:
    missing = missing_programs()
    if shutil.which("orca") is None:
        missing.append("orca")
    if not Path("/usr/bin/python3").exists() or not system_python_has_atspi():
        missing.append("python3-gi with gir1.2-atspi-2.0")
    return ", ".join(missing)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    why = _why_not()
    if why:
        pytest.skip(f"the screen-reader desktop needs: {why} (./dev test installs them)")
    session = DesktopSession(tmp_path / "desktop")
    session.start()
    try:
        yield session
    finally:
        session.stop()


def _signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to a process group; False when none of it is left."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """End a process started with a session of its own, and everything left in its group."""
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    # Children outlive their leader (Orca inside `unshare --fork`): none may stay behind.
    _signal_group(process.pid, signal.SIGKILL)
    process.wait(5)


class Orca:
    """Orca 43 on the private desktop, speaking into its debug log (no speech server).

    Orca writes its log through a buffer: what it said is complete only once it has shut
    down, which it does on SIGTERM (saying "Screen reader off."), though it may not exit.
    """

    def __init__(self, desktop: DesktopSession, log: Path) -> None:
        speechd = Path(desktop.env()["XDG_CONFIG_HOME"]) / "speech-dispatcher"
        speechd.mkdir(parents=True, exist_ok=True)
        (speechd / "speechd.conf").write_text("DisableAutoSpawn\n", encoding="utf-8")
        self.log = log
        # Orca allows one instance per user: it finds the others with `pgrep -x orca`, refuses
        # to start beside one, and `--replace` SIGKILLs them all (another test run's, or the
        # person's own screen reader). In a PID namespace of its own it sees no other Orca
        # and kills none; D-Bus and X reach it there as before.
        isolate = ["unshare", "--pid", "--fork", "--mount-proc"] if os.geteuid() == 0 else []
        self.process = subprocess.Popen(
            [*isolate, "orca", "--replace", f"--debug-file={log}"],
            env=desktop.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def speech(self) -> list[str]:
        """Shut Orca down and return every `SPEECH OUTPUT:` line of its log, in order."""
        group = self.process.pid
        if _signal_group(group, signal.SIGTERM):
            # The group, not the leader: `unshare` ends at once, Orca (inside) takes its time.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and _signal_group(group, 0):
                if "Screen reader off." in self.log.read_text(errors="replace"):
                    break
                time.sleep(0.2)
        _stop(self.process, grace=1)
        return orca_speech(self.log)


@pytest.fixture
def orca(desktop: DesktopSession, reader: ScreenReader, tmp_path: Path) -> Iterator[Orca]:
    orca = Orca(desktop, tmp_path / "orca-debug.log")
    try:
        reader.attach("orca")  # Orca is on the AT-SPI bus: it hears from here on
        yield orca
    finally:
        _stop(orca.process, grace=1)


@dataclass
class RunningApp:
    process: subprocess.Popen[bytes]
    data_dir: Path


def start_app(desktop: DesktopSession, data_dir: Path, lang: str) -> RunningApp:
    """The real `ugyfelkapu`, as installed, with the virtual card and a fresh registry."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop",
            "--virtual-card",
            "kovacs-eva",
            "--data-dir",
            str(data_dir),
            "--lang",
            lang,
        ],
        env=desktop.env(),
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return RunningApp(process, data_dir)


@pytest.fixture
def reader(desktop: DesktopSession) -> Iterator[ScreenReader]:
    reader = ScreenReader.start(desktop.env())
    try:
        yield reader
    finally:
        reader.stop()


@pytest.fixture
def stop_later() -> Iterator[list[RunningApp]]:
    apps: list[RunningApp] = []
    yield apps
    for app in apps:
        _stop(app.process)
