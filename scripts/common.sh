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

# configure_and_build BUILD_DIR [cmake args...]
configure_and_build() {
  local dir=$1; shift
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
  say "configure: cmake -S $ROOT -B $dir -G Ninja $*"
  cmake -S "$ROOT" -B "$dir" -G Ninja "$@" || die "cmake configure failed"
  say "build: cmake --build $dir -j $jobs"
  cmake --build "$dir" -j "$jobs" || die "build failed"
}
