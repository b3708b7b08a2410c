#!/usr/bin/env bash
# Installs every Debian package Olis needs to build, test and run its GUI: Debian 12 (bookworm) and
# Debian 13 (trixie) from one list; the few names that differ are picked by release.
# Idempotent: packages already present are skipped; safe to run repeatedly.
set -euo pipefail

codename=""
if [ -r /etc/os-release ]; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
fi
case "$codename" in
  bookworm)
    CLANG_RT=libclang-rt-14-dev        # bookworm's clang is 14
    QT_OPENGL_DEV=libqt6opengl6-dev    # a separate package up to Qt 6.4
    ;;
  *)
    if [ "$codename" != trixie ]; then
      echo "install-deps: Debian 12 (bookworm) and 13 (trixie) are tested; trying the trixie names on '${codename:-unknown}'" >&2
    fi
    CLANG_RT=libclang-rt-dev           # the default clang's runtime (19 on trixie)
    QT_OPENGL_DEV=""                   # part of qt6-base-dev since Qt 6.5
    ;;
esac

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ccache
  clang "$CLANG_RT"                   # libFuzzer targets + sanitizers
  # core
  libtorch-dev
  libopenblas0-pthread                # reference BLAS makes torch matmuls ~25x slower
  libopencv-dev                       # OpenCVConfig.cmake lives here; only core and imgproc are linked
  libstb-dev libexif-dev libpng-dev   # image decoding (stb_image), EXIF orientation, PNG writing
  libyaml-cpp-dev nlohmann-json3-dev libexpected-dev libcli11-dev
  libspdlog-dev libfmt-dev
  libicu-dev                          # Unicode classes / NFC / case mapping for the CLIP tokenizer
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # ui
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev $QT_OPENGL_DEV libqt6openglwidgets6 qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libgl-dev
  # running the GUI headless and taking screenshots
  xvfb xauth x11-apps imagemagick fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Make OpenBLAS the BLAS that libtorch's libblas.so.3 resolves to.
if command -v update-alternatives >/dev/null; then
  for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
    best=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n1 || true)
    if [ -n "$best" ]; then
      ${SUDO:-} update-alternatives --set "$alt" "$best" >/dev/null 2>&1 || true
    fi
  done
fi
