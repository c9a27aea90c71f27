"""The kiosk's own translations (`resources/translations/kiosk_<lang>.qm`), switched live.

The kiosk's screens (idle prompt, done screen, keyboard names, attendant pad and panel) keep
their texts in files of their own so the wizard's translation files stay the wizard's. A
second QTranslator follows the language the person picks; Qt then sends every widget a
LanguageChange event and the kiosk's widgets retranslate as the wizard's do.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

from desktop.resources import resources_dir

log = logging.getLogger(__name__)


def kiosk_qm_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or resources_dir() / "translations") / f"kiosk_{lang}.qm"


class KioskTranslator(QObject):
    """Holds the installed kiosk translator; `set_language("hu" | "en")` swaps it."""

    def __init__(self, parent: QObject | None = None, directory: Path | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._translator: QTranslator | None = None
        self.language = ""

    def set_language(self, lang: str) -> bool:
        """Install `lang`'s translations; False (English source text shows) when missing."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator.deleteLater()
            self._translator = None
        self.language = lang
        translator = QTranslator(self)
        path = kiosk_qm_path(lang, self._directory)
        if not translator.load(str(path)):
            log.warning("kiosk translation %s is missing; run python -m desktop.i18n_build", path)
            return False
        app.installTranslator(translator)
        self._translator = translator
        return True

    def remove(self) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
