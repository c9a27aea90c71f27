"""A private desktop as a screen reader sees it: Xvfb, a D-Bus session bus and the AT-SPI bus.

Everything runs under one scratch directory, on a display and buses of its own, so tests run
beside each other and beside a real desktop without hearing one another. `env()` is the
environment an application or an assistive technology needs to join this desktop.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

REQUIRED_PROGRAMS = ("Xvfb", "dbus-daemon")
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")


def missing_programs() -> list[str]:
    """What this machine lacks to run the desktop (the Debian packages are in ./dev)."""
    missing = [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]
    if not BUS_LAUNCHER.exists():
        missing.append(str(BUS_LAUNCHER))
    return missing


class DesktopSession:
    """Start with `start()`, stop with `stop()`; every process started here is stopped there."""

    def __init__(self, workdir: Path, *, screen: str = "1024x768x24") -> None:
        self.workdir = workdir
        self.screen = screen
        self._processes: list[subprocess.Popen[bytes]] = []
        self.display = ""
        self.bus_address = ""

    def start(self) -> None:
        home = self.workdir / "home"
        runtime = self.workdir / "run"
        for folder in (home / ".config", runtime):
            folder.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        self.display = ":" + self._start_reading_fd(
            [
                "Xvfb",
                "-displayfd",
                "{fd}",
                "-screen",
                "0",
                self.screen,
                "-noreset",
                "-nolisten",
                "tcp",
            ],
        )
        self.bus_address = self._start_reading_fd(
            [
                "dbus-daemon",
                "--session",
                "--nofork",
                "--print-address={fd}",
                f"--address=unix:dir={runtime}",
            ],
        )
        # Started here rather than by D-Bus activation, so that it is ours to stop.
        launcher = subprocess.Popen(
            [str(BUS_LAUNCHER), "--launch-immediately"],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._processes.append(launcher)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a program on this desktop (Qt's AT-SPI bridge switched on)."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("QT_", "DBUS_", "XDG_", "AT_SPI", "WAYLAND"))
        }
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            HOME=str(self.workdir / "home"),
            XDG_CONFIG_HOME=str(self.workdir / "home" / ".config"),
            XDG_RUNTIME_DIR=str(self.workdir / "run"),
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
            NO_AT_BRIDGE="0",
            GTK_A11Y="atspi",
        )
        env.update(extra)
        return env

    def stop(self) -> None:
        for process in reversed(self._processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(5)
        self._processes.clear()

    def _start_reading_fd(self, argv: list[str], timeout: float = 15.0) -> str:
        """Start a server that writes where it listens to a file descriptor; return that."""
        read_fd, write_fd = os.pipe()
        command = [part.replace("{fd}", str(write_fd)) for part in argv]
        process = subprocess.Popen(
            command,
            pass_fds=(write_fd,),
            env=self.env() if self.display else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._processes.append(process)
        os.close(write_fd)
        deadline = time.monotonic() + timeout
        answer = b""
        with os.fdopen(read_fd, "rb", buffering=0) as reader:
            while not answer.endswith(b"\n") and time.monotonic() < deadline:
                chunk = reader.read(256)
                if not chunk:
                    break
                answer += chunk
        text = answer.decode().strip()
        if not text:
            raise RuntimeError(f"{argv[0]} did not start (exit code {process.poll()})")
        return text
