"""Where the shipped resources (virtual-card profiles, test CSCA, translations, images) are.

Three layouts, tried in this order after the UGYFELKAPU_RESOURCES override:
- a frozen bundle (PyInstaller) carries them as `resources/` in its data directory;
- an installed wheel carries them as the data-only directory `ugyfelkapu_resources/` beside
  the packages in site-packages;
- a source checkout (and an editable install) has them in `resources/` beside the packages.
`cardreader` and `desktop` each keep a copy of this locator because `cardreader` may not
import `desktop` (and the registry may not import `cardreader`); a test keeps them in step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_OVERRIDE = "UGYFELKAPU_RESOURCES"
WHEEL_DIR_NAME = "ugyfelkapu_resources"


def resources_dir() -> Path:
    """Return the directory holding the shipped resources for the running layout."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    packages_root = Path(__file__).resolve().parent.parent
    installed = packages_root / WHEEL_DIR_NAME
    if installed.is_dir():
        return installed
    return packages_root / "resources"
