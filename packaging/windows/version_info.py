"""Write the Windows version resource for the frozen executables (PyInstaller `version=`).

Usage: python packaging/windows/version_info.py VERSION OUTPUT.txt   (prints the 4-number form)
The CI workflow passes the version from pyproject.toml. The file is the text form PyInstaller
reads (`VSVersionInfo(...)`); its classes import only on Windows, so the text is written here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NAME = "Ügyfélkapu-regisztráció"
COMPANY = "Ügyfélkapu eID desktop team"
HUNGARIAN_UNICODE = "040E04B0"


def version_quad(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows wants, from a PEP 440 version (pre-release tags dropped)."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    if release is None:
        raise ValueError(f"not a PEP 440 version: {version!r}")
    numbers = [int(n) for n in release.group(0).split(".")][:4]
    a, b, c, d = (*numbers, 0, 0, 0, 0)[:4]
    return (a, b, c, d)


def version_info_text(version: str) -> str:
    """The VSVersionInfo text for `version`."""
    quad = version_quad(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": NAME,
        "FileVersion": version,
        "ProductName": NAME,
        "ProductVersion": version,
        "LegalCopyright": "EUPL-1.2",
    }
    structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={quad}, prodvers={quad}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable({HUNGARIAN_UNICODE!r}, [
{structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x040E, 1200])])
  ]
)
"""


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    Path(sys.argv[2]).write_text(version_info_text(sys.argv[1]), encoding="utf-8")
    print(".".join(map(str, version_quad(sys.argv[1]))))
