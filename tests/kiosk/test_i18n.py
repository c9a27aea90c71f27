"""The kiosk's screens in Hungarian and English, through the application's translation files."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.i18n_build import ts_path, ts_status
from desktop.kiosk.done_screen import DoneScreen
from desktop.kiosk.idle import StillTherePrompt
from desktop.kiosk.keyboard import KeyKind, OnScreenKeyboard
from desktop.wizard.i18n import Language, switcher

REPO = Path(__file__).resolve().parents[2]
KIOSK_CONTEXTS = {
    "AttendantPanel",
    "DoneScreen",
    "KioskWindow",
    "MailQueueWords",
    "ManualEntryApproval",
    "OnScreenKeyboard",
    "PinPad",
    "StillTherePrompt",
}


def messages_by_context(path: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for context in ET.parse(path).iter("context"):  # noqa: S314 - the project's own .ts file
        name = context.findtext("name") or ""
        found[name] = {m.findtext("source") or "" for m in context.iter("message")}
    return found


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_the_translation_files_have_no_unfinished_entry(lang: str) -> None:
    assert ts_status(ts_path(lang)).unfinished == ()


def test_every_kiosk_text_in_the_code_is_in_both_translation_files(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "desktop" / "kiosk").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = messages_by_context(fresh)
    assert set(wanted) == KIOSK_CONTEXTS
    for lang in ("hu", "en"):
        have = messages_by_context(ts_path(lang))
        for context, sources_ in wanted.items():
            assert sources_ <= have.get(context, set()), (lang, context)


@pytest.fixture
def language(compiled_translations: None) -> Iterator[None]:
    yield
    switcher().set_language(Language.HU)


@pytest.mark.gui
def test_the_idle_prompt_asks_itt_van_meg_in_hungarian_and_switches_live(
    qtbot: QtBot, language: None
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    prompt = StillTherePrompt(window)
    switcher().set_language(Language.HU)
    prompt.start(20)
    assert prompt._title.text() == "Itt van még?"
    assert "20 másodperc" in prompt._text.text()
    assert prompt.yes_button.text() == "Igen, itt vagyok"
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: prompt._title.text() == "Are you still there?", timeout=1000)
    assert "20 seconds" in prompt._text.text()


@pytest.mark.gui
def test_keyboard_and_done_screen_speak_hungarian(qtbot: QtBot, language: None) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    switcher().set_language(Language.HU)
    keyboard = OnScreenKeyboard(window)
    done = DoneScreen(window)
    done.start(1)
    assert keyboard.special_button(KeyKind.SPACE).accessibleName() == "Szóköz"
    assert done.button.text() == "Befejezés"
    assert "személyi igazolványát" in done._card.text()
