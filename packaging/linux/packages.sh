# The Debian packages the packaging needs on a Debian 12 build machine (sourced, not run).
# packaging/test-packages installs them all (as root); the build scripts check for theirs
# first and print the apt-get line when any is missing.
# shellcheck shell=bash

# The interpreter that is frozen, and what pyscard is built with.
FREEZE_PACKAGES=(python3 python3-venv python3-dev gcc libpcsclite-dev binutils)

# Building and checking the .deb: Depends from the ELF files, lintian, the desktop file and
# AppStream checks, man pages from --help.
DEB_TOOLS=(dpkg-dev fakeroot lintian desktop-file-utils appstream help2man)

# Libraries that the frozen bundle links from the system (Qt and its xcb, Wayland, EGL/GL
# platform plugins; Python's extension modules). dpkg-shlibdeps must find each one to compute
# Depends; packaging/linux/bundle_libraries.py fails the build when the bundle links a library
# whose package is not in these lists (a fresh machine would not have it).
BUNDLE_LIBRARIES=(
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libstdc++6 libzstd1
  libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0
  libxcb-xkb1 libwayland-client0 libwayland-cursor0 libwayland-egl1
)

# Testing the installers: a clean Debian root for the .deb, the Windows installer script.
PACKAGE_TEST_TOOLS=(debootstrap nsis p7zip-full)

# Prints the packages of "$@" that are not installed.
missing_debian_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$p"
  done
}

# Dies, naming the apt-get line to run, when any package of "$@" is missing.
require_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  printf 'error: missing Debian packages; as root, run:\n  apt-get install --no-install-recommends %s\n' \
    "${missing[*]}" >&2
  exit 1
}
