"""The test's handle on the AT-SPI driver process (atspi_driver.py) and on Orca's log."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DRIVER = Path(__file__).with_name("atspi_driver.py")
SYSTEM_PYTHON = "/usr/bin/python3"

Event = dict[str, Any]


def system_python_has_atspi() -> bool:
    """Debian's python3-gi and gir1.2-atspi-2.0, which the driver runs on."""
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0')"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


class DriverError(AssertionError):
    pass


@dataclass
class ScreenReader:
    """Finds, presses and types as a screen reader user does; keeps every event it heard."""

    process: subprocess.Popen[str]
    heard: list[Event] = field(default_factory=list)

    @classmethod
    def start(cls, env: dict[str, str]) -> ScreenReader:
        process = subprocess.Popen(
            [SYSTEM_PYTHON, str(DRIVER)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        reader = cls(process)
        reader._read()
        return reader

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise DriverError(f"the AT-SPI driver stopped (exit code {self.process.poll()})")
        answer: dict[str, Any] = json.loads(line)
        self.heard.extend(answer.pop("events", []))
        return answer

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **args}, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        answer = self._read()
        if not answer.pop("ok"):
            raise DriverError(f"{op} {args}: {answer.get('error')}")
        return answer

    # -- what a person does -----------------------------------------------------------------
    def attach(self, app: str) -> None:
        self.call("attach", app=app)

    def find(self, role: str, name: str, *, exact: bool = True, timeout: float = 10) -> Event:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.call("find", role=role, name=name, exact=exact)
            except DriverError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def press(self, role: str, name: str, *, timeout: float = 30) -> None:
        self.wait_enabled(role, name, timeout=timeout)
        self.call("press", role=role, name=name)

    def wait_enabled(self, role: str, name: str, *, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.find(role, name, timeout=timeout).get("enabled"):
            if time.monotonic() > deadline:
                raise DriverError(f"{role} {name!r} stayed disabled")
            time.sleep(0.1)

    def focus(self, role: str, name: str, *, timeout: float = 10) -> None:
        """Move the focus there and wait until it is there: keys typed sooner go elsewhere."""
        self.find(role, name)
        self.call("focus", role=role, name=name)
        deadline = time.monotonic() + timeout
        while not self.find(role, name).get("focused"):
            if time.monotonic() > deadline:
                raise DriverError(f"{role} {name!r} did not take the focus")
            time.sleep(0.05)

    def type(self, text: str) -> None:
        self.call("type", text=text)

    def key(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.call("key", key=key)

    def unnamed_focusable(self) -> list[Event]:
        unnamed: list[Event] = self.call("unnamed_focusable")["unnamed"]
        return unnamed

    # -- what a person hears ----------------------------------------------------------------
    def mark(self) -> int:
        """A point in what was heard; `wait_for` looks only at what came after it."""
        self.call("events")
        return len(self.heard)

    def wait_for(
        self, match: Callable[[Event], bool], since: int, *, timeout: float = 15, what: str = ""
    ) -> Event:
        deadline = time.monotonic() + timeout
        while True:
            for event in self.heard[since:]:
                if match(event):
                    return event
            if time.monotonic() > deadline:
                tail = "\n".join(describe(e) for e in self.heard[since:][-15:])
                raise DriverError(f"not heard: {what}\nheard instead:\n{tail}")
            time.sleep(0.1)
            self.call("events")

    def last_focus(self) -> Event:
        self.call("events")
        focus = [e for e in self.heard if e["type"] == "focus"]
        assert focus, "no object ever had the focus"
        return focus[-1]


def describe(event: Event) -> str:
    text = f" -> {event['text']!r}" if "text" in event else ""
    return f"{event['type']}: {event['role']} {event['name']!r} ({event['description']!r}){text}"


def spoken(event: Event) -> str:
    """What a screen reader says for the event: the focused object, or the new text."""
    if event["type"] == "focus":
        return f"{event['name']} {event['description']}"
    return str(event.get("text", ""))


# The text is Python's repr of a string, followed by the voice's settings when there are any.
SPEECH_LINE = re.compile(r"SPEECH OUTPUT: '(.*)'\s*(?:\{.*\})?\s*$", re.MULTILINE)


def orca_speech(log: Path) -> list[str]:
    """What Orca said, in order: the `SPEECH OUTPUT:` lines of its debug log."""
    if not log.exists():
        return []
    return SPEECH_LINE.findall(log.read_text(encoding="utf-8", errors="replace"))
