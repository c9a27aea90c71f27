"""The interface language: Qt Linguist translators, switched live.

Source strings in the code are English; `resources/translations/ugyfelkapu_<lang>.qm` (built
from the `.ts` files by `python -m desktop.i18n_build`) carries each language. Installing a
translator makes Qt send every widget a `LanguageChange` event; pages retranslate on it, so a
switch takes effect on the screen at once.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from desktop.resources import resources_dir

log = logging.getLogger(__name__)


class Language(enum.Enum):
    HU = "hu"
    EN = "en"

    @property
    def native_name(self) -> str:
        return "Magyar" if self is Language.HU else "English"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def qm_path(lang: Language) -> Path:
    return translations_dir() / f"ugyfelkapu_{lang.value}.qm"


class LanguageSwitcher(QObject):
    """Owns the installed translator; `set_language` swaps it and tells everyone."""

    changed = Signal(Language)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = Language.HU
        self._translator: QTranslator | None = None

    @property
    def language(self) -> Language:
        return self._language

    def set_language(self, lang: Language) -> None:
        """Install the translator for `lang`; widgets receive `LanguageChange` and redraw."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        translator: QTranslator | None = QTranslator(self)
        path = qm_path(lang)
        if translator is not None and not translator.load(str(path)):
            # The .qm files are built at setup; without them the English source text shows.
            log.warning("translation %s is missing; run python -m desktop.i18n_build", path.name)
            translator = None
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator.deleteLater()
        self._translator = translator
        if translator is not None:
            app.installTranslator(translator)
        self._language = lang
        QLocale.setDefault(
            QLocale(QLocale.Language.Hungarian if lang is Language.HU else QLocale.Language.English)
        )
        self.changed.emit(lang)


_switcher: LanguageSwitcher | None = None


def switcher() -> LanguageSwitcher:
    """The application's one language switcher (created on first use)."""
    global _switcher
    if _switcher is None:
        _switcher = LanguageSwitcher(QCoreApplication.instance())
    return _switcher


def current_language() -> Language:
    return switcher().language


def lang_code() -> str:
    """`hu` or `en`, as `desktop.messages.Message.in_language` takes it."""
    return current_language().value
