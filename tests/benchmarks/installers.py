"""Installer sizes and frozen vs venv start-up, written into docs/PERFORMANCE.md.

Run after packaging/test-packages (or packaging/linux/build-deb) has built the artefacts:
    PYTHONPATH=. python tests/benchmarks/installers.py [--write]
It installs the wheel into a fresh venv of the freezing interpreter, then times
`ugyfelkapu --smoke-test` (launch -> first screen drawn, offscreen) for the frozen bundle and
the venv, alternating, in the same run.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.packaging.artifacts import REPO, bundle, deb, install_wheel_in_fresh_venv
from tests.packaging.startup import compare_startup

SECTION = "## Installers"
MIB = 1024 * 1024


def deb_field(field: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb()), field], check=True, capture_output=True, text=True
    ).stdout.strip()


def report(rounds: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        venv = install_wheel_in_fresh_venv(Path(tmp))
        result = compare_startup(
            [str(bundle() / "ugyfelkapu"), "--smoke-test"],
            [str(venv.path / "bin" / "ugyfelkapu"), "--smoke-test"],
            home=str(Path(tmp) / "home"),
            rounds=rounds,
        )
    deb_mib = deb().stat().st_size / MIB
    installed_mib = int(deb_field("Installed-Size")) / 1024
    cpu = platform.processor() or platform.machine()
    today = datetime.now(UTC).date().isoformat()
    return f"""{SECTION}

Measured {today} on this project's build machine (2 cores, shared; {cpu}),
by `tests/benchmarks/installers.py` after `packaging/test-packages`. Start-up is launch to
first screen drawn (`ugyfelkapu --smoke-test`, offscreen), frozen bundle and venv alternating
in the same run, {rounds} rounds after one warm-up each; "best" is the fastest round (other
load on the machine only adds time). The ratio is the median over rounds of frozen ÷ venv
within the round (both ran back to back under the same load).

| what | measured | budget |
|---|---|---|
| `{deb().name}` | {deb_mib:.1f} MiB | ≤ 35 MiB |
| installed (Installed-Size) | {installed_mib:.1f} MiB | ≤ 120 MiB |
| frozen start, best / median | {result.frozen_best:.3f} s / {result.frozen_median:.3f} s | |
| venv start, best / median | {result.venv_best:.3f} s / {result.venv_median:.3f} s | |
| frozen ÷ venv (median of rounds) | {result.ratio:.2f} | ≤ 1.2 |
"""


def write_section(text: str) -> None:
    path = REPO / "docs" / "PERFORMANCE.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if SECTION in current:
        before, _, rest = current.partition(SECTION)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        updated = before + text + ("\n" + after if after else "")
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/PERFORMANCE.md")
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    text = report(args.rounds)
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
