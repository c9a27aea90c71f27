"""Where the shipped resources (virtual-card profiles, test CSCA) are.

In a checkout and an editable install they are in `resources/` beside the packages; a frozen
or packaged build sets UGYFELKAPU_RESOURCES to its copy.
"""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("UGYFELKAPU_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"
