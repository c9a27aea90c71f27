"""A private Xvfb with no window manager: real fonts and the xcb platform, no screen needed.

Used by the screenshot scripts and by the layout and kiosk-geometry tests. Nothing else runs
on it, so a window is exactly where and as large as the application makes it (FIELD-NOTES:
without a window manager `showFullScreen()` does nothing).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time


class Xvfb:
    """A started server; `display` is ":N". Stop it with `stop()` (by its own PID)."""

    def __init__(self, size: tuple[int, int] = (1280, 800), timeout: float = 20.0) -> None:
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed (Debian: xvfb)")
        self.size = size
        # Xvfb picks a free display itself and writes its number to -displayfd: a number
        # guessed from /tmp/.X11-unix can be taken all the same (the abstract socket of a
        # server in another mount namespace, as in a chroot or a container).
        read_fd, write_fd = os.pipe()
        # -noreset: without it the next client after the last one exits cannot connect.
        self._process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                f"{size[0]}x{size[1]}x24",
                "-noreset",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        answer = b""
        deadline = time.monotonic() + timeout
        with os.fdopen(read_fd, "rb", buffering=0) as reader:
            while not answer.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([reader], [], [], left)[0]:
                    break
                chunk = reader.read(64)
                if not chunk:  # Xvfb exited
                    break
                answer += chunk
        number = answer.decode().strip()
        if not number.isdigit():
            self.stop()
            raise RuntimeError(f"Xvfb did not start (exit code {self._process.poll()})")
        self.display = f":{number}"

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)
