"""Benchmark: how long the kiosk's wipe takes, and whether memory grows session after session.

    PYTHONPATH=. python tests/benchmarks/bench_kiosk_sessions.py [--sessions 30]

Each session goes through the real wizard as far as the username (virtual card read, registry
check on a temporary SQLite file), then ends the way an idle kiosk ends it. Prints a Markdown
table for docs/PERFORMANCE.md: the wipe's wall time (median, max) and the resident memory after
the first session and after the last. Offscreen Qt; not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app import assemble
    from desktop.config import Config, KioskConfig
    from desktop.i18n_build import compile_all
    from desktop.kiosk.launch import build_kiosk
    from desktop.kiosk.session import WizardKioskSession
    from desktop.kiosk.shell import SessionEnd
    from desktop.registry import open_service, seed_demo
    from desktop.registry.passwords import FAST_FOR_TESTS
    from desktop.wizard.card_source import VirtualCardSource
    from desktop.wizard.engine import Step
    from desktop.wizard.pages.username import UsernamePage
    from desktop.wizard.services import VirtualCardReason
    from tests.gui.driver import Clock, EventLoopWaiter, Person

    compile_all()
    app = QApplication(sys.argv[:1])
    wipes: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(data_dir=Path(tmp) / "data")
        clock = Clock()
        registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
        seed_demo(registry)
        card = VirtualCardSource("kovacs-eva", VirtualCardReason.REQUESTED)
        window = build_kiosk(
            assemble(config, registry, card, kiosk=True), KioskConfig(idle_seconds=3600)
        )
        session = window.session
        assert isinstance(session, WizardKioskSession)
        person = Person(EventLoopWaiter(), session.frame, clock)
        window.resize(1280, 800)
        window.start(full_screen=False)
        first_rss = 0.0
        for i in range(args.sessions):
            person.start_registration()
            person.identify()
            person.next(Step.USERNAME)
            session.frame.page_of(Step.USERNAME, UsernamePage).edit.setText("Tulipánfa")
            started = time.perf_counter()
            window.end_session(SessionEnd.IDLE)
            wipes.append((time.perf_counter() - started) * 1000)
            if i == 0:
                first_rss = rss_mib()
        last_rss = rss_mib()
        window.shutdown()
        session.frame.tasks.cancel_all()
        session.frame.tasks.wait(10_000)
        registry.close()
    app.quit()
    print(
        "| Sessions | Wipe ms (median) | Wipe ms (max) "
        "| RSS after 1st (MiB) | RSS after last (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {args.sessions} | {statistics.median(wipes):.1f} | {max(wipes):.1f} | "
        f"{first_rss:.0f} | {last_rss:.0f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
