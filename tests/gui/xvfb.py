"""A private Xvfb with no window manager: real fonts and the xcb platform, no screen needed.

Used by the screenshot scripts and by the layout and kiosk-geometry tests. Nothing else runs
on it, so a window is exactly where and as large as the application makes it (FIELD-NOTES:
without a window manager `showFullScreen()` does nothing).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path


def _free_display() -> int:
    for number in range(90, 190):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


class Xvfb:
    """A started server; `display` is ":N". Stop it with `stop()` (by its own PID)."""

    def __init__(self, size: tuple[int, int] = (1280, 800)) -> None:
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed (Debian: xvfb)")
        self.size = size
        number = _free_display()
        self.display = f":{number}"
        # -noreset: without it the next client after the last one exits cannot connect.
        self._process = subprocess.Popen(
            [
                "Xvfb",
                self.display,
                "-screen",
                "0",
                f"{size[0]}x{size[1]}x24",
                "-noreset",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)
