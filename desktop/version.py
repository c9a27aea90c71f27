"""The application's version, from the one place it is written: pyproject.toml.

An installed wheel and the frozen bundle carry the distribution's metadata, so
`importlib.metadata` answers; a source checkout run with PYTHONPATH has no metadata, so the
version is read from the pyproject.toml beside the packages.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "ugyfelkapu-eid"
UNKNOWN = "0+unknown"


def version() -> str:
    """Return the version of the running application (PEP 440 string)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _version_from_pyproject(Path(__file__).resolve().parent.parent / "pyproject.toml")


def _version_from_pyproject(path: Path) -> str:
    # A damaged or missing pyproject must not stop `--version` (or the app) from running.
    try:
        with path.open("rb") as f:
            project = tomllib.load(f).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return UNKNOWN
    value = project.get("version") if isinstance(project, dict) else None
    return value if isinstance(value, str) and value else UNKNOWN
