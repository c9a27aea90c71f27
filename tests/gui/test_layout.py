"""Every screen fits a 1024x600 screen and a 1280x800 screen at 150 %, in both languages.

Each case runs the whole flow (tests/gui/screen_tour.py) in a process of its own on a private
Xvfb of that size with no window manager, so nothing moves or shrinks the window but the app
itself; tests/gui/layout_probe.py measures each screen as it appears.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.wizard.i18n import Language
from tests.gui.xvfb import Xvfb

pytestmark = [pytest.mark.gui, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SCREENS = 15  # what tests/gui/screen_tour.py visits in each language (the copied chip last)

CASES = {
    "1024x600": ((1024, 600), {}),
    "1280x800 at QT_SCALE_FACTOR=1.5": ((1280, 800), {"QT_SCALE_FACTOR": "1.5"}),
    "1280x800 at QT_FONT_DPI=144": ((1280, 800), {"QT_FONT_DPI": "144"}),
}


def measured(size: tuple[int, int], env: dict[str, str]) -> list[dict[str, Any]]:
    server = Xvfb(size)
    try:
        scrubbed = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_SCALE_FACTOR", "QT_FONT_DPI", "QT_SCREEN_SCALE_FACTORS")
        }
        result = subprocess.run(
            [sys.executable, "-m", "tests.gui.layout_probe"],
            cwd=REPO,
            env={**scrubbed, **env, "DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb"},
            capture_output=True,
            text=True,
            timeout=110,
        )
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def screens(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    size, env = CASES[request.param]
    return request.param, measured(size, env)


def test_every_screen_in_both_languages_was_measured(
    screens: tuple[str, list[dict[str, Any]]],
) -> None:
    _case, found = screens
    for lang in Language:
        names = [s["name"] for s in found if s["lang"] == lang.value]
        assert len(names) == SCREENS, names
        assert "card-wrong-can" in names
        assert "cancel-confirm" in names


def test_navigation_language_help_and_fields_are_on_the_screen(
    screens: tuple[str, list[dict[str, Any]]],
) -> None:
    case, found = screens
    problems = {f"{s['lang']}/{s['name']}": s["problems"] for s in found if s["problems"]}
    assert problems == {}, case


def test_the_window_takes_the_screen_it_is_given_and_no_more(
    screens: tuple[str, list[dict[str, Any]]],
) -> None:
    case, found = screens
    for screen in found:
        _sx, _sy, sw, sh = screen["screen"]
        x, y, w, h = screen["window"]
        assert x >= 0, (case, screen)
        assert y >= 0, (case, screen)
        assert x + w <= sw, (case, screen)
        assert y + h <= sh, (case, screen)
    if case.startswith("1280x800 at"):
        # 150 % of 1280x800 is a 853x533 logical screen: smaller than the old fixed minimum.
        assert found[0]["screen"] == [0, 0, 853, 533]


def test_fields_are_counted_so_an_empty_page_would_not_pass(
    screens: tuple[str, list[dict[str, Any]]],
) -> None:
    _case, found = screens
    by_name = {s["name"]: s for s in found if s["lang"] == "hu"}
    assert by_name["card-empty"]["fields"] >= 4  # CAN, Read card, document ID, code...
    assert by_name["sign-in"]["fields"] >= 4  # username, password, code, Sign in
