"""A private Xvfb for the screenshot scripts: real fonts and the xcb platform, no screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


def _free_display() -> int:
    for number in range(90, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


def start_xvfb() -> subprocess.Popen[bytes]:
    """A private X server; -noreset keeps it alive between clients."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed (Debian: xvfb)")
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-noreset", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("Xvfb did not start")
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{number}"
    return server
