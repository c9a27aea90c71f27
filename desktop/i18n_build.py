"""Build the interface translations: `.ts` (in git) -> `.qm` (built at setup, not in git).

    python -m desktop.i18n_build            compile every .ts to .qm; refuse unfinished entries
    python -m desktop.i18n_build --update   first re-scan the sources into the .ts files

Uses Qt's own `lupdate` and `lrelease` shipped in the PySide6 wheel, so nothing beyond the
Python dependencies is needed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from desktop.resources import resources_dir

LANGUAGES = ("hu", "en")
SOURCE_PACKAGES = ("desktop/wizard", "desktop/kiosk")


class I18nBuildError(Exception):
    """A tool is missing, failed, or a translation is unfinished."""


@dataclass(frozen=True)
class TsStatus:
    path: Path
    messages: int
    unfinished: tuple[str, ...]


def _tool(name: str) -> str:
    """Qt's `lupdate` / `lrelease` from the PySide6 wheel, else `pyside6-<name>` on PATH."""
    import PySide6

    bundled = Path(PySide6.__file__).parent / name
    if bundled.exists():
        return str(bundled)
    wrapper = shutil.which(f"pyside6-{name}")
    if wrapper:
        return wrapper
    raise I18nBuildError(f"Qt's {name} was not found (is PySide6-Essentials installed?)")


def ts_path(lang: str) -> Path:
    return resources_dir() / "translations" / f"ugyfelkapu_{lang}.ts"


def ts_status(path: Path) -> TsStatus:
    """Count the messages of a .ts file and name the ones without a finished translation."""
    # The project's own translation files, not input from outside.
    root = ET.parse(path).getroot()  # noqa: S314
    unfinished: list[str] = []
    count = 0
    for message in root.iter("message"):
        count += 1
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "obsolete"):
            if translation is not None and translation.get("type") == "obsolete":
                continue
            unfinished.append(source)
            continue
        has_text = bool((translation.text or "").strip()) or any(
            (n.text or "").strip() for n in translation.findall("numerusform")
        )
        if not has_text:
            unfinished.append(source)
    return TsStatus(path, count, tuple(unfinished))


def update_sources(repo: Path) -> None:
    """Re-scan the Qt code for tr() texts into every .ts file (keeps existing translations)."""
    sources = [str(p) for pkg in SOURCE_PACKAGES for p in sorted((repo / pkg).rglob("*.py"))]
    for lang in LANGUAGES:
        cmd = [
            _tool("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            lang,
            *sources,
            "-ts",
            str(ts_path(lang)),
        ]
        # Qt's own tool, an argument list and no shell: nothing from outside is run.
        subprocess.run(cmd, check=True, capture_output=True, text=True)  # noqa: S603


def compile_all() -> list[Path]:
    """lrelease every .ts into its .qm; refuse if any entry is unfinished."""
    built: list[Path] = []
    for lang in LANGUAGES:
        ts = ts_path(lang)
        if not ts.exists():
            raise I18nBuildError(f"{ts} is missing")
        status = ts_status(ts)
        if status.unfinished:
            listed = "; ".join(status.unfinished[:5])
            raise I18nBuildError(
                f"{ts.name}: {len(status.unfinished)} unfinished translation(s), e.g. {listed}"
            )
        qm = ts.with_suffix(".qm")
        result = subprocess.run(  # noqa: S603 - Qt's own tool, an argument list, no shell
            [_tool("lrelease"), str(ts), "-qm", str(qm)], capture_output=True, text=True
        )
        if result.returncode != 0 or not qm.exists():
            raise I18nBuildError(f"lrelease failed for {ts.name}: {result.stderr.strip()}")
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.i18n_build", description=__doc__)
    parser.add_argument(
        "--update", action="store_true", help="re-scan the sources into the .ts files first"
    )
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources(Path(__file__).resolve().parent.parent)
        for qm in compile_all():
            print(qm)
    except (I18nBuildError, subprocess.CalledProcessError, ET.ParseError) as exc:
        print(f"i18n_build: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
