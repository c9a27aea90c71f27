"""The project's SVG pictures (where each code is printed), drawn crisp at any size."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.resources import resources_dir


class Illustration(enum.Enum):
    CARD_FRONT = "card-front.svg"
    REGISTRATION_CARD = "registration-card.svg"

    @property
    def path(self) -> Path:
        return resources_dir() / "illustrations" / self.value


class IllustrationView(QWidget):
    """Paints one SVG, keeping its proportions, centred in whatever room the layout gives.

    No height-for-width: a picture that insisted on its proportional height pushed the fields
    and the message below it out of a 600-pixel-high window; it shrinks instead.
    """

    def __init__(self, illustration: Illustration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(str(illustration.path), self)
        if not self._renderer.isValid():
            raise FileNotFoundError(f"illustration missing or invalid: {illustration.path}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 100)

    @property
    def renderer(self) -> QSvgRenderer:
        return self._renderer

    def sizeHint(self) -> QSize:
        return QSize(300, 194)

    def paintEvent(self, _event: QPaintEvent) -> None:
        box = self._renderer.viewBoxF()
        scale = min(self.width() / box.width(), self.height() / box.height())
        w, h = box.width() * scale, box.height() * scale
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, target)
        painter.end()
