"""The diagnostics screen: opened from Start, run off the GUI thread, said in both languages,
announced and focused, saved and copied with nothing personal in the report."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cardreader.doctor import (
    Diagnosis,
    Environment,
    ReaderReport,
    environment,
    find_problems,
    probe_card,
)
from cardreader.known_readers import match_reader
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import load_profile
from desktop.app import assemble
from desktop.config import Config
from desktop.registry import RegistrationService
from desktop.wizard.diagnostics import DiagnosticsScreen
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.start import StartPage
from tests.e2e.test_doctor_e2e import assert_nothing_personal
from tests.gui.conftest import close_frame, make_frame, virtual_card

pytestmark = pytest.mark.gui

ENV = Environment("0.1.0", "CPython 3.11", "Qt 6.11.3", "Debian GNU/Linux 12")


def with_problems(diagnosis: Diagnosis) -> Diagnosis:
    return dataclasses.replace(diagnosis, problems=find_problems(diagnosis))


def service_down() -> Diagnosis:
    return with_problems(Diagnosis(False, "pcsc-lite 1.9.9", ENV, service_detail="no service"))


def card_on_reader(profile: str = "kovacs-eva") -> Diagnosis:
    """A diagnosis whose card part comes from the real probe of a virtual chip in process."""
    transport = VirtualTransport(VirtualChip(load_profile(profile)))
    name = "Virtual PCD 00 00"
    report = ReaderReport(name, known=match_reader(name), card=probe_card(transport, transport.atr))
    return with_problems(Diagnosis(True, "pcsc-lite 1.9.9", environment(), (report,)))


@pytest.fixture
def open_diagnostics(
    qtbot: QtBot, file_config: Config, registry: RegistrationService, tmp_path: Path
) -> Iterator[Callable[[Callable[[], Diagnosis]], tuple[WizardFrame, DiagnosticsScreen]]]:
    frames: list[WizardFrame] = []

    def build(diagnose: Callable[[], Diagnosis]) -> tuple[WizardFrame, DiagnosticsScreen]:
        services = dataclasses.replace(
            assemble(file_config, registry, virtual_card()), diagnose=diagnose
        )
        frame = make_frame(qtbot, services)
        frame.diagnostics_report_dir = lambda: tmp_path / "reports"
        frames.append(frame)
        frame.page_of(Step.START, StartPage).diagnostics_button.click()
        screen = frame.diagnostics
        assert screen is not None
        assert screen.isVisible()
        qtbot.waitUntil(lambda: screen.diagnosis is not None, timeout=10_000)
        return frame, screen

    yield build
    for frame in frames:
        close_frame(frame)


def test_start_opens_the_diagnostics_which_run_off_the_gui_thread_and_say_what_to_do(
    qtbot: QtBot,
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]],
) -> None:
    threads: list[threading.Thread] = []

    def diagnose() -> Diagnosis:
        threads.append(threading.current_thread())
        return service_down()

    frame, screen = open_diagnostics(diagnose)
    assert threads
    assert threads[0] is not threading.main_thread()
    assert screen.geometry() == frame.rect()
    assert screen.summary.text().startswith("⚠ A PC/SC szolgáltatás (a kártyaolvasók kezelője)")
    assert "PC/SC szolgáltatás: nem fut (pcsc-lite 1.9.9)" in screen.report_view.toPlainText()
    # The outcome takes the focus, so a screen reader speaks it (desktop.wizard.announce).
    assert QApplication.focusWidget() is screen.summary
    assert screen.summary.accessibleName() == screen.summary.text()
    assert screen.report_view.accessibleDescription() == screen.summary.text()
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: screen.title.text() == "Diagnostics")
    assert screen.summary.text().startswith("⚠ The PC/SC service (which runs the card readers)")
    assert "PC/SC service: not running" in screen.report_view.toPlainText()
    assert screen.title.text() == "Diagnostics"


@pytest.mark.parametrize("language", list(Language))
def test_every_control_of_the_diagnostics_has_an_accessible_name_and_description(
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]], language: Language
) -> None:
    frame, screen = open_diagnostics(card_on_reader)
    switcher().set_language(language)
    QApplication.processEvents()  # deliver LanguageChange
    for button in screen.findChildren(QPushButton):
        assert button.accessibleName(), button.objectName()
        assert button.accessibleDescription(), button.objectName()
    assert screen.report_view.accessibleName()
    start = frame.page_of(Step.START, StartPage).diagnostics_button
    assert start.accessibleName()
    assert start.accessibleDescription()


def test_save_writes_both_languages_and_copy_puts_the_same_report_on_the_clipboard(
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]], tmp_path: Path
) -> None:
    _frame, screen = open_diagnostics(card_on_reader)
    assert screen.summary.text().startswith("✔ Nem találtunk hibát")
    screen.save_button.click()
    saved = screen.saved_path
    assert saved is not None
    assert saved.parent == tmp_path / "reports"
    text = saved.read_text(encoding="utf-8")
    assert "Kártya: elektronikus igazolvány (eMRTD), PACE-szel" in text
    assert "Card: electronic ID document (eMRTD) with PACE" in text
    assert str(saved) in screen.notice.text()
    screen.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert "vágólapon" in screen.notice.text()
    QGuiApplication.clipboard().clear()


@pytest.mark.parametrize("profile", ["kovacs-eva", "farkas-bence-passport", "qa-no-chip"])
def test_the_saved_report_holds_no_personal_datum_of_the_card(
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]], profile: str
) -> None:
    _frame, screen = open_diagnostics(lambda: card_on_reader(profile))
    saved = screen.save_report()
    assert saved is not None
    assert_nothing_personal(saved.read_text(encoding="utf-8"), profile)
    assert_nothing_personal(screen.report_view.toPlainText() + screen.summary.text(), profile)


def test_a_save_that_cannot_be_written_says_so_and_keeps_the_report(
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]], tmp_path: Path
) -> None:
    _frame, screen = open_diagnostics(service_down)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    screen._report_dir = lambda: blocker / "reports"
    assert screen.save_report() is None
    assert screen.notice.text().startswith("A jelentést nem sikerült menteni")
    assert screen.report_view.toPlainText()


def test_back_closes_the_diagnostics_and_a_wipe_forgets_them(
    open_diagnostics: Callable[..., tuple[WizardFrame, DiagnosticsScreen]],
) -> None:
    frame, screen = open_diagnostics(service_down)
    screen.back_button.click()
    assert not screen.isVisible()
    assert QApplication.focusWidget() is frame.page_of(Step.START, StartPage).register_button
    frame.open_diagnostics()
    assert screen.isVisible()
    frame.wipe_session()
    assert not screen.isVisible()
    assert screen.diagnosis is None
    assert screen.report_view.toPlainText() == ""
