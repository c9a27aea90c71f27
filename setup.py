"""Build configuration that pyproject.toml cannot express: shipping `resources/` in the wheel.

The repository keeps its resources in the top-level `resources/` directory; installed, they
live in site-packages as the data-only directory `ugyfelkapu_resources/`, where
`cardreader.resources` and `desktop.resources` look for them. Compiled translations (.qm) are
built files, so a build without them is refused rather than shipping an untranslated app.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCES = "resources"
RESOURCES_PACKAGE = "ugyfelkapu_resources"


class BuildPyCheckingTranslations(build_py):
    """build_py that stops when a translation source has no up-to-date compiled .qm."""

    def run(self) -> None:
        # An editable install reads resources/ in place; ./dev compiles translations after it.
        if getattr(self, "editable_mode", False):
            super().run()
            return
        stale = [
            ts.name
            for ts in sorted((HERE / RESOURCES / "translations").glob("*.ts"))
            if not ts.with_suffix(".qm").exists()
            or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
        ]
        if stale:
            raise SystemExit(
                "translations not compiled (" + ", ".join(stale) + "): "
                "run `python -m desktop.i18n_build` before building"
            )
        super().run()


setup(
    packages=[
        *find_packages(include=["cardreader", "cardreader.*", "desktop", "desktop.*"]),
        RESOURCES_PACKAGE,
    ],
    package_dir={RESOURCES_PACKAGE: RESOURCES},
    package_data={RESOURCES_PACKAGE: ["**/*"]},
    cmdclass={"build_py": BuildPyCheckingTranslations},
)
