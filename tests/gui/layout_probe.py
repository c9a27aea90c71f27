"""Measure every screen in both languages: is everything a person needs on the screen?

    python -m tests.gui.layout_probe

Run by tests/gui/test_layout.py in a process of its own on a private Xvfb with no window
manager (the screen size, QT_SCALE_FACTOR and QT_FONT_DPI are the process's). Prints one
JSON object per screen: its name, the language, the screen and window geometry, and the
problems found (empty when the screen fits):
- the window is not inside the screen;
- the language switch, "?", Back, Cancel or Next (when the page has them), or the cancel
  question's buttons are not wholly on the screen;
- the page scrolls sideways;
- a field of the page cannot be brought wholly into view by scrolling the page;
- a message the page shows is not wholly in view as it appears.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.wizard.i18n import Language
from desktop.wizard.window import WizardWindow
from tests.gui.screen_tour import settle, tour

SLACK = 2


def on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    return widget.objectName() or widget.accessibleName() or type(widget).__name__


def measure(name: str, window: WizardWindow) -> dict[str, object]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    frame = window.frame
    page = frame.current_page
    screen = window.screen().geometry()
    problems: list[str] = []
    if not screen.contains(window.frameGeometry()):
        problems.append(f"window {window.frameGeometry().getRect()} outside the screen")

    fixed = [frame.language_combo, frame.help_button, frame.cancel_button, frame.back_button]
    fixed.append(frame.next_button)
    if page.shows_next() and not frame.next_button.isVisible():
        problems.append("Next is hidden")
    if frame.confirm_bar.isVisible():
        fixed += [frame.confirm_yes, frame.confirm_no]
    for widget in fixed:
        if widget.isVisible() and not screen.contains(on_screen(widget)):
            problems.append(f"{_name(widget)} {on_screen(widget).getRect()} is off the screen")

    scroll = frame.content_scroll
    if scroll.horizontalScrollBar().maximum() > 0:
        problems.append("the page scrolls sideways")
    viewport = on_screen(scroll.viewport()).intersected(screen)

    messages = [page.error_label, frame.problem_banner]
    for label in messages:
        if label.isVisible() and not viewport.contains(on_screen(label)):
            problems.append(f"message {on_screen(label).getRect()} not wholly in view")

    start = scroll.verticalScrollBar().value()
    fields = [
        w
        for w in page.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    content = scroll.widget()
    assert content is not None
    for field in fields:
        # The whole field, not only its text cursor (which `ensureWidgetVisible` would use).
        corner = field.mapTo(content, QPoint(0, 0))
        half_w, half_h = field.width() // 2, field.height() // 2
        scroll.ensureVisible(corner.x() + half_w, corner.y() + half_h, half_w, half_h)
        app.processEvents()
        # At a fractional scale (1.5) rounding may take a pixel or two off an edge.
        rect = on_screen(field).adjusted(0, 0, -SLACK, -SLACK)
        tall = rect.height() > viewport.height()  # a tall text box: its top must show
        seen = viewport.contains(rect) or (
            tall and viewport.contains(QRect(rect.topLeft(), QPoint(rect.right(), rect.top() + 20)))
        )
        if not seen:
            problems.append(
                f"field {_name(field)} {rect.getRect()} cannot be scrolled into view"
                f" {viewport.getRect()}"
            )
    scroll.verticalScrollBar().setValue(start)
    settle(app)
    return {
        "name": name,
        "screen": screen.getRect(),
        "window": window.frameGeometry().getRect(),
        "fields": len(fields),
        "problems": problems,
    }


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    app = QApplication(sys.argv[:1])
    for lang in Language:

        def at(name: str, window: WizardWindow, lang: Language = lang) -> None:
            print(json.dumps({"lang": lang.value, **measure(name, window)}), flush=True)

        tour(lang, at)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
