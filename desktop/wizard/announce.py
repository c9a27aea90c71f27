"""How the wizard makes a screen reader speak: messages take the focus, fields describe changes.

Measured with Orca 43 over AT-SPI (see docs/ARCHITECTURE.md, "Accessibility"): an Alert event
on a label reaches no screen reader, Orca ignores text and name changes of labels that do not
have the focus, and Qt's announcement event has no listener in Orca 43. What every screen reader
does speak is (1) the object that receives the focus — its name, role and description — and
(2) a change of the name or description of the object that has the focus. So an outcome
(error, success, the card having been read) is a focusable message whose accessible name is the
whole text, and the focus moves to it, as accessible web forms move it to their error summary;
a change while the person types (a rule now met, a typing slip found) goes into the description
of the field being typed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QWidget


def make_message(label: QLabel) -> QLabel:
    """Let `label` take the focus (by program and by Tab while it is shown), to be spoken."""
    # Imported here: the first import of Qt's namespace costs ~15-25 ms (docs/PERFORMANCE.md).
    from PySide6.QtCore import Qt

    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def announce(label: QLabel, text: str, *, shown_as: str | None = None) -> None:
    """Show `text` in the message `label` and move the focus there, so that it is spoken.

    `shown_as` is what the screen shows when it differs from what is spoken (a warning sign).
    Nothing moves while the label is off screen (a page not shown says nothing).
    """
    label.setText(text if shown_as is None else shown_as)
    label.setAccessibleName(text)
    label.setVisible(bool(text))
    if text and label.isVisible():
        # Made focusable here rather than when built: Qt's enums cost the first screen
        # ~25 ms on first use (docs/PERFORMANCE.md), and the Start page has a message too.
        make_message(label)
        label.setFocus()


def describe_live(widget: QWidget, description: str) -> None:
    """Say `description` through `widget`'s description: spoken at once if it has the focus."""
    if widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)
