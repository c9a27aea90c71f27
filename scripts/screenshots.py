"""Render every wizard screen in Hungarian and English into docs/screenshots/.

    python scripts/screenshots.py [--out DIR] [--size 1024x600] [--scale 1.5]

Starts a private Xvfb of that size with no window manager (stopped by PID at the end), so
real fonts and the xcb platform draw the screens as a person would see them, and the window
takes the size the app gives it on such a screen. `--scale` sets QT_SCALE_FACTOR (150 % text
and controls). The flow (tests/gui/screen_tour.py) runs on the real registry (a temporary
SQLite file, demo citizens) and the virtual card.

    python scripts/screenshots.py                 # docs/screenshots, 1024x600
    python scripts/screenshots.py --size 1280x800 --scale 1.5 --out docs/screenshots/scaled-150
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.gui.xvfb import Xvfb  # noqa: E402 - after the path is set


def capture(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from desktop.wizard.i18n import Language
    from desktop.wizard.window import WizardWindow
    from tests.gui.screen_tour import tour

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for lang in Language:
        count = 0

        def shoot(name: str, window: WizardWindow, lang: Language = lang) -> None:
            nonlocal count
            count += 1
            path = out / f"{lang.value}-{count:02d}-{name}.png"
            window.grab().save(str(path))
            written.append(path)

        tour(lang, shoot)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--size", default="1024x600")
    parser.add_argument("--scale", default="", help="QT_SCALE_FACTOR, e.g. 1.5")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    server = Xvfb((width, height))
    os.environ["DISPLAY"] = server.display
    try:
        for path in capture(args.out.resolve()):
            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
