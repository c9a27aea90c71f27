"""`ugyfelkapu`: command line, translations, and the embedded default with no reader."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cardreader.errors import PcscUnavailableError
from desktop import app
from desktop.config import Config
from desktop.i18n_build import LANGUAGES, SOURCE_PACKAGES, _tool, ts_path, ts_status
from desktop.registry import RegistrationService
from desktop.wizard.engine import Step
from desktop.wizard.pages.start import StartPage
from desktop.wizard.window import WizardWindow

REPO = Path(__file__).resolve().parents[2]


def run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_version_prints_the_project_version(tmp_path: Path) -> None:
    result = run_app("--version", data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"ugyfelkapu {app.version()}"


def test_an_unknown_virtual_card_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    result = run_app("--virtual-card", "no-such-card", data_dir=tmp_path)
    assert result.returncode == 2
    assert "no-such-card" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_config_file_is_refused_in_both_languages_the_chosen_one_first(
    tmp_path: Path,
) -> None:
    result = run_app("--config", str(tmp_path / "nincs.toml"), "--lang", "en", data_dir=tmp_path)
    assert result.returncode == 2
    english, hungarian = result.stderr.splitlines()
    assert "The config file was not found" in english
    assert "A beállítófájl nem található" in hungarian
    assert "Traceback" not in result.stderr


@pytest.mark.gui
def test_with_no_pcsc_service_the_app_runs_on_the_virtual_card_and_says_so(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No PC/SC service can be guaranteed absent on a test machine: the probe says so instead.
    def no_service() -> list[str]:
        raise PcscUnavailableError("no service")

    monkeypatch.setattr("cardreader.pcsc.list_readers", no_service)
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, WizardWindow)]
        window = windows[0]
        frame = window.frame
        seen.setdefault("first status", frame.status_label.text())
        if not frame.virtual_notice.isVisible():  # PC/SC is asked in the background
            QTimer.singleShot(20, look_and_close)
            return
        seen["notice"] = frame.virtual_notice.text()
        seen["status"] = frame.status_label.text()
        seen["title"] = window.windowTitle()
        window.close()

    QTimer.singleShot(0, look_and_close)
    assert app.main(["--data-dir", str(tmp_path), "--lang", "en"]) == 0
    assert seen["first status"] in ("Looking for a card reader…", seen["status"])
    assert "card reader service is not running" in str(seen["notice"])
    assert "Virtual card in use" in str(seen["status"])
    assert "registration" in str(seen["title"])
    assert (tmp_path / "registry.sqlite3").exists()  # the embedded default, demo-seeded
    assert (tmp_path / "window.ini").exists()  # the size is remembered under the data dir


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_translation_files_are_complete(lang: str) -> None:
    status = ts_status(ts_path(lang))
    assert status.messages > 150
    assert status.unfinished == ()


def test_the_translation_files_hold_every_text_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for pkg in SOURCE_PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))]
    subprocess.run([_tool("lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)

    def texts(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()  # noqa: S314 - Qt's lupdate output and the project's .ts
        return {
            (ctx.findtext("name") or "", msg.findtext("source") or "")
            for ctx in root.iter("context")
            for msg in ctx.iter("message")
        }

    in_code = texts(fresh)
    for lang in LANGUAGES:
        assert in_code == texts(ts_path(lang)), (
            f"run python -m desktop.i18n_build --update ({lang})"
        )


def test_the_build_command_compiles_both_languages() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop.i18n_build"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for lang in LANGUAGES:
        assert ts_path(lang).with_suffix(".qm").stat().st_size > 1000


@pytest.mark.gui
def test_a_registry_that_cannot_be_opened_is_said_on_screen_and_nothing_starts(
    qapp: QApplication, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the data directory should be")
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, WizardWindow))
        frame = window.frame
        if not frame.problem_banner.isVisible():  # the registry opens in the background
            QTimer.singleShot(20, look_and_close)
            return
        seen["banner"] = frame.problem_banner.text()
        seen["start enabled"] = frame.page_of(Step.START, StartPage).isEnabled()
        window.close()

    QTimer.singleShot(0, look_and_close)
    assert app.main(["--data-dir", str(blocked), "--virtual-card", "kovacs-eva"]) == 0
    assert "nyilvántartás nem nyitható meg" in str(seen["banner"])
    assert seen["start enabled"] is False


def test_assemble_still_takes_a_card_choice_as_first_published(
    file_config: Config, registry: RegistrationService
) -> None:
    from desktop.app import CardChoice, assemble
    from desktop.wizard.card_source import VirtualCardSource
    from desktop.wizard.services import VirtualCardReason

    card = VirtualCardSource("kovacs-eva")
    services = assemble(file_config, registry, CardChoice(card, VirtualCardReason.REQUESTED))
    assert services.card is card
