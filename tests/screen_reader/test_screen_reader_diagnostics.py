"""The diagnostics as a blind person meets them: Orca hears the outcome, then what Save did.

The app runs as itself on a private desktop with AT-SPI and Orca (see
test_screen_reader_flow.py). What the doctor finds depends on the machine (this one may have no
PC/SC service at all), so the test takes the outcome from the event that carries it: a focus
moving to a named message that begins with the warning or the tick sign, as the screen shows it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.screen_reader.conftest import Orca, RunningApp, start_app
from tests.screen_reader.desktop_session import DesktopSession
from tests.screen_reader.screen_reader import ScreenReader, spoken
from tests.screen_reader.test_screen_reader_flow import BUTTON, LISTEN_SECONDS, Texts

pytestmark = [pytest.mark.gui, pytest.mark.screen_reader, pytest.mark.slow]


@pytest.mark.timeout(240)
def test_a_screen_reader_hears_the_diagnosis_and_where_the_report_was_saved(
    desktop: DesktopSession,
    orca: Orca,
    reader: ScreenReader,
    stop_later: list[RunningApp],
    tmp_path: Path,
) -> None:
    t = Texts("hu")
    stop_later.append(start_app(desktop, tmp_path / "data", "hu"))
    reader.attach("ugyfelkapu")
    register = t("StartPage", "Registration with the electronic identity card")
    reader.find(BUTTON, register, timeout=30)

    since = reader.mark()
    reader.press(BUTTON, t("StartPage", "Diagnostics"))
    outcome = reader.wait_for(
        lambda e: e["type"] == "focus" and e["name"].startswith(("⚠ ", "✔ ")),
        since,
        what="the diagnosis",
        timeout=60,
    )
    heard = [spoken(outcome).strip()]
    assert len(heard[0]) > 20, heard
    time.sleep(LISTEN_SECONDS)
    assert reader.unnamed_focusable() == []

    saved = t("DiagnosticsScreen", "Report saved: %1").split("%1")[0]
    since = reader.mark()
    reader.press(BUTTON, t("DiagnosticsScreen", "Save report"))
    notice = reader.wait_for(
        lambda e: e["type"] == "focus" and spoken(e).startswith(saved), since, what=saved
    )
    heard.append(saved.strip())
    assert notice["name"].endswith(".txt")
    time.sleep(LISTEN_SECONDS)

    since = reader.mark()
    reader.press(BUTTON, t("DiagnosticsScreen", "Back"))
    reader.wait_for(
        lambda e: e["type"] == "focus" and e["name"] == register, since, what="back on Start"
    )

    said = "\n".join(orca.speech())
    (tmp_path / "orca-speech-diagnostics.txt").write_text(said, encoding="utf-8")
    # Orca speaks the sign by its name; the words after it are what matter.
    unspoken = [text for text in heard if text.lstrip("⚠✔ ")[:60] not in said]
    assert unspoken == [], f"Orca did not say: {unspoken}"
