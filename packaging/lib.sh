# Shared by the packaging scripts (sourced, not run). Paths, the freezing toolchain, version.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=${UGYFELKAPU_DIST:-$ROOT/dist}
BUILD=${UGYFELKAPU_BUILD:-$ROOT/build/packaging}
# Kept between runs (CI reruns on the same machine are then fast): the toolchain venv, the
# clean Debian root and downloaded Debian packages.
CACHE=${UGYFELKAPU_PACKAGING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ugyfelkapu-packaging}
# The interpreter that is frozen. Its libpython must carry no RUNPATH of the build machine
# (a pyenv build does: /root/.pyenv/versions/X/lib), or the bundle would look there first.
FREEZE_PYTHON=${UGYFELKAPU_FREEZE_PYTHON:-/usr/bin/python3}
TOOLCHAIN=$CACHE/toolchain-$(basename "$FREEZE_PYTHON")
TOOL_PY=$TOOLCHAIN/bin/python
APP_ID=hu.ugyfelkapu_eid.ugyfelkapu
# shellcheck source=packaging/linux/packages.sh
source "$ROOT/packaging/linux/packages.sh"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a chatty tool with its output in a log that is shown only when it fails.
quietly() {
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; die "failed: $*"
  fi
  rm -f "$log"
}

# The version, from the one place it is written.
project_version() {
  "$FREEZE_PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$ROOT/pyproject.toml"
}

# The wheel built from this tree for the current version (dies when there is none).
built_wheel() {
  local v; v=$(project_version)
  local whl="$DIST/ugyfelkapu_eid-$v-py3-none-any.whl"
  [ -f "$whl" ] || die "no wheel $whl: run packaging/build-wheel first"
  printf '%s\n' "$whl"
}

check_no_build_runpath() {
  local lib
  lib=$("$FREEZE_PYTHON" - <<'PY'
import os, sysconfig
name = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY")
for d in (sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LIBPL")):
    if d and os.path.exists(os.path.join(d, name)):
        print(os.path.join(d, name)); break
PY
)
  [ -n "$lib" ] || die "$FREEZE_PYTHON has no shared libpython: PyInstaller needs one"
  if readelf -d "$lib" | grep -Eq '\((RUNPATH|RPATH)\)'; then
    die "$lib has a RUNPATH/RPATH ($(readelf -d "$lib" | grep -E 'RUNPATH|RPATH' | sed 's/.*\[//; s/\]//')): freeze with Debian's /usr/bin/python3 (UGYFELKAPU_FREEZE_PYTHON)"
  fi
}

# A venv of FREEZE_PYTHON with PyInstaller, build and the application's dependencies.
ensure_toolchain() {
  require_debian_packages "${FREEZE_PACKAGES[@]}"
  check_no_build_runpath
  local stamp=$TOOLCHAIN/.stamp want
  want=$(cat "$ROOT/packaging/requirements-build.txt" "$ROOT/pyproject.toml" "$ROOT/packaging/lib.sh" | sha256sum | cut -c1-16)
  if [ -x "$TOOL_PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  say "preparing the freezing toolchain in $TOOLCHAIN"
  rm -rf "$TOOLCHAIN"
  "$FREEZE_PYTHON" -m venv "$TOOLCHAIN"
  local deps
  mapfile -t deps < <("$TOOL_PY" -c 'import sys, tomllib; print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' "$ROOT/pyproject.toml")
  # No wheel cache: a wheel built earlier from an sdist by another interpreter (pyscard by
  # pyenv's, say) would bring that interpreter's RUNPATH into the bundle.
  quietly "$TOOL_PY" -m pip install --no-cache-dir -r "$ROOT/packaging/requirements-build.txt" "${deps[@]}"
  echo "$want" >"$stamp"
}

compile_translations() {
  if [ -f "$ROOT/desktop/i18n_build.py" ]; then
    say "compiling translations"
    (cd "$ROOT" && PYTHONPATH=$ROOT "$TOOL_PY" -m desktop.i18n_build)
  fi
}

# Fail when a binary of the bundle searches an absolute directory of the build machine.
check_bundle_runpaths() {
  local bundle=$1 bad=0 f paths
  while IFS= read -r -d '' f; do
    head -c4 "$f" | grep -q ELF || continue
    paths=$(readelf -d "$f" 2>/dev/null | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
    [ -n "$paths" ] || continue
    if tr ':' '\n' <<<"$paths" | grep -qv '^\$ORIGIN'; then
      printf 'build-machine library path %s in %s\n' "$paths" "${f#"$bundle"/}" >&2
      bad=1
    fi
  done < <(find "$bundle" -type f -name '*.so*' -print0)
  [ $bad -eq 0 ] || die "the bundle would search the build machine's directories (see above)"
}
