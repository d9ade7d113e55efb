# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, configure, build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { echo "[tramontane] $*"; }
die() { echo "[tramontane] ERROR: $*" >&2; exit 1; }

APT_PACKAGES=(cmake g++ make ninja-build pkg-config ccache git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libsentencepiece-dev libsqlite3-dev nlohmann-json3-dev qtkeychain-qt6-dev)

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "packages: all present"
    return
  fi
  say "packages missing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to apt-get install ${missing[*]}"
    sudo=sudo
  fi
  say "apt-get update && apt-get install -y ${missing[*]}"
  $sudo apt-get update -q || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed"
}

# ccache: one cache for every build directory and clone (paths relative to the source tree).
ccache_env() {
  export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
  export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
}

# configure_and_build BUILD_DIR [cmake args...]
configure_and_build() {
  local dir=$1; shift
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  ccache_env
  say "configure: cmake -S $ROOT -B $dir -G Ninja $*"
  cmake -S "$ROOT" -B "$dir" -G Ninja "$@" || die "cmake configure failed"
  say "build: cmake --build $dir -j $jobs"
  cmake --build "$dir" -j "$jobs" || die "build failed"
}

# A pip that can download: the project's venv, else the system's (python3-pip installed if
# missing and we may). Prints the command, or nothing.
find_pip() {
  if [ -x "$ROOT/tools/.venv/bin/pip" ]; then echo "$ROOT/tools/.venv/bin/pip"; return; fi
  if python3 -m pip --version >/dev/null 2>&1; then echo "python3 -m pip"; return; fi
  local sudo=""
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo=sudo; } || return 0
  say "pip is missing: apt-get install -y python3-pip" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends python3-pip >&2 \
    && python3 -m pip --version >/dev/null 2>&1 && echo "python3 -m pip"
}
