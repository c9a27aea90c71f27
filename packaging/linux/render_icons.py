"""Render the application's SVG icon to the PNG sizes of the hicolor icon theme.

Usage: python render_icons.py ICON.svg SHARE_ICONS_HICOLOR_DIR NAME
Qt draws the PNGs (the same SVG renderer the application uses), so no other tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, hicolor: Path, name: str) -> list[Path]:
    """Write NAME.png for every size under HICOLOR/NxN/apps/ and return the files written."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    app = QGuiApplication(sys.argv[:1])
    for path in render(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]):
        print(path)
