"""Check that every library the staged bundle links from the system comes from a Debian
package that the packaging lists install.

    python3 packaging/linux/bundle_libraries.py STAGED_LIBDIR PACKAGE...

PACKAGE... are the packages the packaging scripts install for the bundle
(`BUNDLE_LIBRARIES` in packaging/linux/packages.sh). A library the bundle needs but does not
carry must be found on this machine (or dpkg-shlibdeps cannot compute Depends), and the package
that provides it must be one of those packages, a package they depend on, or part of every
Debian system (Priority: required). Otherwise the build works here only because something
else happened to install the library, and fails on a fresh machine: this check fails first,
naming the package to add. Exit 0 when all is well, 1 with one line per problem otherwise.
Standard library only: it runs with the build machine's /usr/bin/python3.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

LISTS = "packaging/linux/packages.sh (BUNDLE_LIBRARIES)"


def elf_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    yield path


def needed(elf: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-d", str(elf)], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"\(NEEDED\).*\[(.*)\]", out)


def system_libraries() -> dict[str, str]:
    """soname -> path, for this machine's native architecture (ldconfig's cache)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    # ldconfig tags 64-bit x86 entries "x86-64"; on other machines the first entry is native.
    native = "x86-64" if os.uname().machine == "x86_64" else ""
    found: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        m = re.match(r"\s*(\S+) \((.*)\) => (\S+)", line)
        if m and native in m.group(2):
            found.setdefault(m.group(1), m.group(3))
    return found


def owning_package(path: str) -> str | None:
    """The installed package that ships `path` (either side of the /usr merge)."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for p in list(candidates):
        if p.startswith("/usr/lib/"):
            candidates.add(p[len("/usr") :])
        elif p.startswith("/lib/"):
            candidates.add("/usr" + p)
    for candidate in sorted(candidates):
        out = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout:
            return out.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def dependency_closure(packages: Iterable[str]) -> set[str]:
    """The packages plus everything they depend on (not recommends), by apt's metadata."""
    names = list(packages)
    out = subprocess.run(
        [
            "apt-cache",
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            *names,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    closure = {line.strip() for line in out.splitlines() if line and not line[0].isspace()}
    return {name.split(":", 1)[0] for name in closure} | set(names)


def required_packages() -> set[str]:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Priority}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split()[0] for line in out.splitlines() if line.endswith(" required")}


def problems(libdir: Path, listed: list[str]) -> list[str]:
    elves = list(elf_files(libdir))
    carried = {elf.name for elf in elves}
    wanted: dict[str, Path] = {}
    for elf in elves:
        for soname in needed(elf):
            if soname not in carried:
                wanted.setdefault(soname, elf)
    system = system_libraries()
    allowed = dependency_closure(listed) | required_packages()
    found: list[str] = []
    for soname, user in sorted(wanted.items()):
        where = user.relative_to(libdir)
        path = system.get(soname)
        if path is None:
            found.append(
                f"{soname} (linked by {where}) is neither in the bundle nor on this machine: "
                f"add the Debian package that provides it to {LISTS}"
            )
            continue
        package = owning_package(path)
        if package is None:
            found.append(f"{soname} ({path}) belongs to no Debian package")
        elif package not in allowed:
            found.append(
                f"{soname} (linked by {where}) comes from {package}, which {LISTS} does not "
                f"install: a fresh machine would not have it; add {package}"
            )
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    found = problems(Path(argv[0]), argv[1:])
    for line in found:
        print(f"bundle library: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
