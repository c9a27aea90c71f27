"""`ugyfelkapu --kiosk` covers the whole screen of a bare X server (no window manager).

The real command runs on a private Xvfb where nothing but the app places windows (an `xinit`
kiosk); the X server itself is asked (xwininfo, xprop) where the window is and what it
asked a window manager for.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gui.xvfb import Xvfb

pytestmark = [pytest.mark.gui, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
# xwininfo -tree: `0x200007 "Ügyfélkapu": ("__main__.py" "ugyfelkapu")  1280x800+0+0  +0+0`
_WINDOW = re.compile(
    r'^\s*(0x[0-9a-f]+) "[^"]*": \([^)]*"ugyfelkapu"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)'
)


def _kiosk_window(display: str) -> tuple[str, tuple[int, int, int, int]] | None:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in tree.splitlines():
        found = _WINDOW.match(line)
        if found and int(found[2]) > 1:
            w, h, x, y = (int(found[i]) for i in range(2, 6))
            return found[1], (x, y, w, h)
    return None


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=["1280x800", "1024x600"])
def test_the_kiosk_window_takes_the_whole_screen_with_no_window_manager(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    server = Xvfb(size)
    env = {
        **os.environ,
        "DISPLAY": server.display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(REPO),
    }
    log = tmp_path / "stderr.txt"
    app = subprocess.Popen(
        [
            *(sys.executable, "-m", "desktop", "--kiosk"),
            *("--virtual-card", "kovacs-eva", "--data-dir", str(tmp_path / "data")),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        found = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and app.poll() is None:
            found = _kiosk_window(server.display)
            if found is not None and found[1] == (0, 0, *size):
                break
            time.sleep(0.2)
        assert found is not None, "no kiosk window appeared"
        window, geometry = found
        assert geometry == (0, 0, *size)
        props = subprocess.run(
            ["xprop", "-id", window, "_NET_WM_STATE", "_MOTIF_WM_HINTS"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # What a window manager, where there is one, is asked for: full screen, on top...
        assert "_NET_WM_STATE_FULLSCREEN" in props
        assert "_NET_WM_STATE_ABOVE" in props
        # ...and no decorations (Motif hints: flags 0x2 = decorations given, decorations 0).
        assert re.search(r"_MOTIF_WM_HINTS\(_MOTIF_WM_HINTS\) = 0x2, 0x[0-9a-f]+, 0x0,", props)
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)  # the kiosk's own clean stop (systemd's)
            try:
                app.wait(20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(10)
        server.stop()
    assert app.returncode == 0, log.read_text()[-3000:]
