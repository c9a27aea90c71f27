"""The screen reader's side: finds, presses and types through AT-SPI, and records what it hears.

Runs under the system Python (`/usr/bin/python3`), whose `gi` and Atspi typelib come from
Debian (python3-gi, gir1.2-atspi-2.0) and match the machine's AT-SPI libraries; the project's
virtual environment does not need PyGObject and its build dependencies. The test talks to this
process with one JSON object per line on stdin, and gets one per line on stdout:

    {"op": "press", "role": "push button", "name": "Tovább"}   ->   {"ok": true, ...}

Every answer carries the events heard since the previous answer, as a screen reader gets them:
focus moving to an object (its role, name and description), and a name or description change
of an object (with the new text).
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from typing import Any

import gi

# libatspi 2.46 marks the per-interface getters deprecated; they are what its typelib offers.
warnings.simplefilter("ignore", DeprecationWarning)

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

KEYSYMS = {
    "Tab": 0xFF09,
    "Return": 0xFF0D,
    "Escape": 0xFF1B,
    "F1": 0xFFBE,
    "BackSpace": 0xFF08,
    "End": 0xFF57,
    "space": 0x20,
}
SHIFT_TAB = 0xFE20  # ISO_Left_Tab

_events: list[dict[str, Any]] = []


def _describe(obj: Atspi.Accessible) -> dict[str, Any]:
    try:
        return {
            "role": obj.get_role_name(),
            "name": obj.get_name() or "",
            "description": obj.get_description() or "",
        }
    except GLib.GError:
        return {"role": "", "name": "", "description": ""}


def _on_event(event: Atspi.Event) -> None:
    kind = event.type
    if kind.startswith("object:state-changed:focused"):
        if event.detail1 != 1:
            return
        record = {"type": "focus", **_describe(event.source)}
    elif kind.startswith("object:property-change:accessible-"):
        record = {"type": kind.rsplit("-", 1)[-1], **_describe(event.source)}
        record["text"] = event.any_data if isinstance(event.any_data, str) else ""
    else:
        return
    record["time"] = time.monotonic()
    _events.append(record)


_listener = Atspi.EventListener.new(_on_event)
for _kind in (
    "object:state-changed:focused",
    "object:property-change:accessible-name",
    "object:property-change:accessible-description",
):
    _listener.register(_kind)


def _application(name: str) -> Atspi.Accessible | None:
    desktop = Atspi.get_desktop(0)
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is not None and (app.get_name() or "") == name:
            return app
    return None


def _walk(obj: Atspi.Accessible, depth: int = 0) -> Any:
    """Every showing object under `obj`, depth first (what a screen reader can reach)."""
    if depth > 40:
        return
    try:
        count = obj.get_child_count()
    except GLib.GError:
        return
    for index in range(count):
        try:
            child = obj.get_child_at_index(index)
        except GLib.GError:
            continue
        if child is None:
            continue
        states = child.get_state_set()
        if not states.contains(Atspi.StateType.SHOWING):
            continue
        yield child
        yield from _walk(child, depth + 1)


class Driver:
    def __init__(self) -> None:
        self.app_name = ""

    def _app(self) -> Atspi.Accessible:
        app = _application(self.app_name)
        if app is None:
            raise LookupError(f"no application {self.app_name!r} on the AT-SPI bus")
        return app

    def find(self, role: str, name: str, exact: bool = True) -> Atspi.Accessible:
        for obj in _walk(self._app()):
            found = _describe(obj)
            if found["role"] != role:
                continue
            if (found["name"] == name) if exact else (name in found["name"]):
                return obj
        raise LookupError(f"no showing {role} named {name!r}")

    # -- commands -------------------------------------------------------------------------
    def op_attach(self, app: str, timeout: float = 20.0) -> dict[str, Any]:
        self.app_name = app
        deadline = time.monotonic() + timeout
        while _application(app) is None:
            if time.monotonic() > deadline:
                names = [
                    Atspi.get_desktop(0).get_child_at_index(i).get_name()
                    for i in range(Atspi.get_desktop(0).get_child_count())
                ]
                raise LookupError(f"{app!r} did not appear; on the bus: {names}")
            time.sleep(0.1)
        return {}

    def op_find(self, role: str, name: str, exact: bool = True) -> dict[str, Any]:
        obj = self.find(role, name, exact)
        found = _describe(obj)
        states = obj.get_state_set()
        found["focused"] = states.contains(Atspi.StateType.FOCUSED)
        found["enabled"] = states.contains(Atspi.StateType.ENABLED)
        if "Text" in obj.get_interfaces():
            found["text"] = Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj))
        return found

    def op_press(self, role: str, name: str, exact: bool = True) -> dict[str, Any]:
        obj = self.find(role, name, exact)
        if "Action" not in obj.get_interfaces():
            raise LookupError(f"{role} {name!r} has no action")
        count = Atspi.Action.get_n_actions(obj)
        names = [Atspi.Action.get_action_name(obj, i) for i in range(count)]
        for wanted in ("Press", "press", "Toggle", "toggle", "click"):
            if wanted in names:
                Atspi.Action.do_action(obj, names.index(wanted))
                return {"action": wanted}
        raise LookupError(f"{role} {name!r} has actions {names}, none presses")

    def op_focus(self, role: str, name: str, exact: bool = True) -> dict[str, Any]:
        obj = self.find(role, name, exact)
        if "Component" not in obj.get_interfaces() or not Atspi.Component.grab_focus(obj):
            raise LookupError(f"{role} {name!r} took no focus")
        return {}

    def op_type(self, text: str) -> dict[str, Any]:
        # The real keyboard: X key events through XTest, one character after the other. A
        # character the keyboard map lacks (é, ü) is typed by remapping a spare key code;
        # the pauses let the app read one mapping before the next replaces it.
        for char in text:
            slow = not char.isascii()
            if slow:
                time.sleep(0.15)
            Atspi.generate_keyboard_event(0, char, Atspi.KeySynthType.STRING)
            time.sleep(0.15 if slow else 0.02)
        return {}

    def op_key(self, key: str) -> dict[str, Any]:
        keysym = SHIFT_TAB if key == "Shift+Tab" else KEYSYMS[key]
        Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
        return {}

    def op_focused(self) -> dict[str, Any]:
        for obj in _walk(self._app()):
            if obj.get_state_set().contains(Atspi.StateType.FOCUSED):
                return _describe(obj)
        return {"role": "", "name": "", "description": ""}

    def op_unnamed_focusable(self) -> dict[str, Any]:
        """Objects a person can Tab to (focusable, showing) that have no name."""
        unnamed = []
        for obj in _walk(self._app()):
            states = obj.get_state_set()
            if not states.contains(Atspi.StateType.FOCUSABLE):
                continue
            if not states.contains(Atspi.StateType.VISIBLE):
                continue
            found = _describe(obj)
            if not found["name"].strip():
                unnamed.append(found)
        return {"unnamed": unnamed}

    def op_events(self) -> dict[str, Any]:
        return {}


def _answer(driver: Driver, line: str) -> dict[str, Any]:
    request = json.loads(line)
    op = request.pop("op")
    try:
        result = getattr(driver, f"op_{op}")(**request)
        answer: dict[str, Any] = {"ok": True, **result}
    except Exception as error:  # any failure is the test's to report, never a silent hang
        answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    return answer


def main() -> int:
    driver = Driver()
    loop = GLib.MainLoop()

    def on_stdin(source: Any, _condition: Any) -> bool:
        line = sys.stdin.readline()
        if not line:
            loop.quit()
            return False
        answer = _answer(driver, line)
        # Let events already on the bus arrive before answering with them.
        context = loop.get_context()
        while context.pending():
            context.iteration(False)
        answer["events"] = list(_events)
        _events.clear()
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_stdin)
    print(json.dumps({"ok": True, "ready": True, "events": []}), flush=True)
    loop.run()
    _listener.deregister("object:state-changed:focused")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
