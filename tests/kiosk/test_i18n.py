"""The kiosk's screens in Hungarian and English, from complete translation files."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.kiosk.done_screen import DoneScreen
from desktop.kiosk.i18n import KioskTranslator
from desktop.kiosk.idle import StillTherePrompt
from desktop.kiosk.keyboard import KeyKind, OnScreenKeyboard

REPO = Path(__file__).resolve().parents[2]
TS_DIR = REPO / "resources" / "translations"


def lrelease() -> str:
    tool = Path(sys.executable).parent / "pyside6-lrelease"
    if not tool.exists():
        pytest.skip("pyside6-lrelease is not installed beside this Python")
    return str(tool)


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    for lang in ("hu", "en"):
        subprocess.run(
            [lrelease(), str(TS_DIR / f"kiosk_{lang}.ts"), "-qm", str(out / f"kiosk_{lang}.qm")],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return out


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_the_translation_files_are_complete(lang: str) -> None:
    tree = ET.parse(TS_DIR / f"kiosk_{lang}.ts")
    messages = list(tree.iter("message"))
    assert len(messages) > 30
    for message in messages:
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete")
        texts = [translation.text or ""] + [f.text or "" for f in translation.iter("numerusform")]
        assert any(t.strip() for t in texts), message.findtext("source")


def test_every_kiosk_text_in_the_code_is_in_the_translation_files(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "desktop" / "kiosk").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {m.findtext("source") for m in ET.parse(fresh).iter("message")}
    have = {m.findtext("source") for m in ET.parse(TS_DIR / "kiosk_hu.ts").iter("message")}
    assert wanted - have == set()


@pytest.mark.gui
def test_the_idle_prompt_asks_itt_van_meg_in_hungarian_and_switches_live(
    qtbot: QtBot, qm_dir: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    prompt = StillTherePrompt(window)
    translator = KioskTranslator(directory=qm_dir)
    try:
        assert translator.set_language("hu")
        prompt.start(20)
        assert prompt._title.text() == "Itt van még?"
        assert "20 másodperc" in prompt._text.text()
        assert prompt.yes_button.text() == "Igen, itt vagyok"
        assert translator.set_language("en")
        qtbot.waitUntil(lambda: prompt._title.text() == "Are you still there?", timeout=1000)
        assert "20 seconds" in prompt._text.text()
    finally:
        translator.remove()


@pytest.mark.gui
def test_keyboard_and_done_screen_speak_hungarian(qtbot: QtBot, qm_dir: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    translator = KioskTranslator(directory=qm_dir)
    try:
        translator.set_language("hu")
        keyboard = OnScreenKeyboard(window)
        done = DoneScreen(window)
        done.start(1)
        assert keyboard.special_button(KeyKind.SPACE).accessibleName() == "Szóköz"
        assert done.button.text() == "Befejezés"
        assert "személyi igazolványát" in done._card.text()
    finally:
        translator.remove()


def test_a_missing_translation_leaves_the_english_text(qtbot: QtBot, tmp_path: Path) -> None:
    translator = KioskTranslator(directory=tmp_path)
    assert not translator.set_language("hu")
